/**
 * @module core/keyed
 * A table whose rows test one common key for equality with constants (`post == head`,
 * `grade in [1, 2]`), found once for both backends: they bucket its rows by key value (in row
 * order, so `hit first` is unchanged) and check, for an evaluation, only the rows of its
 * key's bucket.
 */
import { walk, type Const, type Core } from './ir.ts';

/** One row of a keyed table. */
export interface KeyedRow {
  /** The key values the row is for (absent: a row that does not test the key, in every bucket). */
  readonly values?: readonly Const[];
  /** The row's other conditions, all of which must hold. */
  readonly rest: readonly Core[];
  readonly then: Core;
}

export interface KeyedTable {
  readonly key: Core;
  /** Every key value some row is for, once each. */
  readonly values: readonly Const[];
  readonly rows: readonly KeyedRow[];
}

/**
 * The key and rows of `e` when at least two rows test one common key (the others do not
 * mention it); otherwise undefined.
 */
export function keyedTable(e: Core & { op: 'cond' }): KeyedTable | undefined {
  const parts = e.branches.map((b) => (b.when.op === 'and' ? b.when.args : [b.when]));
  let keyText: string | undefined;
  let key: Core | undefined;
  const keyed = parts.map((conj) => {
    const i = conj.findIndex((c) => (c.op === 'cmp' && c.fn === '==' && c.b.op === 'const') || (c.op === 'in' && c.a.op !== 'const'));
    if (i < 0) return undefined;
    const c = conj[i]!;
    const subject = c.op === 'cmp' ? c.a : (c as Core & { op: 'in' }).a;
    // A value read, never an expression: the key is computed before any row, where computing
    // it could fail (a zero divisor) though an earlier row applies.
    if (subject.op !== 'input' && subject.op !== 'ref' && subject.op !== 'asOf') return undefined;
    const text = JSON.stringify(subject);
    if (keyText === undefined) {
      keyText = text;
      key = subject;
    }
    if (text !== keyText) return undefined;
    const values = c.op === 'cmp' ? [(c.b as Core & { op: 'const' }).value] : [...(c as Core & { op: 'in' }).set];
    return { values, rest: conj.filter((_, j) => j !== i) };
  });
  const usable = key && keyed.filter((k) => k).length >= 2 && keyed.every((k, i) => k || parts[i]!.every((c) => !mentions(c, keyText!)));
  if (!usable) return undefined;
  const rows = e.branches.map((b, i): KeyedRow => {
    const rest = (keyed[i] ? keyed[i]!.rest : parts[i]!).filter((c) => !(c.op === 'const' && c.value === true));
    return keyed[i] ? { values: keyed[i]!.values, rest, then: b.then } : { rest, then: b.then };
  });
  return { key: key!, values: [...new Set(keyed.flatMap((k) => k?.values ?? []))], rows };
}

/**
 * The rows of each key value's bucket, by their numbers in `table.rows` and in row order: for
 * `values[j]`, its rows and the rows that do not test the key; last, those only (any other key).
 */
export function bucketRows(table: KeyedTable): number[][] {
  const keyless = table.rows.flatMap((r, i) => (r.values ? [] : [i]));
  const of = (v: Const) => table.rows.flatMap((r, i) => (!r.values || r.values.includes(v) ? [i] : []));
  return [...table.values.map(of), keyless];
}

function mentions(c: Core, text: string): boolean {
  let found = false;
  walk(c, (x) => {
    if (!found && (x.op === 'input' || x.op === 'ref') && JSON.stringify(x) === text) found = true;
  });
  return found;
}
