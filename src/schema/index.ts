/**
 * @module schema
 * Input and output schemas of a rule set as valibot schemas (used to validate every
 * evaluation) and JSON Schema (via @valibot/to-json-schema, for other systems and OpenAPI).
 * Only the inputs an evaluation needs are required; every value is checked against its type,
 * enum members and declared range; unknown fields are rejected so a typo never goes unseen.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import type { Locale } from '../diagnostics.ts';
import { Accepts, M, oneOf, type Message, type Text2 } from '../messages.ts';
import { clip, preview } from '../preview.ts';
import { fenToYuan, hasRatePlaces, isIsoDate, RATE_PLACES, yuanToFen } from '../runtime.ts';
import { suggest } from '../suggest.ts';
import { maxChars, TEXT_MAX_CHARS } from './chars.ts';

/** What an input or output looks like, independent of the compiler's internals. */
export type FieldType =
  | { k: 'money'; min?: number; max?: number; allowed?: readonly number[] }
  | { k: 'integer' | 'decimal'; unit?: string; unitLabel?: string; min?: number; max?: number; allowed?: readonly number[] }
  | { k: 'bool' | 'date' | 'text' }
  | { k: 'enum'; name: string; members: readonly string[]; labels: Readonly<Record<string, string>>; allowed?: readonly string[] }
  /** `maxItems`: an input's (declared, or {@link DEFAULT_MAX_ITEMS}); an output has none. */
  | { k: 'list'; of: FieldType; maxItems?: number };

export interface Field {
  readonly name: string;
  readonly label?: string;
  readonly note?: string;
  readonly type: FieldType;
}

/**
 * A field as the API shows it: money bounds and allowed amounts in yuan, like money values
 * everywhere in JSON (the compiler keeps them in fen).
 * @example fieldJson({ name: 'pay', type: { k: 'money', max: 900000 } }).type // { k: 'money', max: 9000 }
 */
export function fieldJson(f: Field): Field {
  return { ...f, type: typeJson(f.type) };
}

function typeJson(t: FieldType): FieldType {
  if (t.k === 'list') return { ...t, of: typeJson(t.of) };
  if (t.k !== 'money') return t;
  return {
    k: 'money',
    ...(t.min !== undefined ? { min: fenToYuan(t.min) } : {}),
    ...(t.max !== undefined ? { max: fenToYuan(t.max) } : {}),
    ...(t.allowed ? { allowed: t.allowed.map(fenToYuan) } : {}),
  };
}

/** One problem with one input field. */
export interface FieldError {
  readonly field: string;
  readonly code: string;
  readonly message: string;
  readonly expected?: string;
}

/** Default cap on list inputs, so evaluation work stays bounded. */
export const DEFAULT_MAX_ITEMS = 1000;

type Schema = v.GenericSchema<unknown, unknown>;

/** The message of the check that a number has no more decimal places than its type keeps. */
const PLACES = 'places';

/**
 * The schema of a field's values. An input's also holds what JSON carries exactly and what an
 * evaluation takes (safe integers, text of at most {@link TEXT_MAX_CHARS} characters); an
 * output's says only what its rules declare.
 */
function fieldSchema(t: FieldType, role: Role): Schema {
  switch (t.k) {
    case 'money': {
      const pipe: v.PipeItem<number, number, v.BaseIssue<unknown>>[] = [v.finite(), v.check((x) => yuanToFen(x) !== undefined, PLACES)];
      if (t.min !== undefined) pipe.push(v.minValue(fenToYuan(t.min)));
      if (t.max !== undefined) pipe.push(v.maxValue(fenToYuan(t.max)));
      if (t.allowed) return v.picklist(t.allowed.map(fenToYuan)) as Schema;
      return v.pipe(v.number(), ...pipe) as Schema;
    }
    case 'integer':
    case 'decimal': {
      const pipe: v.PipeItem<number, number, v.BaseIssue<unknown>>[] = [v.finite()];
      if (t.k === 'integer') pipe.push(v.integer());
      else if (role === 'input') pipe.push(v.check(hasRatePlaces, PLACES));
      if (t.min !== undefined) pipe.push(v.minValue(t.min));
      if (t.max !== undefined) pipe.push(v.maxValue(t.max));
      // After the declared range, so a value outside it is told that range first.
      if (t.k === 'integer' && role === 'input') pipe.push(v.safeInteger());
      if (t.allowed) return v.picklist(t.allowed as number[]) as Schema;
      return v.pipe(v.number(), ...pipe) as Schema;
    }
    case 'bool': return v.boolean() as Schema;
    case 'date': return v.pipe(v.string(), v.isoDate(), v.check(isIsoDate)) as Schema;
    case 'text': return (role === 'input' ? v.pipe(v.string(), maxChars(TEXT_MAX_CHARS)) : v.string()) as Schema;
    case 'enum': return v.picklist((t.allowed ?? t.members) as string[]) as Schema;
    case 'list': return (t.maxItems === undefined ? v.array(fieldSchema(t.of, role)) : v.pipe(v.array(fieldSchema(t.of, role)), v.maxLength(t.maxItems))) as Schema;
  }
}

type Role = 'input' | 'output';

function described(f: Field, role: Role): Schema {
  const s = fieldSchema(f.type, role);
  const meta = [f.label ? v.title(f.label) : undefined, f.note ? v.description(f.note) : undefined].filter((x) => !!x);
  return meta.length ? (v.pipe(s, ...(meta as [])) as Schema) : s;
}

/** The valibot schema of an input object; `required` names must be present. */
export function inputSchema(fields: readonly Field[], required: ReadonlySet<string>): Schema {
  const entries: Record<string, Schema> = {};
  for (const f of fields) entries[f.name] = required.has(f.name) ? described(f, 'input') : (v.optional(described(f, 'input')) as Schema);
  return v.strictObject(entries) as Schema;
}

/** JSON Schema (draft 2020-12) of the input object. */
export function inputJsonSchema(fields: readonly Field[], required: ReadonlySet<string>): Record<string, unknown> {
  return toJsonSchema(inputSchema(fields, required), { target: 'draft-2020-12', errorMode: 'ignore' }) as Record<string, unknown>;
}

/** JSON Schema of the outputs object. */
export function outputJsonSchema(fields: readonly Field[]): Record<string, unknown> {
  const entries: Record<string, Schema> = {};
  for (const f of fields) entries[f.name] = v.optional(described(f, 'output')) as Schema;
  return toJsonSchema(v.object(entries), { target: 'draft-2020-12', errorMode: 'ignore' }) as Record<string, unknown>;
}

/**
 * What a field accepts, in both languages.
 * @example accepts({ k: 'integer', unit: 'year', min: 16, max: 80 }).en // 'an integer[year] 16..80'
 */
export function accepts(t: FieldType): Text2 {
  if ((t.k === 'money' || t.k === 'integer' || t.k === 'decimal') && t.allowed) return Accepts.oneOf(t.allowed.map((x) => (t.k === 'money' ? fenToYuan(x) : x)));
  switch (t.k) {
    case 'money': return Accepts.money(t.min === undefined ? undefined : fenToYuan(t.min), t.max === undefined ? undefined : fenToYuan(t.max));
    case 'integer': return Accepts.integer(t);
    case 'decimal': return Accepts.decimal(t, RATE_PLACES);
    case 'bool': return Accepts.bool();
    case 'date': return Accepts.date();
    case 'text': return Accepts.text(TEXT_MAX_CHARS);
    case 'enum': return Accepts.members(t.allowed ?? t.members, t.labels);
    case 'list': return Accepts.list(t.maxItems, accepts(t.of));
  }
}

/** What a field accepts, in one locale. */
export function expectation(t: FieldType, locale: Locale): string {
  return accepts(t)[locale];
}

/**
 * Validates `input` and returns per-field errors in the given locale.
 * @example validate(schema, fields, { age: 'x' }, 'en') // [{ field: 'age', code: 'E-INPUT-TYPE', … }]
 */
export function validate(schema: Schema, fields: readonly Field[], input: unknown, locale: Locale): FieldError[] {
  // valibot takes an array for an object (its indexes as keys): say what is wrong instead.
  if (Array.isArray(input)) return [notAnObject(locale)];
  const result = v.safeParse(schema, input);
  if (result.success) return [];
  const byName = new Map(fields.map((f) => [f.name, f]));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const issue of result.issues) {
    const path = (issue.path ?? []).map((p) => String(p.key));
    const field = path.join('.') || '(input)';
    if (seen.has(field)) continue;
    seen.add(field);
    const top = byName.get(path[0] ?? '');
    if (!top) {
      // valibot names the first unknown key only: name them all (in the order they came).
      if (issue.type === 'strict_object' && path.length > 0) errors.push(...unknownInputs(input as object, fields, locale));
      else errors.push(notAnObject(locale));
      continue;
    }
    const t = path.length > 1 && top.type.k === 'list' ? top.type.of : top.type;
    const error = (msg: Message, expected: Text2): FieldError => ({ field, code: msg.code, message: msg.message[locale], expected: expected[locale] });
    if (issue.type === 'safe_integer' && t.k === 'integer') {
      const safe = accepts({ ...t, min: Math.max(t.min ?? -Infinity, -Number.MAX_SAFE_INTEGER), max: Math.min(t.max ?? Infinity, Number.MAX_SAFE_INTEGER) });
      errors.push(error(M.inputUnsafeInteger(field, preview(issue.input), safe), safe));
    } else if (issue.type === 'check' && issue.message === PLACES) {
      errors.push(error(M.inputPlaces(field, preview(issue.input), t.k === 'money' ? 2 : RATE_PLACES, accepts(t)), accepts(t)));
    } else if (issue.input === undefined && path.length === 1) {
      errors.push(error(M.inputMissing(field, accepts(t)), accepts(t)));
    } else {
      const outOfSet = issue.type === 'picklist' && ((t.k === 'money' || t.k === 'integer' || t.k === 'decimal') && typeof issue.input === 'number' || (t.k === 'enum' && t.members.includes(issue.input as string)));
      const outOfRange = issue.type === 'min_value' || issue.type === 'max_value' || issue.type === 'max_length' || outOfSet;
      errors.push(error(M.inputInvalid(field, preview(issue.input), accepts(t), outOfRange), accepts(t)));
    }
  }
  return errors;
}

/** Unknown inputs named one by one (with a suggestion each); more are counted in one error. */
export const UNKNOWN_INPUTS_NAMED = 10;

/** Every key of `input` that is not an input: the first {@link UNKNOWN_INPUTS_NAMED}, then how many more. */
function unknownInputs(input: object, fields: readonly Field[], locale: Locale): FieldError[] {
  const names = fields.map((f) => f.name);
  const known = new Set(names);
  const unknown = Object.keys(input).filter((k) => !known.has(k));
  const expected = oneOf(names)[locale];
  const error = (field: string, msg: Message): FieldError => ({ field, code: msg.code, message: msg.message[locale], expected });
  const errors = unknown.slice(0, UNKNOWN_INPUTS_NAMED).map((k) => error(k, M.inputUnknown(clip(k), suggest(k, names))));
  if (unknown.length > UNKNOWN_INPUTS_NAMED) errors.push(error('(input)', M.inputsUnknownMore(unknown.length - UNKNOWN_INPUTS_NAMED)));
  return errors;
}

function notAnObject(locale: Locale): FieldError {
  const msg = M.inputNotObject();
  return { field: '(input)', code: msg.code, message: msg.message[locale], expected: Accepts.object()[locale] };
}
