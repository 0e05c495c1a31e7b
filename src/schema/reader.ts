/**
 * @module schema/reader
 * The fast path of input validation: one closure per field, planned once, that checks a JSON
 * value against its field type and range and writes the normalised value (money in fen) into
 * the evaluator's input slot. It only answers "valid or not": on any problem the caller runs
 * the valibot schema ({@link validate}) to produce the per-field error messages, so the two
 * must agree — a test checks that they do on generated valid and invalid inputs.
 */
import { yuanToFen } from '../runtime.ts';
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
      if (t.members.length <= 8) {
        const members: readonly unknown[] = t.members;
        return (v) => (members.includes(v) ? v : INVALID);
      }
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

const ISO = /^\d{4}-\d{2}-\d{2}$/;
function isIsoDate(s: string): boolean {
  if (!ISO.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** Reads a JSON input object into `slots`; false if anything is missing, unknown or invalid. */
export type InputReader = (input: unknown, slots: unknown[]) => boolean;

/**
 * Plans a reader for `fields` (slot i = fields[i]) where `required` names must be present.
 * @example const read = inputReader(fields, new Set(['households'])); read({ households: 1 }, slots) // true
 */
export function inputReader(fields: readonly Field[], required: ReadonlySet<string>): InputReader {
  const n = fields.length;
  const names = fields.map((f) => f.name);
  const convs = fields.map((f) => converter(f.type));
  const req = fields.map((f) => required.has(f.name));
  // Names that also exist on Object.prototype (`toString`, …) need an own-property check.
  const inherited = names.map((nm) => nm in Object.prototype);
  return (input, slots) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input) || Object.getPrototypeOf(input) !== Object.prototype) return false;
    const obj = input as Record<string, unknown>;
    let present = 0;
    for (let i = 0; i < n; i++) {
      const raw = obj[names[i]!];
      if (raw === undefined || (inherited[i] && !Object.hasOwn(obj, names[i]!))) {
        if (req[i]) return false;
        slots[i] = undefined;
        continue;
      }
      const v = convs[i]!(raw);
      if (v === INVALID) return false;
      slots[i] = v;
      present++;
    }
    // Every enumerable key must be one of the fields read above: a typo, `__proto__` or an
    // inherited enumerable property makes the count differ and sends the input to valibot.
    let keys = 0;
    for (const _ in obj) keys++;
    return keys === present;
  };
}
