/**
 * @module backend/closures/choices
 * `if t then a else b` with the test written out in the closure when it compares a register with
 * a constant, or with a few members (or reads a flag): no dispatch on the test's kind (`holds`' switch, shared by every
 * choice, went either way from one choice to the next), one closure literal per kind of test and
 * shape of arms, as the operators in `operands.ts` are; order tests on text (dates) have closures
 * apart from those on numbers. Other tests go through `holds`.
 */
import type { Const } from '../../core/ir.ts';
import { CONST, read, type Fn, type Operand, fnOf } from './env.ts';
import { holds, type Test } from './predicates.ts';
import { TEST_EQ, TEST_GE, TEST_GT, TEST_IN, TEST_LE, TEST_LT, TEST_NE, TEST_TRUTHY } from './test-kinds.ts';

/**
 * Closure makers for one kind of test of register `r` against constant `k` (for membership, the
 * set of members), one per shape of the arms: c, a constant; f, anything else (a register or a
 * call, as a closure).
 */
interface Choices {
  cc(r: number, k: any, x: Const, y: Const): Fn;
  cf(r: number, k: any, x: Const, g: Fn): Fn;
  fc(r: number, k: any, f: Fn, y: Const): Fn;
  ff(r: number, k: any, f: Fn, g: Fn): Fn;
}

const CHOICES: Readonly<Record<number, Choices>> = {
  [TEST_TRUTHY]: {
    cc: (r, k, x, y) => (env) => (env.regs[r] === true ? x : y),
    cf: (r, k, x, g) => (env) => (env.regs[r] === true ? x : g(env)),
    fc: (r, k, f, y) => (env) => (env.regs[r] === true ? f(env) : y),
    ff: (r, k, f, g) => (env) => (env.regs[r] === true ? f(env) : g(env)),
  },
  [TEST_EQ]: {
    cc: (r, k, x, y) => (env) => (env.regs[r] === k ? x : y),
    cf: (r, k, x, g) => (env) => (env.regs[r] === k ? x : g(env)),
    fc: (r, k, f, y) => (env) => (env.regs[r] === k ? f(env) : y),
    ff: (r, k, f, g) => (env) => (env.regs[r] === k ? f(env) : g(env)),
  },
  [TEST_NE]: {
    cc: (r, k, x, y) => (env) => (env.regs[r] !== k ? x : y),
    cf: (r, k, x, g) => (env) => (env.regs[r] !== k ? x : g(env)),
    fc: (r, k, f, y) => (env) => (env.regs[r] !== k ? f(env) : y),
    ff: (r, k, f, g) => (env) => (env.regs[r] !== k ? f(env) : g(env)),
  },
  [TEST_LT]: {
    cc: (r, k, x, y) => (env) => (env.regs[r] < k ? x : y),
    cf: (r, k, x, g) => (env) => (env.regs[r] < k ? x : g(env)),
    fc: (r, k, f, y) => (env) => (env.regs[r] < k ? f(env) : y),
    ff: (r, k, f, g) => (env) => (env.regs[r] < k ? f(env) : g(env)),
  },
  [TEST_LE]: {
    cc: (r, k, x, y) => (env) => (env.regs[r] <= k ? x : y),
    cf: (r, k, x, g) => (env) => (env.regs[r] <= k ? x : g(env)),
    fc: (r, k, f, y) => (env) => (env.regs[r] <= k ? f(env) : y),
    ff: (r, k, f, g) => (env) => (env.regs[r] <= k ? f(env) : g(env)),
  },
  [TEST_GT]: {
    cc: (r, k, x, y) => (env) => (env.regs[r] > k ? x : y),
    cf: (r, k, x, g) => (env) => (env.regs[r] > k ? x : g(env)),
    fc: (r, k, f, y) => (env) => (env.regs[r] > k ? f(env) : y),
    ff: (r, k, f, g) => (env) => (env.regs[r] > k ? f(env) : g(env)),
  },
  [TEST_GE]: {
    cc: (r, k, x, y) => (env) => (env.regs[r] >= k ? x : y),
    cf: (r, k, x, g) => (env) => (env.regs[r] >= k ? x : g(env)),
    fc: (r, k, f, y) => (env) => (env.regs[r] >= k ? f(env) : y),
    ff: (r, k, f, g) => (env) => (env.regs[r] >= k ? f(env) : g(env)),
  },
  // `k` is the set of members.
  [TEST_IN]: {
    cc: (r, k, x, y) => (env) => (isIn(env.regs[r], k) ? x : y),
    cf: (r, k, x, g) => (env) => (isIn(env.regs[r], k) ? x : g(env)),
    fc: (r, k, f, y) => (env) => (isIn(env.regs[r], k) ? f(env) : y),
    ff: (r, k, f, g) => (env) => (isIn(env.regs[r], k) ? f(env) : g(env)),
  },
};

/**
 * The order tests again, for constants that are text (dates): a comparison site that saw numbers
 * and text compares generically, so text gets closures of its own.
 */
const TEXT_ORDER: Readonly<Record<number, Choices>> = {
  [TEST_LT]: {
    cc: (r, k, x, y) => (env) => (env.regs[r] < k ? x : y),
    cf: (r, k, x, g) => (env) => (env.regs[r] < k ? x : g(env)),
    fc: (r, k, f, y) => (env) => (env.regs[r] < k ? f(env) : y),
    ff: (r, k, f, g) => (env) => (env.regs[r] < k ? f(env) : g(env)),
  },
  [TEST_LE]: {
    cc: (r, k, x, y) => (env) => (env.regs[r] <= k ? x : y),
    cf: (r, k, x, g) => (env) => (env.regs[r] <= k ? x : g(env)),
    fc: (r, k, f, y) => (env) => (env.regs[r] <= k ? f(env) : y),
    ff: (r, k, f, g) => (env) => (env.regs[r] <= k ? f(env) : g(env)),
  },
  [TEST_GT]: {
    cc: (r, k, x, y) => (env) => (env.regs[r] > k ? x : y),
    cf: (r, k, x, g) => (env) => (env.regs[r] > k ? x : g(env)),
    fc: (r, k, f, y) => (env) => (env.regs[r] > k ? f(env) : y),
    ff: (r, k, f, g) => (env) => (env.regs[r] > k ? f(env) : g(env)),
  },
  [TEST_GE]: {
    cc: (r, k, x, y) => (env) => (env.regs[r] >= k ? x : y),
    cf: (r, k, x, g) => (env) => (env.regs[r] >= k ? x : g(env)),
    fc: (r, k, f, y) => (env) => (env.regs[r] >= k ? f(env) : y),
    ff: (r, k, f, g) => (env) => (env.regs[r] >= k ? f(env) : g(env)),
  },
};

/** Whether `x` is one of `set` (up to 8 members: compared one by one, as `holds` does). */
function isIn(x: unknown, set: readonly Const[]): boolean {
  for (let i = 0; i < set.length; i++) if (set[i] === x) return true;
  return false;
}

/** Tests a chain of choices takes at most (one choice calls the next): longer ones are checked in a loop. */
export const CHAINED = 32;

/** `if t then a else b`. */
export function planChoice(t: Test, a: Operand, b: Operand): Fn {
  const make = (typeof t.c === 'string' ? TEXT_ORDER[t.op] : undefined) ?? CHOICES[t.op];
  if (make) {
    // A test that holds when its check is false: the arms change places.
    const [yes, no] = t.neg ? [b, a] : [a, b];
    const { reg } = t;
    const k = t.op === TEST_IN ? t.set : t.c;
    if (yes.k === CONST) return no.k === CONST ? make.cc(reg, k, yes.value, no.value) : make.cf(reg, k, yes.value, fnOf(no));
    return no.k === CONST ? make.fc(reg, k, fnOf(yes), no.value) : make.ff(reg, k, fnOf(yes), fnOf(no));
  }
  if (a.k === CONST && b.k === CONST) {
    const x = a.value;
    const y = b.value;
    return (env) => (holds(t, env) ? x : y);
  }
  return (env) => (holds(t, env) ? read(a, env) : read(b, env));
}
