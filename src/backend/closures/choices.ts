/**
 * @module backend/closures/choices
 * `if t then a else b` with the test written out in the closure when it compares a register with
 * a constant (or reads a flag): no dispatch on the test's kind (`holds`' switch, shared by every
 * choice, went either way from one choice to the next), one closure literal per kind of test and
 * shape of arms, as the operators in `operands.ts` are. Other tests go through `holds`.
 */
import type { Const } from '../../core/ir.ts';
import { CONST, read, type Fn, type Operand, fnOf } from './env.ts';
import { holds, TEST_EQ, TEST_GE, TEST_GT, TEST_LE, TEST_LT, TEST_NE, TEST_TRUTHY, type Test } from './predicates.ts';

/** Closure makers for one kind of test, one per shape of the arms (c: a constant, f: a closure). */
interface Choices {
  cc(r: number, c: any, x: Const, y: Const): Fn;
  cf(r: number, c: any, x: Const, g: Fn): Fn;
  fc(r: number, c: any, f: Fn, y: Const): Fn;
  ff(r: number, c: any, f: Fn, g: Fn): Fn;
}

const CHOICES: Readonly<Record<number, Choices>> = {
  [TEST_TRUTHY]: {
    cc: (r, c, x, y) => (env) => (!!env.regs[r] ? x : y),
    cf: (r, c, x, g) => (env) => (!!env.regs[r] ? x : g(env)),
    fc: (r, c, f, y) => (env) => (!!env.regs[r] ? f(env) : y),
    ff: (r, c, f, g) => (env) => (!!env.regs[r] ? f(env) : g(env)),
  },
  [TEST_EQ]: {
    cc: (r, c, x, y) => (env) => (env.regs[r] === c ? x : y),
    cf: (r, c, x, g) => (env) => (env.regs[r] === c ? x : g(env)),
    fc: (r, c, f, y) => (env) => (env.regs[r] === c ? f(env) : y),
    ff: (r, c, f, g) => (env) => (env.regs[r] === c ? f(env) : g(env)),
  },
  [TEST_NE]: {
    cc: (r, c, x, y) => (env) => (env.regs[r] !== c ? x : y),
    cf: (r, c, x, g) => (env) => (env.regs[r] !== c ? x : g(env)),
    fc: (r, c, f, y) => (env) => (env.regs[r] !== c ? f(env) : y),
    ff: (r, c, f, g) => (env) => (env.regs[r] !== c ? f(env) : g(env)),
  },
  [TEST_LT]: {
    cc: (r, c, x, y) => (env) => (env.regs[r] < c ? x : y),
    cf: (r, c, x, g) => (env) => (env.regs[r] < c ? x : g(env)),
    fc: (r, c, f, y) => (env) => (env.regs[r] < c ? f(env) : y),
    ff: (r, c, f, g) => (env) => (env.regs[r] < c ? f(env) : g(env)),
  },
  [TEST_LE]: {
    cc: (r, c, x, y) => (env) => (env.regs[r] <= c ? x : y),
    cf: (r, c, x, g) => (env) => (env.regs[r] <= c ? x : g(env)),
    fc: (r, c, f, y) => (env) => (env.regs[r] <= c ? f(env) : y),
    ff: (r, c, f, g) => (env) => (env.regs[r] <= c ? f(env) : g(env)),
  },
  [TEST_GT]: {
    cc: (r, c, x, y) => (env) => (env.regs[r] > c ? x : y),
    cf: (r, c, x, g) => (env) => (env.regs[r] > c ? x : g(env)),
    fc: (r, c, f, y) => (env) => (env.regs[r] > c ? f(env) : y),
    ff: (r, c, f, g) => (env) => (env.regs[r] > c ? f(env) : g(env)),
  },
  [TEST_GE]: {
    cc: (r, c, x, y) => (env) => (env.regs[r] >= c ? x : y),
    cf: (r, c, x, g) => (env) => (env.regs[r] >= c ? x : g(env)),
    fc: (r, c, f, y) => (env) => (env.regs[r] >= c ? f(env) : y),
    ff: (r, c, f, g) => (env) => (env.regs[r] >= c ? f(env) : g(env)),
  },
};

/** `if t then a else b`. */
export function planChoice(t: Test, a: Operand, b: Operand): Fn {
  const make = CHOICES[t.op];
  if (make) {
    // A test that holds when its check is false: the arms change places.
    const [yes, no] = t.neg ? [b, a] : [a, b];
    const { reg, c } = t;
    if (yes.k === CONST) return no.k === CONST ? make.cc(reg, c, yes.value, no.value) : make.cf(reg, c, yes.value, fnOf(no));
    return no.k === CONST ? make.fc(reg, c, fnOf(yes), no.value) : make.ff(reg, c, fnOf(yes), fnOf(no));
  }
  if (a.k === CONST && b.k === CONST) {
    const x = a.value;
    const y = b.value;
    return (env) => (holds(t, env) ? x : y);
  }
  return (env) => (holds(t, env) ? read(a, env) : read(b, env));
}
