/**
 * @module schema/reader
 * The fast path of input validation, planned once per rule set and set of required inputs: a
 * reader puts each given JSON value into its field's slot of the evaluator, then a checker
 * checks every slot against its field type and range and normalises it in place (money in fen,
 * enum values interned). It only answers "valid or not": on any problem the caller runs
 * the valibot schema ({@link validate}) to produce the per-field error messages, so the two
 * must agree — a test checks that they do on generated valid and invalid inputs.
 */
import { hasRatePlaces, intern, isIsoDate, yuanToFen } from '../runtime.ts';
import { TEXT_MAX_CHARS, withinChars } from './chars.ts';
import type { Field, FieldType } from './index.ts';
import { HOT, siteOwner } from '../hot-sites.ts';

/** Sentinel for "invalid" (normalised values may legitimately be `undefined`-free anything else). */
export const INVALID: unique symbol = Symbol('invalid');

type Convert = (v: unknown) => unknown;

/** The check and normalisation of a value of type `t` (INVALID if it is not one). */
export function converter(t: FieldType): Convert {
  switch (t.k) {
    case 'money': {
      const { min, max, allowed } = t;
      return (v) => {
        if (typeof v !== 'number') return INVALID;
        const fen = yuanToFen(v);
        if (fen === undefined) return INVALID;
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
      const [lo, hi] = integral ? integerBounds(t) : [min ?? -Infinity, max ?? Infinity];
      return integral
        ? (v) => (typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi ? v : INVALID)
        : (v) => (typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi && hasRatePlaces(v) ? v : INVALID);
    }
    case 'bool':
      return (v) => (typeof v === 'boolean' ? v : INVALID);
    case 'date':
      return (v) => (typeof v === 'string' && isIsoDate(v) ? v : INVALID);
    case 'text':
      return (v) => (typeof v === 'string' && withinChars(v, TEXT_MAX_CHARS) ? v : INVALID);
    case 'enum': {
      // Enums of up to 8 members are checked inline by the reader (ENUM, ENUM_LIST).
      const members = new Set<unknown>(t.allowed ?? t.members);
      return (v) => (members.has(v) ? v : INVALID);
    }
    case 'list': {
      const el = converter(t.of);
      const max = t.maxItems ?? Infinity;
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

/** Reads one row of a table (values in the order of its columns) into `slots`; false if invalid. */
export type RowReader = (row: unknown, slots: unknown[]) => boolean;

const OTHER = 0;
export const BOOL = 1;
export const ENUM = 2;
export const INT = 3;
export const ENUM_LIST = 4;

/** How a field is checked: inline by kind, or through its converter. */
export function kindOf(t: FieldType): number {
  if (t.k === 'bool') return BOOL;
  if (t.k === 'enum' && (t.allowed ?? t.members).length <= 8) return ENUM;
  if (t.k === 'integer' && !t.allowed) return INT;
  if (t.k === 'list' && t.of.k === 'enum' && (t.of.allowed ?? t.of.members).length <= 8) return ENUM_LIST;
  return OTHER;
}

/**
 * The bounds an integer is checked against: its declared range within the safe integers (a
 * larger one is not exact in JSON: 9007199254740993 arrives as …992). An integer between
 * them is safe, so the check costs no more than the range alone.
 */
export function integerBounds(t: { min?: number; max?: number }): [number, number] {
  return [Math.max(t.min ?? -Infinity, -Number.MAX_SAFE_INTEGER), Math.min(t.max ?? Infinity, Number.MAX_SAFE_INTEGER)];
}

const NONE: unique symbol = Symbol('none');

/**
 * Whether every item of a list is one of up to 8 members (pointer comparisons when interned).
 * Each item's comparisons are combined without a branch: which member an item is goes either way
 * at random (an assessment history), and branching on it cost ~80 ns a list of 15, this ~45.
 */
export function allMembers(members: readonly unknown[]): (xs: readonly unknown[]) => boolean {
  const [a = NONE, b = NONE, c = NONE, d = NONE, e = NONE, f = NONE, g = NONE, h = NONE] = members.map(intern);
  // As many comparisons as members, up to 4 (an assessment grade has 4): a member compared for
  // nothing is a comparison with a symbol, which costs as much as one with a member.
  if (members.length <= 4) {
    return (xs) => {
      let all = 1;
      for (let i = 0; i < xs.length; i++) {
        const x = xs[i];
        all &= +(x === a) | +(x === b) | +(x === c) | +(x === d);
      }
      return all === 1;
    };
  }
  return (xs) => {
    let all = 1;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      all &= +(x === a) | +(x === b) | +(x === c) | +(x === d) | +(x === e) | +(x === f) | +(x === g) | +(x === h);
    }
    return all === 1;
  };
}

/**
 * Checks the raw values a reader put into the slots (undefined: not given) and normalises them
 * in place (money to fen, enum values to the interned member); false if a required value is
 * missing or any is invalid. `complete` says every field was given (nothing to look for).
 */
export type SlotChecker = (slots: unknown[], complete: boolean) => boolean;

/**
 * One tight loop per kind of field (booleans, integers, enums, enum lists, then the rest
 * through their converters): each loop's branches go the same way for every field it checks,
 * where one loop over all fields would switch on the kind at every step.
 */
export function slotChecker(fields: readonly Field[], required: ReadonlySet<string>): SlotChecker {
  const slotsOf = (kind: number) => Int32Array.from(fields.flatMap((f, i) => (kindOf(f.type) === kind ? [i] : [])));
  const typesOf = <T extends FieldType>(kind: number) => fields.filter((f) => kindOf(f.type) === kind).map((f) => f.type as T);
  const requiredSlots = Int32Array.from(fields.flatMap((f, i) => (required.has(f.name) ? [i] : [])));
  const bools = slotsOf(BOOL);
  const ints = slotsOf(INT);
  const intTypes = typesOf<Extract<FieldType, { k: 'integer' | 'decimal' }>>(INT);
  const lo = Float64Array.from(intTypes, (t) => integerBounds(t)[0]);
  const hi = Float64Array.from(intTypes, (t) => integerBounds(t)[1]);
  const enums = slotsOf(ENUM);
  const enumMembers = typesOf<Extract<FieldType, { k: 'enum' }>>(ENUM).map((t) => (t.allowed ?? t.members).map(intern));
  const lists = slotsOf(ENUM_LIST);
  const listTypes = typesOf<Extract<FieldType, { k: 'list' }>>(ENUM_LIST);
  const listMax = Float64Array.from(listTypes, (t) => t.maxItems ?? Infinity);
  const listCheck = listTypes.map((t) => { const of = t.of as Extract<FieldType, { k: 'enum' }>; return allMembers(of.allowed ?? of.members); });
  const others = slotsOf(OTHER);
  const convert = fields.filter((f) => kindOf(f.type) === OTHER).map((f) => converter(f.type));
  return (slots, complete) => {
    if (!complete) for (let i = 0; i < requiredSlots.length; i++) if (slots[requiredSlots[i]!] === undefined) return false;
    // Three pointer comparisons, added up without a branch per field: cheaper than `typeof`.
    let bad = 0;
    for (let i = 0; i < bools.length; i++) {
      const v = slots[bools[i]!];
      bad |= 1 - (+(v === true) | +(v === false) | +(v === undefined));
    }
    if (bad) return false;
    for (let i = 0; i < ints.length; i++) {
      const v = slots[ints[i]!];
      if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < lo[i]! || v > hi[i]!)) return false;
    }
    for (let i = 0; i < enums.length; i++) {
      const s = enums[i]!;
      const v = slots[s];
      if (v === undefined) continue;
      // The interned member, not `v`: rules then compare enum values by pointer.
      const ms = enumMembers[i]!;
      // Every member compared, the matches as bits: no branch on which member it is (it goes either way at random).
      let hit = 0;
      for (let m = 0; m < ms.length; m++) hit |= +(ms[m] === v) << m;
      if (hit === 0) return false;
      slots[s] = ms[31 - Math.clz32(hit)];
    }
    for (let i = 0; i < lists.length; i++) {
      const v = slots[lists[i]!];
      if (v !== undefined && (!Array.isArray(v) || v.length > listMax[i]! || !listCheck[i]!(v))) return false;
    }
    for (let i = 0; i < others.length; i++) {
      const s = others[i]!;
      const v = slots[s];
      if (v === undefined) continue;
      const x = convert[i]!(v);
      if (x === INVALID) return false;
      slots[s] = x;
    }
    return true;
  };
}

/**
 * Plans a reader for `fields` (slot i = fields[i]) where `required` names must be present.
 * @example const read = inputReader(fields, new Set(['households'])); read({ households: 1 }, slots) // true
 */
export function inputReader(fields: readonly Field[], required: ReadonlySet<string>): InputReader {
  const n = fields.length;
  const check = slotChecker(fields, required);
  const order = keyOrder(fields);
  const names = fields.map((f) => intern(f.name));
  const self = {};
  let mine = false;
  let calls = 0;
  // The keys, in order, of the input this reader claimed the load sites with; whether the last
  // input read key by key had them (inputs in other orders then do not try the sites first).
  let usual: string[] = [];
  let wasUsual = false;
  // Inputs in other orders look for the usual order again one time in 64.
  let probe = 0;
  return (input, slots) => {
    if (!isPlainObject(input)) return false;
    const look = mine && (wasUsual || (++probe & 63) === 0);
    if (look && wasUsual) {
      // Keys in the usual order: every field is read by name at a site of its own, which then
      // sees one shape of object (inputs in other orders would make the sites slow for all).
      let j = 0;
      let same = 1;
      for (const k in input) same &= +(k === usual[j++]);
      // As many values given as keys: none of them is undefined.
      if (same && j === usual.length && loadFields(input, names, slots, n) === j) return check(slots, j === n);
    } else if (!mine && ++calls % HOT === 0 && (mine = claimLoads(self))) {
      usual = [];
      for (const k in input) usual.push(k);
    }
    let j = 0;
    // A value written `undefined` (from code, never from JSON) is a value not given.
    let unset = 0;
    let same = 1;
    // for-in sees own and inherited enumerable keys: anything unknown (a typo, `__proto__`, a
    // polluted prototype) sends the input to valibot for the error message.
    for (const k in input) {
      const s = order.slot(j, k);
      if (s < 0) return false;
      if (look) same &= +(k === usual[j]);
      const v = input[k];
      unset |= +(v === undefined);
      slots[s] = v;
      j++;
    }
    if (look) wasUsual = same === 1 && j === usual.length;
    if (j !== n) clearMissing(order.slotAt, j, n, slots);
    return check(slots, j === n && unset === 0);
  };
}

/** The sites of {@link loadFields}, owned by one reader (see `hot-sites.ts`). */
const claimLoads = siteOwner();

/**
 * Puts `input[k[i]]` into `slots[i]` for `i < n`, in blocks of sites of 16, 8, 4, 2 and 1 (as
 * `schema/writer.ts` stores); the number of them that are not undefined.
 */
function loadFields(input: Record<string, unknown>, k: readonly string[], slots: unknown[], n: number): number {
  let b = 0;
  let given = 0;
  if (n - b >= 16) (given += load16(input, k, slots, b)), (b += 16);
  if (n - b >= 8) (given += load8(input, k, slots, b)), (b += 8);
  if (n - b >= 4) (given += load4(input, k, slots, b)), (b += 4);
  if (n - b >= 2) (given += load2(input, k, slots, b)), (b += 2);
  for (; b < n; b++) given += +((slots[b] = input[k[b]!]) !== undefined);
  return given;
}

function load16(o: Record<string, unknown>, k: readonly string[], sl: unknown[], b: number): number {
  const v0 = (sl[b + 0] = o[k[b + 0]!]);
  const v1 = (sl[b + 1] = o[k[b + 1]!]);
  const v2 = (sl[b + 2] = o[k[b + 2]!]);
  const v3 = (sl[b + 3] = o[k[b + 3]!]);
  const v4 = (sl[b + 4] = o[k[b + 4]!]);
  const v5 = (sl[b + 5] = o[k[b + 5]!]);
  const v6 = (sl[b + 6] = o[k[b + 6]!]);
  const v7 = (sl[b + 7] = o[k[b + 7]!]);
  const v8 = (sl[b + 8] = o[k[b + 8]!]);
  const v9 = (sl[b + 9] = o[k[b + 9]!]);
  const v10 = (sl[b + 10] = o[k[b + 10]!]);
  const v11 = (sl[b + 11] = o[k[b + 11]!]);
  const v12 = (sl[b + 12] = o[k[b + 12]!]);
  const v13 = (sl[b + 13] = o[k[b + 13]!]);
  const v14 = (sl[b + 14] = o[k[b + 14]!]);
  const v15 = (sl[b + 15] = o[k[b + 15]!]);
  return +(v0 !== undefined) + +(v1 !== undefined) + +(v2 !== undefined) + +(v3 !== undefined) + +(v4 !== undefined) + +(v5 !== undefined) + +(v6 !== undefined) + +(v7 !== undefined) + +(v8 !== undefined) + +(v9 !== undefined) + +(v10 !== undefined) + +(v11 !== undefined) + +(v12 !== undefined) + +(v13 !== undefined) + +(v14 !== undefined) + +(v15 !== undefined);
}

function load8(o: Record<string, unknown>, k: readonly string[], sl: unknown[], b: number): number {
  const v0 = (sl[b + 0] = o[k[b + 0]!]);
  const v1 = (sl[b + 1] = o[k[b + 1]!]);
  const v2 = (sl[b + 2] = o[k[b + 2]!]);
  const v3 = (sl[b + 3] = o[k[b + 3]!]);
  const v4 = (sl[b + 4] = o[k[b + 4]!]);
  const v5 = (sl[b + 5] = o[k[b + 5]!]);
  const v6 = (sl[b + 6] = o[k[b + 6]!]);
  const v7 = (sl[b + 7] = o[k[b + 7]!]);
  return +(v0 !== undefined) + +(v1 !== undefined) + +(v2 !== undefined) + +(v3 !== undefined) + +(v4 !== undefined) + +(v5 !== undefined) + +(v6 !== undefined) + +(v7 !== undefined);
}

function load4(o: Record<string, unknown>, k: readonly string[], sl: unknown[], b: number): number {
  const v0 = (sl[b + 0] = o[k[b + 0]!]);
  const v1 = (sl[b + 1] = o[k[b + 1]!]);
  const v2 = (sl[b + 2] = o[k[b + 2]!]);
  const v3 = (sl[b + 3] = o[k[b + 3]!]);
  return +(v0 !== undefined) + +(v1 !== undefined) + +(v2 !== undefined) + +(v3 !== undefined);
}

function load2(o: Record<string, unknown>, k: readonly string[], sl: unknown[], b: number): number {
  const v0 = (sl[b + 0] = o[k[b + 0]!]);
  const v1 = (sl[b + 1] = o[k[b + 1]!]);
  return +(v0 !== undefined) + +(v1 !== undefined);
}

/** Whether `x` is a plain JSON object (not null, an array or an instance of a class). */
export const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;

/**
 * The slot of the key at each position of an input object. Inputs from one producer share a key
 * order: the slot of each position is remembered, so each key is matched by one comparison
 * instead of a hash lookup. (Strings from the start: a position compared with `undefined` first
 * would compare generically ever after.)
 */
function keyOrder(fields: readonly Field[]): { readonly slotAt: Int32Array; slot(j: number, key: string): number } {
  const n = fields.length;
  const index = new Map(fields.map((f, i) => [f.name, i]));
  const keyAt: string[] = fields.map((f) => intern(f.name));
  const slotAt = Int32Array.from(fields, (_, i) => i);
  return {
    slotAt,
    /** The slot of `key` at position `j`; -1 if it is not a field (or one key too many). */
    slot(j, key) {
      if (keyAt[j] !== key) {
        const i = index.get(key);
        if (i === undefined || j >= n) return -1;
        keyAt[j] = key;
        slotAt[j] = i;
      }
      return slotAt[j]!;
    },
  };
}

/** Sets the slots of the fields an input left out (not among the first `present` keys) to undefined. */
function clearMissing(slotAt: Int32Array, present: number, n: number, slots: unknown[]): void {
  const seen = new Uint8Array(n);
  for (let j = 0; j < present; j++) seen[slotAt[j]!] = 1;
  for (let i = 0; i < n; i++) if (!seen[i]) slots[i] = undefined;
}

/**
 * Plans a reader for rows whose values are `columns` (input names, each known and at most once,
 * checked by the caller). A `null` cell is a value not given; fields with no column are not given.
 * @example const read = rowReader(fields, new Set(['households']), ['households']); read([4000], slots) // true
 */
export function rowReader(fields: readonly Field[], required: ReadonlySet<string>, columns: readonly string[]): RowReader {
  const check = slotChecker(fields, required);
  const { columnSlot, absent } = rowSlots(fields, columns);
  const width = columns.length;
  return (row, slots) => {
    if (!Array.isArray(row) || row.length !== width) return false;
    let complete = absent.length === 0;
    for (let j = 0; j < width; j++) {
      const raw: unknown = row[j];
      if (raw === null || raw === undefined) {
        slots[columnSlot[j]!] = undefined;
        complete = false;
      } else slots[columnSlot[j]!] = raw;
    }
    for (let a = 0; a < absent.length; a++) slots[absent[a]!] = undefined;
    return check(slots, complete);
  };
}

/** The slot of each column, and the slots of the fields no column holds. */
export function rowSlots(fields: readonly Field[], columns: readonly string[]): { columnSlot: Int32Array; absent: Int32Array } {
  const slotOf = new Map(fields.map((f, i) => [f.name, i]));
  return { columnSlot: Int32Array.from(columns, (c) => slotOf.get(c)!), absent: Int32Array.from(fields.flatMap((f, i) => (columns.includes(f.name) ? [] : [i]))) };
}
