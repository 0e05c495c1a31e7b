/**
 * @module schema/group-reader
 * Input objects read a group at a time, for the column plan: each object's values are copied
 * into one column per field (a value per input of the group), then each field is checked down
 * its column, and its checked values go straight into the plan's column of that input. The
 * checks are those of the input reader (`slotChecker`), field by field instead of input by
 * input: the same inputs pass (a test compares the two on valid and broken inputs), with the
 * same values. A column a field was not given in keeps what it held: the plan reads only
 * fields an input must give.
 */
import { allMembers, BOOL, clearMissing, converter, ENUM, ENUM_LIST, INT, integerBounds, INVALID, isPlainObject, keyOrder, kindOf } from './reader.ts';
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

/** Plans a {@link GroupReader} for `fields` (slot k = fields[k]), where `required` names must be given, for groups of up to `width`. */
export function groupReader(fields: readonly Field[], required: ReadonlySet<string>, width: number): GroupReader {
  const nf = fields.length;
  const order = keyOrder(fields);
  // Each field's values as given, by input (undefined: not given).
  const given: unknown[][] = fields.map(() => new Array(width).fill(undefined));
  const requiredSlots = Int32Array.from(fields.flatMap((f, i) => (required.has(f.name) ? [i] : [])));
  const checks = fields.map((f) => fieldCheck(f.type));
  const lanes = new Int32Array(width);
  const partial = new Uint8Array(width);
  const missing: unknown[] = new Array(nf);
  /**
   * Copies the values of input `i`; false if it is not a plain object of known keys. (The
   * input reader's loop, into columns instead of slots: a store through a callback per key
   * would cost more than the copy.)
   */
  const copy = (input: unknown, i: number): boolean => {
    if (!isPlainObject(input)) return false;
    let j = 0;
    // A value written `undefined` (from code, never from JSON) is a value not given.
    let unset = 0;
    for (const k in input) {
      const s = order.slot(j, k);
      if (s < 0) return false;
      const v = input[k];
      unset |= +(v === undefined);
      given[s]![i] = v;
      j++;
    }
    partial[i] = +(j !== nf || unset !== 0);
    if (j !== nf) {
      // The fields left out: undefined in their columns.
      missing.fill(null);
      clearMissing(order.slotAt, j, nf, missing);
      for (let s = 0; s < nf; s++) if (missing[s] === undefined) given[s]![i] = undefined;
    }
    return true;
  };
  return (input, n, failed, columns) => {
    if (n > width) throw new RangeError(`groupReader: ${n} inputs for ${width} places`);
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (failed[i]) continue;
      failed[i] = +!copy(input(i), i);
      lanes[m] = i;
      m += 1 - failed[i]!;
    }
    for (let k = 0; k < m; k++) {
      const i = lanes[k]!;
      if (partial[i]) for (let r = 0; r < requiredSlots.length; r++) if (given[requiredSlots[r]!]![i] === undefined) failed[i] = 1;
    }
    for (let s = 0; s < nf; s++) checks[s]!(given[s]!, lanes, m, failed, columns(s)?.col);
  };
}

/** Checks a field's values `given[i]` of the inputs `lanes[0..m)`, setting `failed[i]` where one is invalid, its checked value into `col[i]` (if a column is given). */
type FieldCheck = (given: readonly unknown[], lanes: Int32Array, m: number, failed: Uint8Array, col: any) => void;

/** The {@link FieldCheck} of a field of type `t`: what `slotChecker` checks of it, with the value it normalises to. */
function fieldCheck(t: FieldType): FieldCheck {
  switch (kindOf(t)) {
    case BOOL:
      return (given, lanes, m, failed, col) => {
        for (let k = 0; k < m; k++) {
          const i = lanes[k]!;
          const v = given[i];
          // true, false and undefined are each one value: three pointer comparisons, no branch.
          const yes = +(v === true);
          failed[i] = failed[i]! | (1 - (yes | +(v === false) | +(v === undefined)));
          if (col) col[i] = yes;
        }
      };
    case INT: {
      const [lo, hi] = integerBounds(t as Extract<FieldType, { k: 'integer' }>);
      return (given, lanes, m, failed, col) => {
        for (let k = 0; k < m; k++) {
          const i = lanes[k]!;
          const v = given[i];
          failed[i] = failed[i]! | +(v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi));
          if (col) col[i] = v;
        }
      };
    }
    case ENUM: {
      const e = t as Extract<FieldType, { k: 'enum' }>;
      // The interned member, not the value: rules compare enum values by pointer. Into a
      // column of numbers (an `Int32Array`), the member's number: its position.
      const ms = (e.allowed ?? e.members).map(intern);
      return (given, lanes, m, failed, col) => {
        const numbered = col instanceof Int32Array;
        for (let k = 0; k < m; k++) {
          const i = lanes[k]!;
          const v = given[i];
          if (v === undefined) continue;
          let hit = 0;
          for (let b = 0; b < ms.length; b++) hit |= +(ms[b] === v) << b;
          failed[i] = failed[i]! | +(hit === 0);
          const code = 31 - Math.clz32(hit);
          if (numbered) col[i] = code;
          else if (col) col[i] = ms[code];
        }
      };
    }
    case ENUM_LIST: {
      const l = t as Extract<FieldType, { k: 'list' }>;
      const of = l.of as Extract<FieldType, { k: 'enum' }>;
      const max = l.maxItems ?? Infinity;
      const all = allMembers(of.allowed ?? of.members);
      return (given, lanes, m, failed, col) => {
        for (let k = 0; k < m; k++) {
          const i = lanes[k]!;
          const v = given[i];
          if (v !== undefined && (!Array.isArray(v) || v.length > max || !all(v))) failed[i] = 1;
          if (col) col[i] = v;
        }
      };
    }
    default: {
      const convert = converter(t);
      return (given, lanes, m, failed, col) => {
        for (let k = 0; k < m; k++) {
          const i = lanes[k]!;
          const v = given[i];
          if (v === undefined) continue;
          const x = convert(v);
          if (x === INVALID) failed[i] = 1;
          else if (col) col[i] = x;
        }
      };
    }
  }
}
