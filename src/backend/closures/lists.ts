/**
 * @module backend/closures/lists
 * List functions and clause sets over planned operands (assessment histories, admission
 * lists, fired clause keys).
 */
import type { Const, Core } from '../../core/ir.ts';
import { countOf, hasRun, intern } from '../../runtime.ts';
import { CONST, fnOf, read, REG, type Fn, type Operand } from './env.ts';
import { holds, type Test } from './predicates.ts';

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
 * through a closure per clause).
 */
export function planCollect(conditions: readonly (readonly Test[])[], keys: readonly Const[], name: string): Fn {
  const n = conditions.length;
  keys = keys.map(intern);
  // The positions of the hits, then an array of exactly that length: growing `[]` by `push`
  // allocates room for 17 items on the first key. (No test of a clause set reads the set, so
  // one evaluation of this closure never starts inside another: one scratch array will do.)
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
