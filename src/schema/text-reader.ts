/**
 * @module schema/text-reader
 * Reading a table row, or an input object, straight from its JSON text into the evaluator's
 * slots, checking each value as it is read, without the values `JSON.parse` would build: for a
 * stream of records, parsing and then reading cost more than evaluating. Each value is read as
 * its field's type expects — an enum member (or an object's key) is matched in place and comes
 * out interned, an integer is summed from its digits and checked against its range — and
 * anything unusual (escapes, U+FFFD, a fraction in an integer, a value of the wrong type, a
 * missing value, a key given twice) makes it answer false, as for a record that is not valid:
 * the caller then parses the text and reads it as usual, which gives the same values or the
 * errors. So whatever it accepts, it reads exactly as `JSON.parse` followed by
 * {@link rowReader} or {@link inputReader} would; a test compares them on generated records.
 */
import { intern } from '../runtime.ts';
import type { Field, FieldType } from './index.ts';
import { converter, integerBounds, INVALID, rowSlots } from './reader.ts';

/**
 * Reads one record's JSON text, `text` from `from` to `to` (a line of a longer text), into
 * `slots`; false if it is not valid, or not in a form it reads.
 */
export type RowTextReader = (text: string, slots: unknown[], from: number, to: number) => boolean;

const OTHER = 0;
const BOOL = 1;
const ENUM = 2;
const INT = 3;
const ENUM_LIST = 4;

/** What the scanning functions return for anything they do not read. */
const UNSURE: unique symbol = Symbol('unsure');

/** Where the last value scanned ends. */
let end = 0;

/** A member (interned) and its UTF-16 code units, compared with the text's one by one. */
interface Member {
  readonly m: string;
  readonly codes: Uint16Array;
}

/**
 * An enum's members by the low 7 bits of their first character, to match a quoted string in
 * place; undefined when a member could not be matched so.
 */
type Members = readonly (readonly Member[] | undefined)[];

/** A member is matched in place if it is written in JSON as it is: no `"`, `\` or control character. */
const plain = (m: string) => m.length > 0 && !/["\\\u0000-\u001f]/.test(m);

function membersOf(t: FieldType): Members | undefined {
  if (t.k !== 'enum') return undefined;
  const ms = (t.allowed ?? t.members).map(intern);
  if (!ms.every(plain)) return undefined;
  const byFirst: (Member[] | undefined)[] = new Array(128).fill(undefined);
  for (const m of ms) (byFirst[m.charCodeAt(0) & 127] ??= []).push({ m, codes: Uint16Array.from({ length: m.length }, (_, k) => m.charCodeAt(k)) });
  return byFirst;
}

function kindOf(t: FieldType): number {
  if (t.k === 'bool') return BOOL;
  if (t.k === 'integer' && !t.allowed) return INT;
  if (membersOf(t)) return ENUM;
  if (t.k === 'list' && membersOf(t.of)) return ENUM_LIST;
  return OTHER;
}

/** How one field's value is read from text. */
interface Column {
  readonly kind: number;
  readonly members: Members;
  readonly lo: number;
  readonly hi: number;
  readonly maxItems: number;
  readonly convert: (v: unknown) => unknown;
}

const asIs = (v: unknown) => v;

function columnOf(t: FieldType): Column {
  const kind = kindOf(t);
  return {
    kind,
    members: membersOf(t.k === 'list' ? t.of : t) ?? [],
    lo: t.k === 'integer' ? integerBounds(t)[0] : 0,
    hi: t.k === 'integer' ? integerBounds(t)[1] : 0,
    maxItems: t.k === 'list' ? (t.maxItems ?? Infinity) : 0,
    convert: kind === OTHER ? converter(t) : asIs,
  };
}

/** The value of `col` at `i` (`c` is the character there; not `null`), checked and normalised, {@link end} set after it; UNSURE if it is not read. */
function cell(t: string, i: number, c: number, col: Column): unknown {
  switch (col.kind) {
    case BOOL:
      return c === 116 && isTrue(t, i) ? ((end = i + 4), true) : c === 102 && isFalse(t, i) ? ((end = i + 5), false) : UNSURE;
    case ENUM:
      return c === 34 ? member(t, i, col.members) : UNSURE;
    case INT:
      return integer(t, i, col.lo, col.hi);
    case ENUM_LIST:
      return c === 91 ? memberList(t, i, col.members, col.maxItems) : UNSURE;
    default: {
      const v = c === 91 ? list(t, i) : value(t, i);
      if (v === UNSURE) return UNSURE;
      const x = col.convert(v);
      return x === INVALID ? UNSURE : x;
    }
  }
}

/** The slots of the fields `required` names. */
const requiredSlotsOf = (fields: readonly Field[], required: ReadonlySet<string>) => Int32Array.from(fields.flatMap((f, i) => (required.has(f.name) ? [i] : [])));

/**
 * Plans a row text reader for `columns`, as {@link rowReader} does for parsed rows.
 * @example const read = rowTextReader(fields, new Set(['households']), ['households']); read('[4000]', slots, 0, 6) // true
 */
export function rowTextReader(fields: readonly Field[], required: ReadonlySet<string>, columns: readonly string[]): RowTextReader {
  const { columnSlot, absent } = rowSlots(fields, columns);
  const cols = Array.from(columnSlot, (s) => columnOf(fields[s]!.type));
  const requiredSlots = requiredSlotsOf(fields, required);
  const width = columns.length;
  return (t, slots, from, to) => {
    // `c` is always the character at `i`; whitespace is skipped where JSON allows it. Nothing is
    // read past a line's end: a string stops at the `\n` after it, and whatever runs on past
    // `to` (whitespace, say) does not end at `to`.
    let i = from;
    let c = t.charCodeAt(i);
    if (c <= 32) c = t.charCodeAt((i = space(t, i)));
    if (c !== 91) return false; // [
    c = t.charCodeAt(++i);
    if (c <= 32) c = t.charCodeAt((i = space(t, i)));
    let complete = absent.length === 0;
    for (let j = 0; j < width; j++) {
      if (j > 0) {
        if (c !== 44) return false; // ,
        c = t.charCodeAt(++i);
        if (c <= 32) c = t.charCodeAt((i = space(t, i)));
      }
      let v: unknown;
      if (c === 110 && isNull(t, i)) {
        // A value not given.
        v = undefined;
        end = i + 4;
        complete = false;
      } else {
        v = cell(t, i, c, cols[j]!);
        if (v === UNSURE) return false;
      }
      slots[columnSlot[j]!] = v;
      c = t.charCodeAt((i = end));
      if (c <= 32) c = t.charCodeAt((i = space(t, i)));
    }
    if (c !== 93 || (++i !== to && space(t, i) !== to)) return false; // ] and nothing after
    for (let a = 0; a < absent.length; a++) slots[absent[a]!] = undefined;
    if (!complete) for (let r = 0; r < requiredSlots.length; r++) if (slots[requiredSlots[r]!] === undefined) return false;
    return true;
  };
}

/**
 * Plans an input object text reader, as {@link inputReader} does for parsed input objects: each
 * key one of the fields, at most once, with a value of its type (`null` is not one).
 * @example const read = objectTextReader(fields, new Set(['households'])); read('{"households":4000}', slots, 0, 19) // true
 */
export function objectTextReader(fields: readonly Field[], required: ReadonlySet<string>): RowTextReader {
  const names = fields.map((f) => intern(f.name));
  // Field names are matched in place as enum members are; one that cannot be leaves every object to the parser.
  const keys = names.every(plain) ? membersOf({ k: 'enum', name: '', members: names, labels: {} })! : undefined;
  const index = new Map(names.map((n, f) => [n, f]));
  const cols = fields.map((f) => columnOf(f.type));
  const requiredSlots = requiredSlotsOf(fields, required);
  const n = fields.length;
  // Fields seen in the current object: seen[f] === call.
  const seen = new Float64Array(n);
  const guess = Int32Array.from(fields, (_, f) => f);
  let call = 0;
  return (t, slots, from, to) => {
    if (!keys) return false;
    call++;
    let got = 0;
    let i = from;
    let c = t.charCodeAt(i);
    if (c <= 32) c = t.charCodeAt((i = space(t, i)));
    if (c !== 123) return false; // {
    c = t.charCodeAt(++i);
    if (c <= 32) c = t.charCodeAt((i = space(t, i)));
    if (c !== 125) {
      for (;;) {
        // More keys than fields: one is unknown or given twice.
        if (got === n) return false;
        // Objects from one producer share a key order: the key at this place last time is tried first.
        let f = guess[got]!;
        const name = names[f]!;
        if (c === 34 && t.charCodeAt(i + 1 + name.length) === 34 && t.startsWith(name, i + 1)) end = i + 2 + name.length;
        else {
          const key: unknown = c === 34 ? member(t, i, keys) : UNSURE;
          if (key === UNSURE) return false;
          guess[got] = f = index.get(key as string)!;
        }
        // A key given twice: JSON.parse keeps the last, the parser's path says what it makes of it.
        if (seen[f] === call) return false;
        seen[f] = call;
        c = t.charCodeAt((i = end));
        if (c <= 32) c = t.charCodeAt((i = space(t, i)));
        if (c !== 58) return false; // :
        c = t.charCodeAt(++i);
        if (c <= 32) c = t.charCodeAt((i = space(t, i)));
        const v = c === 110 ? UNSURE : cell(t, i, c, cols[f]!);
        if (v === UNSURE) return false;
        slots[f] = v;
        got++;
        c = t.charCodeAt((i = end));
        if (c <= 32) c = t.charCodeAt((i = space(t, i)));
        if (c === 125) break; // }
        if (c !== 44) return false; // ,
        c = t.charCodeAt(++i);
        if (c <= 32) c = t.charCodeAt((i = space(t, i)));
      }
    }
    if (++i !== to && space(t, i) !== to) return false; // nothing after the }
    if (got !== n) {
      for (let f = 0; f < n; f++) if (seen[f] !== call) slots[f] = undefined;
      for (let r = 0; r < requiredSlots.length; r++) if (slots[requiredSlots[r]!] === undefined) return false;
    }
    return true;
  };
}

/** The index of the first character at or after `i` that is not JSON whitespace. */
function space(t: string, i: number): number {
  let c = t.charCodeAt(i);
  while (c === 32 || c === 9 || c === 10 || c === 13) c = t.charCodeAt(++i);
  return i;
}

/** The member quoted at `i` (`"` there), interned; UNSURE if the string there is not one of them as it is written. */
function member(t: string, i: number, byFirst: Members): unknown {
  const candidates = byFirst[t.charCodeAt(i + 1) & 127];
  if (candidates) {
    for (let k = 0; k < candidates.length; k++) {
      const { m, codes } = candidates[k]!;
      const n = codes.length;
      if (t.charCodeAt(i + 1 + n) !== 34) continue;
      // Code units compared in a loop: `startsWith` (a call per member) cost ~40 % more.
      let j = 0;
      while (j < n && t.charCodeAt(i + 1 + j) === codes[j]) j++;
      if (j === n) {
        end = i + 2 + n;
        return m;
      }
    }
  }
  return UNSURE;
}

/** The list of members at `i` (`[` there), at most `max` of them; UNSURE for anything else. */
function memberList(t: string, i: number, byFirst: Members, max: number): unknown {
  const out: unknown[] = [];
  let c = t.charCodeAt(++i);
  if (c <= 32) c = t.charCodeAt((i = space(t, i)));
  if (c === 93) {
    end = i + 1;
    return out;
  }
  for (;;) {
    const m = c === 34 ? member(t, i, byFirst) : UNSURE;
    if (m === UNSURE || out.length === max) return UNSURE;
    out.push(m);
    c = t.charCodeAt((i = end));
    if (c <= 32) c = t.charCodeAt((i = space(t, i)));
    if (c === 93) {
      end = i + 1;
      return out;
    }
    if (c !== 44) return UNSURE;
    c = t.charCodeAt(++i);
    if (c <= 32) c = t.charCodeAt((i = space(t, i)));
  }
}

/** The integer at `i` within `[lo, hi]`, of at most 15 digits, written without fraction or exponent; UNSURE for anything else. */
function integer(t: string, i: number, lo: number, hi: number): unknown {
  let j = i;
  let c = t.charCodeAt(j);
  const negative = c === 45;
  if (negative) c = t.charCodeAt(++j);
  const first = j;
  let n = 0;
  if (c === 48) c = t.charCodeAt(++j);
  else if (c >= 49 && c <= 57) {
    do {
      n = n * 10 + (c - 48);
      c = t.charCodeAt(++j);
    } while (c >= 48 && c <= 57);
  } else return UNSURE;
  if (c === 46 || c === 101 || c === 69 || j - first > 15) return UNSURE;
  if (negative) n = -n;
  if (n < lo || n > hi) return UNSURE;
  end = j;
  return n;
}

/** The list of plain values at `i` (`[` there); UNSURE for a list in it or anything not plain. */
function list(t: string, i: number): unknown {
  const out: unknown[] = [];
  i = space(t, i + 1);
  if (t.charCodeAt(i) === 93) {
    end = i + 1;
    return out;
  }
  for (;;) {
    const v = value(t, i);
    if (v === UNSURE) return UNSURE;
    out.push(v);
    i = space(t, end);
    const c = t.charCodeAt(i);
    if (c === 93) {
      end = i + 1;
      return out;
    }
    if (c !== 44) return UNSURE;
    i = space(t, i + 1);
  }
}

/** The string (without escapes or U+FFFD), number, `true`, `false` or `null` at `i`; UNSURE for anything else. */
function value(t: string, i: number): unknown {
  const c = t.charCodeAt(i);
  if (c === 34) {
    let j = i + 1;
    // U+FFFD is left to the caller's parse too: it stands for bytes that were not UTF-8.
    for (let d = t.charCodeAt(j); d !== 34; d = t.charCodeAt(++j)) if (d < 32 || d === 92 || d === 0xfffd || d !== d) return UNSURE;
    end = j + 1;
    return t.slice(i + 1, j);
  }
  if (c === 116 && isTrue(t, i)) return (end = i + 4), true;
  if (c === 102 && isFalse(t, i)) return (end = i + 5), false;
  if (c === 110 && isNull(t, i)) return (end = i + 4), null;
  return number(t, i);
}

/** The JSON number at `i` (`-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`), converted as JSON.parse converts it; UNSURE for anything else. */
function number(t: string, i: number): unknown {
  let j = i;
  if (t.charCodeAt(j) === 45) j++;
  let c = t.charCodeAt(j);
  if (c === 48) c = t.charCodeAt(++j);
  else if (digit(c)) do c = t.charCodeAt(++j); while (digit(c));
  else return UNSURE;
  if (c === 46) {
    if (!digit(t.charCodeAt(++j))) return UNSURE;
    do c = t.charCodeAt(++j); while (digit(c));
  }
  if (c === 101 || c === 69) {
    c = t.charCodeAt(++j);
    if (c === 43 || c === 45) c = t.charCodeAt(++j);
    if (!digit(c)) return UNSURE;
    do c = t.charCodeAt(++j); while (digit(c));
  }
  end = j;
  return Number(t.slice(i, j));
}

const digit = (c: number) => c >= 48 && c <= 57;

// `true`, `false`, `null` at i, its first letter already seen there.
const isTrue = (t: string, i: number) => t.charCodeAt(i + 1) === 114 && t.charCodeAt(i + 2) === 117 && t.charCodeAt(i + 3) === 101;
const isFalse = (t: string, i: number) => t.charCodeAt(i + 1) === 97 && t.charCodeAt(i + 2) === 108 && t.charCodeAt(i + 3) === 115 && t.charCodeAt(i + 4) === 101;
const isNull = (t: string, i: number) => t.charCodeAt(i + 1) === 117 && t.charCodeAt(i + 2) === 108 && t.charCodeAt(i + 3) === 108;
