/**
 * @module schema/group-reader
 * Input objects read a group at a time, for the column plan: each object's values are copied
 * into one column per field (a value per input of the group), then each field is checked down
 * its column, and its checked values go straight into the plan's column of that input. The
 * checks are those of the input reader (`slotChecker`), field by field instead of input by
 * input: the same inputs pass (a test compares the two on valid and broken inputs), with the
 * same values. What the plan's column of a field holds for an input that did not give it
 * is left unsaid: the plan reads only fields an input must give.
 */
import { allMembers, BOOL, converter, ENUM, ENUM_LIST, INT, integerBounds, INVALID, isPlainObject, kindOf, rowSlots } from './reader.ts';
import { intern } from '../runtime.ts';
import type { Field, FieldType } from './index.ts';

/**
 * Where the checked values of the field in `slot` go: a column with a value per input of the
 * group (a `Float64Array` for numbers, money in fen; a `Uint8Array` of 0/1 for booleans; an
 * `Int32Array` of enum members' positions; an array for the rest), or nowhere.
 */
export type FieldColumns = (slot: number) => { readonly col: any } | undefined;

/**
 * Reads inputs `0..n-1` of a group (`input(i)`, up to the width it was planned for): sets
 * `failed[i]` for each the input reader would refuse (an input already failed is not read), and
 * puts each field's checked values into its column of `columns`.
 */
export type GroupReader = (input: (i: number) => unknown, n: number, failed: Uint8Array, columns: FieldColumns) => void;

/**
 * Plans a {@link GroupReader} of input objects for `fields` (slot k = fields[k]), where `required` names must be given, for groups of up to `width`.
 *
 * Values are copied by their key's position: inputs from one producer share a key order, so
 * the key at each position is compared with the one the order expects (one pointer comparison)
 * and its value stored in the column of that position, without looking its slot up. A key out
 * of that order is looked up; a group mostly out of it teaches the reader its order for the
 * next group.
 */
export function groupReader(fields: readonly Field[], required: ReadonlySet<string>, width: number): GroupReader {
  const nf = fields.length;
  const index = new Map(fields.map((f, s) => [intern(f.name), s]));
  // The expected key at each position, and the position (the column) of each slot.
  const keyAt: string[] = fields.map((f) => intern(f.name));
  const placeOf = Int32Array.from(fields, (_, s) => s);
  let outOfOrder = 0;
  let learnFrom: Record<string, unknown> | undefined;
  /** Stores an input's values by the slots of their keys, every other field not given; false if a key is not a field. */
  const bySlot = (input: Record<string, unknown>, i: number, given: unknown[][]): boolean => {
    for (let p = 0; p < nf; p++) given[p]![i] = undefined;
    for (const k in input) {
      const s = index.get(k);
      if (s === undefined) return false;
      given[placeOf[s]!]![i] = input[k];
    }
    return true;
  };
  let copied = 0;
  const copy: Copy = (input, i, given) => {
    if (!isPlainObject(input)) return false;
    const o = input;
    copied++;
    let j = 0;
    for (const k in o) {
      if (j === nf || keyAt[j] !== k) {
        outOfOrder++;
        if (j === nf) return false;
        if (index.has(k)) learnFrom = o;
        // (The values before this key are read again: once each, for an object parsed from JSON.)
        return bySlot(o, i, given);
      }
      given[j]![i] = o[k];
      j++;
    }
    // Fields left out: not given.
    for (let p = j; p < nf; p++) given[p]![i] = undefined;
    return true;
  };
  // After a group is checked: most of its inputs out of order, the key order of one of them
  // (if it has every field) is the next group's. No input is kept past its group.
  const learn = () => {
    if (outOfOrder * 2 > copied && learnFrom) {
      const keys = Object.keys(learnFrom);
      if (keys.length === nf && keys.every((k) => index.has(k))) {
        keys.forEach((k, p) => {
          keyAt[p] = intern(k);
          placeOf[index.get(k)!] = p;
        });
      }
    }
    outOfOrder = 0;
    copied = 0;
    learnFrom = undefined;
  };
  return reading(fields, required, width, copy, placeOf, learn);
}

/**
 * Plans a {@link GroupReader} of table rows whose values are `columns` (input names, each known
 * and at most once, checked by the caller), as the row reader reads them: a row of another
 * length is refused, a `null` cell is a value not given, a field with no column is not given.
 */
export function rowGroupReader(fields: readonly Field[], required: ReadonlySet<string>, columns: readonly string[], width: number): GroupReader {
  const { columnSlot } = rowSlots(fields, columns);
  const nc = columns.length;
  const copy: Copy = (row, i, given) => {
    if (!Array.isArray(row) || row.length !== nc) return false;
    for (let j = 0; j < nc; j++) {
      const v: unknown = row[j];
      given[columnSlot[j]!]![i] = v === null ? undefined : v;
    }
    return true;
  };
  // The fields no column holds are never written: not given.
  return reading(fields, required, width, copy, Int32Array.from(fields, (_, s) => s), () => {});
}

/** Copies input `input` of a group into lane `i` of the columns `given` (undefined: not given); false if it is not an input of these fields. */
type Copy = (input: unknown, i: number, given: unknown[][]) => boolean;

/**
 * A {@link GroupReader} whose inputs are copied by `copy` into columns (the column of slot s
 * is `placeOf[s]`, which `after()` may change once a group is read), then checked field by
 * field.
 */
function reading(fields: readonly Field[], required: ReadonlySet<string>, width: number, copy: Copy, placeOf: Int32Array, after: () => void): GroupReader {
  const nf = fields.length;
  // Each column's values as given, by input (undefined: not given).
  const given: unknown[][] = fields.map(() => new Array(width).fill(undefined));
  // A required field not given fails its input in its own check.
  const checks = fields.map((f) => fieldCheck(f.type, required.has(f.name)));
  return (input, n, failed, columns) => {
    if (n > width) throw new RangeError(`groupReader: ${n} inputs for ${width} places`);
    for (let i = 0; i < n; i++) if (!failed[i]) failed[i] = +!copy(input(i), i, given);
    for (let s = 0; s < nf; s++) checks[s]!(given[placeOf[s]!]!, n, failed, columns(s)?.col);
    after();
  };
}

/**
 * Checks a field's values `given[i]` of the inputs `0..n-1`, setting `failed[i]` where one is
 * invalid (or not given, when required), its checked value into `col[i]` (if a column is
 * given). Every input of the group is checked, those failed already too (their values are then
 * of no use to anyone): a loop without a lane list, which marks the inputs that fail in a second
 * pass only when one does, takes half the time.
 */
type FieldCheck = (given: readonly unknown[], n: number, failed: Uint8Array, col: any) => void;

/** The {@link FieldCheck} of a field of type `t` (that must be given if `required`): what `slotChecker` checks of it, with the value it normalises to. */
function fieldCheck(t: FieldType, required: boolean): FieldCheck {
  // 1 where a value not given fails the input.
  const need = +required;
  // (The checks are written out in each loop: through a helper function they take twice as long.)
  switch (kindOf(t)) {
    case BOOL:
      // true, false and (if the field is optional) undefined are each one value: pointer comparisons, no branch.
      return required
        ? (given, n, failed, col) => {
            let any = 0;
            for (let i = 0; i < n; i++) {
              const v = given[i];
              const yes = +(v === true);
              any |= 1 - (yes | +(v === false));
              if (col) col[i] = yes;
            }
            if (any) for (let i = 0; i < n; i++) { const v = given[i]; failed[i] = failed[i]! | (1 - (+(v === true) | +(v === false))); }
          }
        : (given, n, failed, col) => {
            let any = 0;
            for (let i = 0; i < n; i++) {
              const v = given[i];
              const yes = +(v === true);
              any |= 1 - (yes | +(v === false) | +(v === undefined));
              if (col) col[i] = yes;
            }
            if (any) for (let i = 0; i < n; i++) { const v = given[i]; failed[i] = failed[i]! | (1 - (+(v === true) | +(v === false) | +(v === undefined))); }
          };
    case INT: {
      const [lo, hi] = integerBounds(t as Extract<FieldType, { k: 'integer' }>);
      return (given, n, failed, col) => {
        let any = 0;
        for (let i = 0; i < n; i++) {
          const v = given[i];
          any |= v === undefined ? need : +(typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi);
          // (Not a number: a value of an input that fails, which a number column must not convert.)
          if (col) col[i] = typeof v === 'number' ? v : NaN;
        }
        if (any) for (let i = 0; i < n; i++) { const v = given[i]; failed[i] = failed[i]! | (v === undefined ? need : +(typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi)); }
      };
    }
    case ENUM: {
      const e = t as Extract<FieldType, { k: 'enum' }>;
      // The interned member, not the value: rules compare enum values by pointer. Into a
      // column of numbers (an `Int32Array`), the member's number: its position.
      const ms = (e.allowed ?? e.members).map(intern);
      return (given, n, failed, col) => {
        const numbered = col instanceof Int32Array;
        let any = 0;
        for (let i = 0; i < n; i++) {
          const v = given[i];
          if (v === undefined) {
            any |= need;
            continue;
          }
          // Every member compared, the matches as bits: no branch on which member it is.
          let hit = 0;
          for (let b = 0; b < ms.length; b++) hit |= +(ms[b] === v) << b;
          any |= +(hit === 0);
          const code = 31 - Math.clz32(hit);
          if (numbered) col[i] = code;
          else if (col) col[i] = ms[code];
        }
        if (any) for (let i = 0; i < n; i++) { const v = given[i]; failed[i] = failed[i]! | (v === undefined ? need : +!ms.includes(v as string)); }
      };
    }
    case ENUM_LIST: {
      const l = t as Extract<FieldType, { k: 'list' }>;
      const of = l.of as Extract<FieldType, { k: 'enum' }>;
      const max = l.maxItems ?? Infinity;
      const all = allMembers(of.allowed ?? of.members);
      return (given, n, failed, col) => {
        let any = 0;
        for (let i = 0; i < n; i++) {
          const v = given[i];
          any |= v === undefined ? need : +(!Array.isArray(v) || v.length > max || !all(v));
          if (col) col[i] = v;
        }
        if (any) for (let i = 0; i < n; i++) { const v = given[i]; failed[i] = failed[i]! | (v === undefined ? need : +(!Array.isArray(v) || v.length > max || !all(v))); }
      };
    }
    default: {
      const convert = converter(t);
      return (given, n, failed, col) => {
        for (let i = 0; i < n; i++) {
          const v = given[i];
          if (v === undefined) {
            failed[i] = failed[i]! | need;
            continue;
          }
          const x = convert(v);
          if (x === INVALID) failed[i] = 1;
          else if (col) col[i] = x;
        }
      };
    }
  }
}
