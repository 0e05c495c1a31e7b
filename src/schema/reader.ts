/**
 * @module schema/reader
 * The fast path of input validation: one closure per field, planned once, that checks a JSON
 * value against its field type and range and writes the normalised value (money in fen) into
 * the evaluator's input slot. It only answers "valid or not": on any problem the caller runs
 * the valibot schema ({@link validate}) to produce the per-field error messages, so the two
 * must agree — a test checks that they do on generated valid and invalid inputs.
 */
import { intern, isIsoDate, yuanToFen } from '../runtime.ts';
import type { Field, FieldType } from './index.ts';

/** Sentinel for "invalid" (normalised values may legitimately be `undefined`-free anything else). */
export const INVALID: unique symbol = Symbol('invalid');

type Convert = (v: unknown) => unknown;

function converter(t: FieldType): Convert {
  switch (t.k) {
    case 'money': {
      const { min, max, allowed } = t;
      return (v) => {
        if (typeof v !== 'number') return INVALID;
        const fen = yuanToFen(v);
        if (fen === undefined || !Number.isFinite(v)) return INVALID;
        if ((min !== undefined && fen < min) || (max !== undefined && fen > max)) return INVALID;
        if (allowed && !allowed.includes(fen)) return INVALID;
        return fen;
      };
    }
    case 'integer':
    case 'decimal': {
      const { min, max, allowed } = t;
      if (allowed) return (v) => (typeof v === 'number' && allowed.includes(v) ? v : INVALID);
      const integral = t.k === 'integer';
      const lo = min ?? -Infinity;
      const hi = max ?? Infinity;
      return integral
        ? (v) => (typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi ? v : INVALID)
        : (v) => (typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi ? v : INVALID);
    }
    case 'bool':
      return (v) => (typeof v === 'boolean' ? v : INVALID);
    case 'date':
      return (v) => (typeof v === 'string' && isIsoDate(v) ? v : INVALID);
    case 'text':
      return (v) => (typeof v === 'string' && v.length <= 10_000 ? v : INVALID);
    case 'enum': {
      // Enums of up to 8 members are checked inline by the reader (ENUM, ENUM_LIST).
      const members = new Set<unknown>(t.members);
      return (v) => (members.has(v) ? v : INVALID);
    }
    case 'list': {
      const el = converter(t.of);
      const max = t.maxItems;
      const identity = t.of.k !== 'money';
      return (v) => {
        if (!Array.isArray(v) || v.length > max) return INVALID;
        if (identity) {
          for (let i = 0; i < v.length; i++) if (el(v[i]) === INVALID) return INVALID;
          return v;
        }
        const out = new Array(v.length);
        for (let i = 0; i < v.length; i++) if ((out[i] = el(v[i])) === INVALID) return INVALID;
        return out;
      };
    }
  }
}


/** Reads a JSON input object into `slots`; false if anything is missing, unknown or invalid. */
export type InputReader = (input: unknown, slots: unknown[]) => boolean;

const OTHER = 0;
const BOOL = 1;
const ENUM = 2;
const INT = 3;
const ENUM_LIST = 4;

/** How the reader checks one field: inline by kind, or through its converter. */
interface Check {
  readonly slot: number;
  readonly kind: number;
  readonly lo: number;
  readonly hi: number;
  /** Enum members (ENUM, ENUM_LIST). */
  readonly members: readonly unknown[];
  readonly maxItems: number;
  readonly required: boolean;
  readonly convert: Convert;
}

function checkOf(f: Field, slot: number, required: boolean): Check {
  const t = f.type;
  const base = { slot, kind: OTHER, lo: 0, hi: 0, members: [] as readonly unknown[], maxItems: 0, required, convert: converter(t) };
  if (t.k === 'bool') return { ...base, kind: BOOL };
  if (t.k === 'enum' && t.members.length <= 8) return { ...base, kind: ENUM, members: t.members.map(intern) };
  if (t.k === 'integer' && !t.allowed) return { ...base, kind: INT, lo: t.min ?? -Infinity, hi: t.max ?? Infinity };
  if (t.k === 'list' && t.of.k === 'enum' && t.of.members.length <= 8) return { ...base, kind: ENUM_LIST, members: t.of.members.map(intern), maxItems: t.maxItems };
  return base;
}

/** The position of `x` in `ms`, or -1 (`===`: one pointer comparison when `x` is interned too). */
function memberIndex(ms: readonly unknown[], x: unknown): number {
  for (let m = 0; m < ms.length; m++) if (ms[m] === x) return m;
  return -1;
}

/** Checks one present value against its field and writes it into its slot; false if invalid. */
function take(c: Check, raw: unknown, slots: unknown[]): boolean {
  switch (c.kind) {
    case BOOL:
      if (typeof raw !== 'boolean') return false;
      slots[c.slot] = raw;
      return true;
    case ENUM: {
      // The interned member, not `raw`: rules then compare enum values by pointer.
      const m = memberIndex(c.members, raw);
      if (m < 0) return false;
      slots[c.slot] = c.members[m];
      return true;
    }
    case INT:
      if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < c.lo || raw > c.hi) return false;
      slots[c.slot] = raw;
      return true;
    case ENUM_LIST: {
      if (!Array.isArray(raw) || raw.length > c.maxItems) return false;
      for (let x = 0; x < raw.length; x++) if (memberIndex(c.members, raw[x]) < 0) return false;
      slots[c.slot] = raw;
      return true;
    }
    default: {
      const v = c.convert(raw);
      if (v === INVALID) return false;
      slots[c.slot] = v;
      return true;
    }
  }
}

/**
 * Plans a reader for `fields` (slot i = fields[i]) where `required` names must be present.
 * @example const read = inputReader(fields, new Set(['households'])); read({ households: 1 }, slots) // true
 */
export function inputReader(fields: readonly Field[], required: ReadonlySet<string>): InputReader {
  const n = fields.length;
  const checks = fields.map((f, i) => checkOf(f, i, required.has(f.name)));
  const index = new Map(fields.map((f, i) => [f.name, i]));
  const requiredCount = checks.filter((c) => c.required).length;
  // Inputs from one producer share a key order: remember the checks by position, so each key
  // is matched by one identity comparison instead of a hash lookup.
  const keyAt: string[] = [];
  const checkAt: Check[] = [];
  return (input, slots) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input) || Object.getPrototypeOf(input) !== Object.prototype) return false;
    const obj = input as Record<string, unknown>;
    let j = 0;
    let requiredSeen = 0;
    // for-in sees own and inherited enumerable keys: anything unknown (a typo, `__proto__`, a
    // polluted prototype) sends the input to valibot for the error message.
    for (const k in obj) {
      let c: Check;
      if (keyAt[j] === k) c = checkAt[j]!;
      else {
        const i = index.get(k);
        if (i === undefined) return false;
        c = checks[i]!;
        keyAt[j] = k;
        checkAt[j] = c;
      }
      j++;
      if (!take(c, obj[k], slots)) return false;
      if (c.required) requiredSeen++;
    }
    if (requiredSeen !== requiredCount) return false;
    if (j !== n) clearMissing(checkAt, j, n, slots);
    return true;
  };
}

/** Sets the slots of the fields an input left out (the first `present` keys) to undefined. */
function clearMissing(checkAt: readonly Check[], present: number, n: number, slots: unknown[]): void {
  const seen = new Uint8Array(n);
  for (let j = 0; j < present; j++) seen[checkAt[j]!.slot] = 1;
  for (let i = 0; i < n; i++) if (!seen[i]) slots[i] = undefined;
}

/** Reads one row of a table (values in the order of its columns) into `slots`; false if invalid. */
export type RowReader = (row: unknown, slots: unknown[]) => boolean;

/**
 * Plans a reader for rows whose values are `columns` (input names, each known and at most once,
 * checked by the caller). A `null` cell is a value not given; fields with no column are not given.
 * @example const read = rowReader(fields, new Set(['households']), ['households']); read([4000], slots) // true
 */
export function rowReader(fields: readonly Field[], required: ReadonlySet<string>, columns: readonly string[]): RowReader {
  const slotOf = new Map(fields.map((f, i) => [f.name, i]));
  const checks = columns.map((name) => checkOf(fields[slotOf.get(name)!]!, slotOf.get(name)!, required.has(name)));
  const absent = fields.map((f, i) => (columns.includes(f.name) ? -1 : i)).filter((i) => i >= 0);
  const width = columns.length;
  return (row, slots) => {
    if (!Array.isArray(row) || row.length !== width) return false;
    for (let j = 0; j < width; j++) {
      const c = checks[j]!;
      const raw: unknown = row[j];
      if (raw === null) {
        if (c.required) return false;
        slots[c.slot] = undefined;
      } else if (!take(c, raw, slots)) return false;
    }
    for (let a = 0; a < absent.length; a++) slots[absent[a]!] = undefined;
    return true;
  };
}
