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
import { allMembers, BOOL, clearMissing, converter, ENUM, ENUM_LIST, INT, integerBounds, INVALID, isPlainObject, keyOrder, kindOf, rowSlots } from './reader.ts';
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

/** Plans a {@link GroupReader} of input objects for `fields` (slot k = fields[k]), where `required` names must be given, for groups of up to `width`. */
export function groupReader(fields: readonly Field[], required: ReadonlySet<string>, width: number): GroupReader {
  const nf = fields.length;
  const order = keyOrder(fields);
  const missing: unknown[] = new Array(nf);
  /**
   * Copies the values of an input object (the input reader's loop, into columns instead of
   * slots: a store through a callback per key would cost more than the copy).
   */
  const copy: Copy = (input, i, given) => {
    if (!isPlainObject(input)) return NOT_READ;
    let j = 0;
    // A value written `undefined` (from code, never from JSON) is a value not given.
    let unset = 0;
    for (const k in input) {
      const s = order.slot(j, k);
      if (s < 0) return NOT_READ;
      const v = input[k];
      unset |= +(v === undefined);
      given[s]![i] = v;
      j++;
    }
    if (j !== nf) {
      // The fields left out: undefined in their columns.
      missing.fill(null);
      clearMissing(order.slotAt, j, nf, missing);
      for (let s = 0; s < nf; s++) if (missing[s] === undefined) given[s]![i] = undefined;
    }
    return j !== nf || unset !== 0 ? PARTIAL : COMPLETE;
  };
  return reading(fields, required, width, copy);
}

/**
 * Plans a {@link GroupReader} of table rows whose values are `columns` (input names, each known
 * and at most once, checked by the caller), as the row reader reads them: a row of another
 * length is refused, a `null` cell is a value not given, a field with no column is not given.
 */
export function rowGroupReader(fields: readonly Field[], required: ReadonlySet<string>, columns: readonly string[], width: number): GroupReader {
  const { columnSlot, absent } = rowSlots(fields, columns);
  const nc = columns.length;
  const copy: Copy = (row, i, given) => {
    if (!Array.isArray(row) || row.length !== nc) return NOT_READ;
    let unset = 0;
    for (let j = 0; j < nc; j++) {
      const v: unknown = row[j];
      const none = v === null || v === undefined;
      unset |= +none;
      given[columnSlot[j]!]![i] = none ? undefined : v;
    }
    return unset !== 0 || absent.length > 0 ? PARTIAL : COMPLETE;
  };
  return reading(fields, required, width, copy);
}

/** What a {@link Copy} made of an input: not an input of these fields, all of them given, or some not given. */
const NOT_READ = 0;
const COMPLETE = 1;
const PARTIAL = 2;

/** Copies input `input` of a group into lane `i` of the fields' columns `given` (undefined: not given). */
type Copy = (input: unknown, i: number, given: unknown[][]) => number;

/** A {@link GroupReader} whose inputs are copied into their fields' columns by `copy`, then checked field by field. */
function reading(fields: readonly Field[], required: ReadonlySet<string>, width: number, copy: Copy): GroupReader {
  const nf = fields.length;
  // Each field's values as given, by input (undefined: not given; a field no input has stays so).
  const given: unknown[][] = fields.map(() => new Array(width).fill(undefined));
  const requiredSlots = Int32Array.from(fields.flatMap((f, i) => (required.has(f.name) ? [i] : [])));
  const checks = fields.map((f) => fieldCheck(f.type));
  const lanes = new Int32Array(width);
  const partial = new Uint8Array(width);
  return (input, n, failed, columns) => {
    if (n > width) throw new RangeError(`groupReader: ${n} inputs for ${width} places`);
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (failed[i]) continue;
      const got = copy(input(i), i, given);
      failed[i] = +(got === NOT_READ);
      partial[i] = +(got === PARTIAL);
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
