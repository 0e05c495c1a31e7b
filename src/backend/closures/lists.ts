/**
 * @module backend/closures/lists
 * List functions and clause sets over planned operands (assessment histories, admission
 * lists, fired clause keys).
 */
import type { Const, Core } from '../../core/ir.ts';
import { countOf, hasRun, intern } from '../../runtime.ts';
import { CONST, fnOf, read, REG, type Fn, type Operand } from './env.ts';
import { holds, type Test } from './predicates.ts';
import { TEST_CALL, TEST_EQ, TEST_NE, TEST_TRUTHY } from './test-kinds.ts';

type ListOp = Extract<Core, { op: 'count' | 'contains' | 'all' | 'sum' | 'run' | 'last' }>;

/** Plans a list function; `value` and `n` are its planned operands where it has them. */
export function planListOp(e: ListOp, list: Operand, value: Operand | undefined, n: Operand | undefined): Fn {
  switch (e.op) {
    case 'count': {
      if (!value) {
        if (list.k === REG) {
          const r = list.reg;
          return (env) => env.regs[r].length;
        }
        const f = fnOf(list);
        return (env) => f(env).length;
      }
      if (list.k === REG && value.k === CONST) {
        const r = list.reg;
        const v = value.value;
        return (env) => countOf(env.regs[r], v);
      }
      return (env) => countOf(read(list, env), read(value, env));
    }
    case 'contains':
      return (env) => (read(list, env) as unknown[]).includes(read(value!, env));
    case 'all':
      return (env) => {
        const x = read(value!, env);
        return (read(list, env) as unknown[]).every((y) => y === x);
      };
    case 'sum':
      return (env) => {
        let s = 0;
        for (const x of read(list, env) as number[]) s += x;
        return s;
      };
    case 'run':
      if (list.k === REG && value!.k === CONST && n!.k === CONST) {
        const r = list.reg;
        const v = value!.value;
        const k = n!.value as number;
        return (env) => hasRun(env.regs[r], v, k);
      }
      return (env) => hasRun(read(list, env), read(value!, env), read(n!, env));
    case 'last':
      return (env) => {
        const xs = read(list, env) as unknown[];
        const k = read(n!, env) as number;
        return k <= 0 ? [] : xs.slice(Math.max(0, xs.length - k));
      };
  }
}

/** A list literal. */
export function planList(items: readonly Operand[]): Fn {
  return (env) => {
    const out = new Array(items.length);
    for (let i = 0; i < items.length; i++) out[i] = read(items[i]!, env);
    return out;
  };
}

/**
 * A clause set: the keys of the items whose condition holds, in order. Each condition is the
 * tests that must all hold (an `and` of conditions is checked test by test, in place, not
 * through a closure per clause). The tests of clauses that only read registers cannot fail:
 * they are checked all at once, a loop per kind of test (flags, equalities, the rest), with
 * no branch on which hold (flags go either way at random) and no dispatch on the kind of each.
 * A clause that is one test calling out (a junction, a list function) is called and its answer
 * taken as a bit; a clause of several tests, one of which calls out, stops at its first test
 * that does not hold, as `and` does. Traced (for explanations), and past 31 clauses, every
 * clause is checked in order.
 */
export function planCollect(conditions: readonly (readonly Test[])[], keys: readonly Const[], name: string, traced = false): Fn {
  const n = conditions.length;
  keys = keys.map(intern);
  if (traced || n > 31) return collectInOrder(conditions, keys, name);
  const pure = conditions.map((ts) => ts.every((t) => t.op !== TEST_CALL));
  // The pure clauses' tests by kind, each with its clause's bit.
  const flags: { t: Test; bit: number }[] = [];
  const eqs: { t: Test; bit: number }[] = [];
  const rest: { t: Test; bit: number }[] = [];
  conditions.forEach((ts, i) => {
    if (pure[i]) for (const t of ts) (t.op === TEST_TRUTHY ? flags : t.op === TEST_EQ || t.op === TEST_NE ? eqs : rest).push({ t, bit: 1 << i });
  });
  // Per test: its register, whether it holds when its check (x is true; x === c) fails, and its clause's bit.
  // (A flag holds a boolean, as the checker typed it: compared with `true`, where `!x` on a value V8
  // knows nothing of is a chain of tests, the costliest line of the evaluator before.)
  const flagReg = Int32Array.from(flags, (x) => x.t.reg);
  const flagNeg = Int32Array.from(flags, (x) => +x.t.neg);
  const flagBit = Int32Array.from(flags, (x) => x.bit);
  const eqReg = Int32Array.from(eqs, (x) => x.t.reg);
  const eqValue = eqs.map((x) => x.t.c);
  const eqNeg = Int32Array.from(eqs, (x) => +(x.t.neg !== (x.t.op === TEST_NE)));
  const eqBit = Int32Array.from(eqs, (x) => x.bit);
  const restTests = rest.map((x) => x.t);
  const restBit = Int32Array.from(rest, (x) => x.bit);
  const pureBits = pure.reduce((m, p, i) => (p ? m | (1 << i) : m), 0);
  // The other clauses, in order (the first to fail names the failure).
  const other = Int32Array.from(conditions.flatMap((_, i) => (pure[i] ? [] : [i])));
  const single = (i: number) => conditions[i]!.length === 1;
  const call = Array.from(other, (i) => (single(i) ? conditions[i]![0]!.fn : undefined));
  const callNeg = Int32Array.from(other, (i) => +(single(i) && conditions[i]![0]!.neg));
  return (env) => {
    const r = env.regs;
    // The bits of the pure clauses with a test that does not hold (`-x & bit`: the bit when x is 1).
    let fails = 0;
    for (let q = 0; q < flagReg.length; q++) fails |= -(+(r[flagReg[q]!] !== true) ^ flagNeg[q]!) & flagBit[q]!;
    for (let q = 0; q < eqReg.length; q++) fails |= -(+(r[eqReg[q]!] !== eqValue[q]) ^ eqNeg[q]!) & eqBit[q]!;
    for (let q = 0; q < restTests.length; q++) fails |= -+!holds(restTests[q]!, env) & restBit[q]!;
    let hits = pureBits & ~fails;
    others: for (let q = 0; q < other.length; q++) {
      const i = other[q]!;
      const f = call[q];
      if (f !== undefined) {
        hits |= -(+!!f(env) ^ callNeg[q]!) & (1 << i);
        continue;
      }
      const tests = conditions[i]!;
      for (let j = 0; j < tests.length; j++) if (!holds(tests[j]!, env)) continue others;
      hits |= 1 << i;
    }
    if (hits === 0) return [];
    // One clause (the usual case): a literal, which costs less than an array of a length not known.
    if ((hits & (hits - 1)) === 0) return [keys[31 - Math.clz32(hits)]!];
    // An array of exactly the hits' length: growing `[]` by `push` allocates room for 17 items on the first key.
    const out: Const[] = new Array(bitCount(hits));
    for (let i = 0, j = 0, m = hits; m !== 0; i++, m >>>= 1) if (m & 1) out[j++] = keys[i]!;
    return out;
  };
}

/** The clause set of {@link planCollect}, each clause checked in order (and traced when it holds). */
function collectInOrder(conditions: readonly (readonly Test[])[], keys: readonly Const[], name: string): Fn {
  const n = conditions.length;
  // The positions of the hits. (No test of a clause set reads the set, so one evaluation of
  // this closure never starts inside another: one scratch array will do.)
  const at = new Int32Array(n);
  return (env) => {
    let hits = 0;
    clauses: for (let i = 0; i < n; i++) {
      const tests = conditions[i]!;
      for (let j = 0; j < tests.length; j++) if (!holds(tests[j]!, env)) continue clauses;
      at[hits++] = i;
      env.trace?.branch(name, i);
    }
    if (hits === 0) return [];
    const out: Const[] = new Array(hits);
    for (let j = 0; j < hits; j++) out[j] = keys[at[j]!]!;
    return out;
  };
}

/** The number of bits set in `x` (a 32-bit integer). */
function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
