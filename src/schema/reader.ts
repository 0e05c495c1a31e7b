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
import { loadFields } from './field-loads.ts';

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
export interface InputReader {
  (input: unknown, slots: unknown[]): boolean;
  /** Whether inputs with the usual keys are read by name, at the load sites this reader owns (for tests). */
  readonly bySites: () => boolean;
}

/** Reads one row of a table (values in the order of its columns) into `slots`; false if invalid. */
export type RowReader = (row: unknown, slots: unknown[]) => boolean;

const OTHER = 0;
export const BOOL = 1;
export const ENUM = 2;
export const INT = 3;
export const ENUM_LIST = 4;

/**
 * The members of an enum of up to 8 (checked inline, and held in a column of the plan by
 * number), else undefined.
 */
export function smallEnumMembers(t: { readonly k: string; readonly members?: readonly string[]; readonly allowed?: readonly unknown[] }): readonly string[] | undefined {
  const members = (t.allowed ?? t.members) as readonly string[] | undefined;
  return t.k === 'enum' && members && members.length <= 8 ? members : undefined;
}

/** How a field is checked: inline by kind, or through its converter. */
export function kindOf(t: FieldType): number {
  if (t.k === 'bool') return BOOL;
  if (smallEnumMembers(t)) return ENUM;
  if (t.k === 'integer' && !t.allowed) return INT;
  if (t.k === 'list' && smallEnumMembers(t.of)) return ENUM_LIST;
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
 *
 * Keys are matched by position (see `keyOrder`). The reader that owns the load sites (the first
 * to get hot, see `hot-sites.ts`) also learns the key order of the first input giving every field
 * it accepts once it owns them: an input with exactly those keys then has each field read by name
 * at a site of its own (`field-loads.ts`), which sees one shape of object and loads as fast as a
 * named property. Inputs in another order, or leaving fields out, are read key by key; those in
 * another order look for the usual one again one time in 64 only (read by name, they would make
 * those sites slow for everyone).
 * @example const read = inputReader(fields, new Set(['households'])); read({ households: 1 }, slots) // true
 */
export function inputReader(fields: readonly Field[], required: ReadonlySet<string>): InputReader {
  const n = fields.length;
  const check = slotChecker(fields, required);
  const order = keyOrder(fields);
  const self = {};
  let mine = false;
  let calls = 0;
  const names = fields.map((f) => intern(f.name));
  // The usual keys, in order: every field's.
  let usual: readonly string[] | undefined;
  // Whether the last input read key by key had the usual keys; inputs in other orders look for them again one time in 64.
  let wasUsual = false;
  let probe = 0;
  const read = (input: unknown, slots: unknown[]): boolean => {
    if (!isPlainObject(input)) return false;
    const look = usual !== undefined && (wasUsual || (++probe & 63) === 0);
    if (look && wasUsual) {
      let j = 0;
      let same = 1;
      for (const k in input) same &= +(k === usual![j++]);
      // The usual keys, and every value given (none written undefined).
      if (same && j === n && loadFields(input, names, slots, n) === n) return check(slots, true);
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
      if (look) same &= +(k === usual![j]);
      const v = input[k];
      unset |= +(v === undefined);
      slots[s] = v;
      j++;
    }
    if (look) wasUsual = same === 1 && j === usual!.length;
    if (j !== n) clearMissing(order.slotAt, j, n, slots);
    const ok = check(slots, j === n && unset === 0);
    if (mine) {
      if (ok && usual === undefined && j === n && unset === 0) {
        // The first input accepted with every field once the sites are this reader's: its keys are the usual ones.
        const keys: string[] = [];
        for (const k in input) keys.push(k);
        usual = keys;
        wasUsual = true;
      }
    } else if (++calls % HOT === 0) mine = claimLoads(self); // again every HOT calls: an owner may have gone
    return ok;
  };
  return Object.assign(read, { bySites: () => usual !== undefined });
}

/** The sites of {@link loadFields}, owned by one reader (see `hot-sites.ts`). */
const claimLoads = siteOwner();

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
