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
      if (t.of.k === 'enum' && t.of.members.length <= 8) {
        const ms: readonly unknown[] = t.of.members;
        return (v) => {
          if (!Array.isArray(v) || v.length > max) return INVALID;
          outer: for (let i = 0; i < v.length; i++) {
            const x = v[i];
            for (let m = 0; m < ms.length; m++) if (ms[m] === x) continue outer;
            return INVALID;
          }
          return v;
        };
      }
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
  const convs = fields.map((f) => converter(f.type));
  // Booleans and small enums are checked inline (no converter call): the common cases.
  const kinds = fields.map((f) => (f.type.k === 'bool' ? BOOL : f.type.k === 'enum' && f.type.members.length <= 8 ? ENUM : f.type.k === 'integer' && !f.type.allowed ? INT : OTHER));
  const lo = fields.map((f) => (f.type.k === 'integer' ? f.type.min ?? -Infinity : 0));
  const hi = fields.map((f) => (f.type.k === 'integer' ? f.type.max ?? Infinity : 0));
  const members = fields.map((f) => (f.type.k === 'enum' ? (f.type.members as readonly unknown[]) : []));
  const index = new Map(fields.map((f, i) => [f.name, i]));
  const requiredSlots = fields.flatMap((f, i) => (required.has(f.name) ? [i] : []));
  const seen = new Int32Array(n);
  let gen = 0;
  // Inputs from one producer share a key order: remember it, so each key is matched by an
  // identity comparison instead of a hash lookup.
  const orderKeys: string[] = [];
  const orderSlots: number[] = [];
  return (input, slots) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input) || Object.getPrototypeOf(input) !== Object.prototype) return false;
    const obj = input as Record<string, unknown>;
    const g = ++gen;
    let j = 0;
    // for-in sees own and inherited enumerable keys: anything unknown (a typo, `__proto__`, a
    // polluted prototype) sends the input to valibot for the error message.
    for (const k in obj) {
      let i: number;
      if (orderKeys[j] === k) i = orderSlots[j]!;
      else {
        const found = index.get(k);
        if (found === undefined) return false;
        i = found;
        orderKeys[j] = k;
        orderSlots[j] = i;
      }
      j++;
      const raw = obj[k];
      switch (kinds[i]) {
        case BOOL:
          if (typeof raw !== 'boolean') return false;
          slots[i] = raw;
          break;
        case ENUM: {
          // Enum members are internalised strings: an identity loop beats `includes`.
          const ms = members[i]!;
          let ok = false;
          for (let m = 0; m < ms.length; m++) if (ms[m] === raw) { ok = true; break; }
          if (!ok) return false;
          slots[i] = raw;
          break;
        }
        case INT:
          if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < lo[i]! || raw > hi[i]!) return false;
          slots[i] = raw;
          break;
        default: {
          const v = convs[i]!(raw);
          if (v === INVALID) return false;
          slots[i] = v;
        }
      }
      seen[i] = g;
    }
    for (let r = 0; r < requiredSlots.length; r++) if (seen[requiredSlots[r]!] !== g) return false;
    if (j !== n) for (let i = 0; i < n; i++) if (seen[i] !== g) slots[i] = undefined;
    return true;
  };
}

const BOOL = 1;
const ENUM = 2;
const INT = 3;
const OTHER = 0;
