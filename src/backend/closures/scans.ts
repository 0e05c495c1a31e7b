/**
 * @module backend/closures/scans
 * A junction of questions about one list and one value, answered by one scan of the list: the
 * exit clause "two fails in a row or three in all" is `consecutive(h, fail, 2) or count(h, fail)
 * >= 3`, which the closures of its operands would answer with a scan each, and a closure call
 * per level of the expression. An `or` of questions that hold for every longer list once they
 * hold (`consecutive`, `count >=`, `count >`) stops its scan at the item where one does.
 */
import { SWAPPED_CMP, type Const, type Core } from '../../core/ir.ts';
import { CONST, REG, type Fn, type Operand } from './env.ts';

type Cmp = keyof typeof SWAPPED_CMP;

/** One operand of the junction: `consecutive(L, v, c)` (`run`), or `count(L, v) fn c`. */
interface ScanTest {
  readonly run: boolean;
  readonly fn: Cmp;
  readonly c: number;
}

/**
 * An `and`/`or` (negated when `neg`) whose every operand asks about one list and one value:
 * one scan counts the value and finds its longest run, then the operands are checked in
 * order on those two numbers; an `or` whose operands all hold from some item on stops there
 * ({@link scanUntil}). Undefined for any other junction. (List functions cannot fail, so
 * checking every item first, whichever operand decides, changes no answer.)
 */
export function planScans(op: 'and' | 'or', args: readonly Core[], p: { operand(e: Core): Operand }, neg: boolean): Fn | undefined {
  if (args.length < 2) return undefined;
  let list: Core | undefined;
  let value: Const | undefined;
  const tests: ScanTest[] = [];
  for (const a of args) {
    const t = scanTestOf(a);
    if (!t) return undefined;
    const v = p.operand(t.scan.value!);
    if (v.k !== CONST || (v.value !== null && typeof v.value === 'object')) return undefined;
    if (list === undefined) [list, value] = [t.scan.list, v.value];
    else if (!sameLeaf(list, t.scan.list) || v.value !== value) return undefined;
    tests.push(t.test);
  }
  const l = p.operand(list!);
  if (l.k !== REG) return undefined;
  const r = l.reg;
  const v = value;
  const n = tests.length;
  // or: the first test that holds decides true; and: the first that does not decides false.
  const stop = op === 'or';
  const result = stop !== neg;
  if (stop && tests.every((t) => (t.run || t.fn === '>=' || t.fn === '>') && Number.isFinite(t.c))) return scanUntil(r, v, tests, result);
  return (env) => {
    const xs: readonly unknown[] = env.regs[r];
    let count = 0;
    let run = 0;
    let longest = 0;
    for (let i = 0; i < xs.length; i++) {
      const hit = +(xs[i] === v);
      count += hit;
      run = (run + 1) & -hit; // one more on a hit, else 0 (no branch: items go either way at random)
      longest = run > longest ? run : longest;
    }
    for (let i = 0; i < n; i++) {
      const t = tests[i]!;
      if ((t.run ? t.c <= 0 || longest >= t.c : compare(t.fn, count, t.c)) === stop) return result;
    }
    return !result;
  };
}

/**
 * An `or` of tests that, once they hold, hold for every longer list (`consecutive`, `count >=`,
 * `count >`): the scan stops at the first item after which one holds. The value sought is
 * rarer than the others (a fail among assessments), so the branch on it is well predicted.
 */
function scanUntil(r: number, v: unknown, tests: readonly ScanTest[], result: boolean): Fn {
  // The run and the count at which some test holds (Infinity: no test on it).
  const runAt = Math.min(...tests.map((t) => (t.run ? t.c : Infinity)));
  const countAt = Math.min(...tests.map((t) => (t.run ? Infinity : t.fn === '>' ? Math.floor(t.c) + 1 : t.c)));
  if (runAt <= 0 || countAt <= 0) return () => result;
  return (env) => {
    const xs: readonly unknown[] = env.regs[r];
    let count = 0;
    let run = 0;
    for (let i = 0; i < xs.length; i++) {
      if (xs[i] === v) {
        count++;
        run++;
        if (run >= runAt || count >= countAt) return result;
      } else run = 0;
    }
    return !result;
  };
}

/** The list function of a junction's operand that {@link planScans} can answer, and its test. */
function scanTestOf(e: Core): { scan: Extract<Core, { op: 'count' | 'run' }>; test: ScanTest } | undefined {
  if (e.op === 'run') return e.n.op === 'const' && typeof e.n.value === 'number' ? { scan: e, test: { run: true, fn: '>=', c: e.n.value } } : undefined;
  if (e.op !== 'cmp') return undefined;
  const [a, b, fn] = e.a.op === 'count' ? [e.a, e.b, e.fn] : [e.b, e.a, SWAPPED_CMP[e.fn]];
  if (a.op !== 'count' || !a.value || b.op !== 'const' || typeof b.value !== 'number') return undefined;
  return { scan: a, test: { run: false, fn, c: b.value } };
}

/** Whether two expressions read the same input or the same definition. */
const sameLeaf = (a: Core, b: Core) => (a.op === 'input' || a.op === 'ref') && a.op === b.op && a.name === (b as typeof a).name;

function compare(fn: Cmp, x: number, c: number): boolean {
  switch (fn) {
    case '==': return x === c;
    case '!=': return x !== c;
    case '<': return x < c;
    case '<=': return x <= c;
    case '>': return x > c;
    case '>=': return x >= c;
  }
}
