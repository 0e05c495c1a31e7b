/**
 * @module backend/closures/tables
 * `cond` (decision tables, dated values) as closures; one condition and an `else` is a choice
 * (`choices.ts`), as `if` is. A table whose rows all test one common key for equality with
 * constants becomes an indexed lookup: rows are bucketed by key value at plan time (in row order,
 * so `hit first` is unchanged) and an evaluation checks only its bucket's remaining conditions.
 * When every key's first row has no other condition, the key alone decides: the table becomes a
 * list of answers by key, or an array indexed by the key when the keys are integers close
 * together (grade → coefficient). Otherwise, for up to 8 keys, a bucket's rows are a
 * chain of choices (`choices.ts`): a row's tests in turn, its answer when they all hold, the next
 * row when not; more keys (looked up in a map), or a bucket of more than 32 tests, are picked from
 * in a loop.
 */
import type { Core } from '../../core/ir.ts';
import { bucketRows, keyedTable } from '../../core/keyed.ts';
import { intern } from '../../runtime.ts';
import { callOperand, CONST, EvalFailure, fnOf, read, REG, type Env, type Fn, type Operand } from './env.ts';
import { CHAINED, planChoice } from './choices.ts';
import { holds, testFn, testOf, type Test, type TestPlanner } from './predicates.ts';

export interface CondPlanner extends TestPlanner {
  readonly name: string;
  readonly traced: boolean;
}

/** `holds` for every test of a conjunction. */
function allHold(ts: readonly Test[], env: Env): boolean {
  for (let i = 0; i < ts.length; i++) if (!holds(ts[i]!, env)) return false;
  return true;
}

export function planCond(e: Core & { op: 'cond' }, p: CondPlanner): Fn {
  const { name } = p;
  const code = e.failCode ?? 'E-EVAL-NO-VALUE';
  const n = e.branches.length;
  if (p.traced) {
    const whens = e.branches.map((b) => testFn(testOf(b.when, p)));
    const thens = e.branches.map((b) => p.plan(b.then));
    const otherwise = e.else ? p.plan(e.else) : undefined;
    // A param's or definition's dated values nested in a row or clause are not one of its branches.
    const traced = !e.dated;
    return (env) => {
      for (let i = 0; i < n; i++) {
        if (whens[i]!(env)) {
          if (traced) env.trace?.branch(name, i);
          return thens[i]!(env);
        }
      }
      if (otherwise) {
        if (traced) env.trace?.branch(name, n);
        return otherwise(env);
      }
      throw new EvalFailure(code, name);
    };
  }
  if (n === 1 && e.else) return planChoice(testOf(e.branches[0]!.when, p), p.operand(e.branches[0]!.then), p.operand(e.else));
  const indexed = indexCond(e, p, code);
  if (indexed) return indexed;
  const tests = e.branches.map((b) => testOf(b.when, p));
  const thens = e.branches.map((b) => p.operand(b.then));
  const otherwise = e.else ? p.operand(e.else) : undefined;
  return (env) => {
    for (let i = 0; i < n; i++) if (holds(tests[i]!, env)) return read(thens[i]!, env);
    if (otherwise) return read(otherwise, env);
    throw new EvalFailure(code, name);
  };
}

interface Row {
  readonly tests: readonly Test[];
  readonly then: Operand;
}

function indexCond(e: Core & { op: 'cond' }, p: CondPlanner, code: string): Fn | undefined {
  const table = keyedTable(e);
  if (!table) return undefined;
  const key = p.operand(table.key);
  const rows: Row[] = table.rows.map((r) => ({ tests: r.rest.map((c) => testOf(c, p)), then: p.operand(r.then) }));
  const values = table.values.map(intern);
  const byValue = bucketRows(table).map((b) => b.map((i) => rows[i]!));
  const fallback = byValue.pop()!;
  const otherwise = e.else ? p.operand(e.else) : undefined;
  const t: Table = { otherwise, code, name: p.name };
  // A few keys (enum members, grades): a scan by identity beats hashing.
  if (values.length <= 8) {
    // Each key's first row has no other condition: the key alone decides (a value table).
    if (byValue.every((b) => b.length > 0 && b[0]!.tests.length === 0)) return lookup(key, values, byValue.map((b) => b[0]!.then), t, fallback);
    // Each bucket's rows as a chain of choices (see `choices.ts`): a row's tests in turn, its
    // answer when they all hold, the next row's tests when one does not.
    const decide = byValue.map((b) => chain(b, t));
    const other = chain(fallback, t);
    return (env) => {
      const k = read(key, env);
      for (let i = 0; i < values.length; i++) if (values[i] === k) return decide[i]!(env);
      return other(env);
    };
  }
  const buckets = new Map(values.map((v, j) => [v, byValue[j]!]));
  return (env) => pick(t, buckets.get(read(key, env)) ?? fallback, env);
}

/** A value table: the answer for key `values[i]` is `answers[i]`; other keys go to `fallback`. */
function lookup(key: Operand, values: readonly unknown[], answers: readonly Operand[], t: Table, fallback: readonly Row[]): Fn {
  const n = values.length;
  const dense = key.k === REG ? denseLookup(key.reg, values, answers, t, fallback) : undefined;
  if (dense) return dense;
  if (answers.every((a) => a.k === CONST)) {
    const consts = answers.map((a) => a.value);
    return (env) => {
      const k = read(key, env);
      for (let i = 0; i < n; i++) if (values[i] === k) return consts[i];
      return pick(t, fallback, env);
    };
  }
  // Answers of several kinds (constants, dated values): each a closure, so no dispatch on the kind of each.
  const fns = answers.map(fnOf);
  if (key.k === REG) {
    const r = key.reg;
    return (env) => {
      const k = env.regs[r];
      for (let i = 0; i < n; i++) if (values[i] === k) return fns[i]!(env);
      return pick(t, fallback, env);
    };
  }
  return (env) => {
    const k = read(key, env);
    for (let i = 0; i < n; i++) if (values[i] === k) return fns[i]!(env);
    return pick(t, fallback, env);
  };
}

/** Keys of a dense table span at most this many integers. */
const DENSE_SPAN = 64;

/**
 * A value table keyed by integers close together (grade → coefficient) as an array indexed by
 * key: one load, where comparing the key with each value in turn costs a mispredicted branch
 * when keys come at random. Holes, and keys that are not integers in the span, go to `fallback`.
 */
function denseLookup(reg: number, values: readonly unknown[], answers: readonly Operand[], t: Table, fallback: readonly Row[]): Fn | undefined {
  // (No key values at all, when every row is `in []`: nothing to index.)
  if (values.length === 0 || !values.every((v) => Number.isInteger(v))) return undefined;
  const keys = values as readonly number[];
  const lo = Math.min(...keys);
  const span = Math.max(...keys) - lo + 1;
  if (span > DENSE_SPAN) return undefined;
  // A key's place in the span; -1 for a key outside it or not an integer. (Between keys, the place holds undefined.)
  const index = (k: unknown) => (typeof k === 'number' && Number.isInteger(k) && k >= lo && k < lo + span ? k - lo : -1);
  if (answers.every((a) => a.k === CONST)) {
    const byKey: unknown[] = new Array(span).fill(undefined);
    keys.forEach((k, i) => (byKey[k - lo] = answers[i]!.value));
    return (env) => {
      const i = index(env.regs[reg]);
      const a = i < 0 ? undefined : byKey[i];
      return a !== undefined ? a : pick(t, fallback, env);
    };
  }
  const byKey: (Fn | undefined)[] = new Array(span).fill(undefined);
  keys.forEach((k, i) => (byKey[k - lo] = fnOf(answers[i]!)));
  return (env) => {
    const i = index(env.regs[reg]);
    const f = i < 0 ? undefined : byKey[i];
    return f !== undefined ? f(env) : pick(t, fallback, env);
  };
}

interface Table {
  readonly otherwise: Operand | undefined;
  readonly code: string;
  readonly name: string;
}

/** {@link pick} of `rows` as one closure: the rows' tests as choices between what each leads to. */
function chain(rows: readonly Row[], t: Table): Fn {
  if (rows.reduce((n, r) => n + r.tests.length, 0) > CHAINED) return (env) => pick(t, rows, env);
  let next: Operand = t.otherwise ?? callOperand(() => {
    throw new EvalFailure(t.code, t.name);
  });
  for (let r = rows.length - 1; r >= 0; r--) {
    const { tests, then } = rows[r]!;
    let entry = then;
    for (let k = tests.length - 1; k >= 0; k--) entry = callOperand(planChoice(tests[k]!, entry, next));
    next = entry;
  }
  return fnOf(next);
}

/** The first row of `bucket` whose remaining tests hold, else the table's `else`. */
function pick(t: Table, bucket: readonly Row[], env: Env): unknown {
  for (let i = 0; i < bucket.length; i++) {
    const row = bucket[i]!;
    if (allHold(row.tests, env)) return read(row.then, env);
  }
  if (t.otherwise) return read(t.otherwise, env);
  throw new EvalFailure(t.code, t.name);
}
