/**
 * Integers are exact only within ±(2^53 − 1). An integer def that arithmetic could take past
 * that is checked when evaluated (E-EVAL-RANGE); one whose inputs' and values' declared ranges
 * bound it is not, so the check costs nothing where the rules already bound their numbers (all
 * the seeds).
 */
import { describe, expect, it } from 'vitest';
import { boundsOf, type BoundsOf } from '../../src/core/bounds.ts';
import type { Core } from '../../src/core/ir.ts';
import { compileText, seed, SEED_IDS } from '../helpers.ts';

const c = (value: number): Core => ({ op: 'const', value });
const x: Core = { op: 'input', name: 'x' };
const of: BoundsOf = { input: () => [-2, 10], ref: () => undefined };

describe('bounds of an expression', () => {
  it.each<[string, Core, readonly [number, number] | undefined]>([
    ['a constant', c(7), [7, 7]],
    ['an input', x, [-2, 10]],
    ['x + 5', { op: 'arith', fn: '+', a: x, b: c(5) }, [3, 15]],
    ['5 - x', { op: 'arith', fn: '-', a: c(5), b: x }, [-5, 7]],
    ['x * -3', { op: 'arith', fn: '*', a: x, b: c(-3) }, [-30, 6]],
    ['x / 2', { op: 'arith', fn: '/', a: x, b: c(2) }, [-1, 5]],
    ['x / x (divisor not a constant)', { op: 'arith', fn: '/', a: x, b: x }, undefined],
    ['-x', { op: 'neg', a: x }, [-10, 2]],
    ['abs(x)', { op: 'abs', a: x }, [0, 10]],
    ['max(x, 4)', { op: 'minmax', fn: 'max', args: [x, c(4)] }, [4, 10]],
    ['min(x, 4)', { op: 'minmax', fn: 'min', args: [x, c(4)] }, [-2, 4]],
    ['an unbounded ref', { op: 'ref', name: 'r' }, undefined],
    ['if … then x otherwise 20', { op: 'if', cond: { op: 'const', value: true }, then: x, else: c(20) }, [-2, 20]],
    ['a count', { op: 'count', list: { op: 'input', name: 'l' } }, [0, 2 ** 32]],
  ])('%s', (_name, e, expected) => {
    expect(boundsOf(e, of)).toEqual(expected);
  });
});

describe('integers past the safe integers', () => {
  const unsafe = (text: string) => compileText(text).ruleset!.core.defs.filter((d) => d.unsafe).map((d) => d.name);

  it('are checked only where no declared range bounds them', () => {
    const text = `ruleset b
input n: integer
input h: integer in 0..100000
def free: integer cite "x" = n + 1
def bounded: integer cite "x" = h * 1000 + 7
def via_free: integer cite "x" = if h > 5 then free + 1 otherwise 0
def grids: integer cite "x" = ceil(h / 400)
output free, bounded, via_free, grids`;
    expect(unsafe(text)).toEqual(['free', 'via_free']);
    const rs = compileText(text).ruleset!;
    expect(rs.evaluate({ n: Number.MAX_SAFE_INTEGER, h: 10 }, { outputs: ['free'] })).toMatchObject({ ok: false, errors: [{ field: 'free', code: 'E-EVAL-RANGE' }] });
    // JSON Logic has no errors: no value (null), and what reads it has none either.
    expect(rs.evaluateJsonLogic({ n: Number.MAX_SAFE_INTEGER, h: 10 }, { outputs: ['free', 'via_free'] })).toEqual({ ok: true, outputs: { free: null, via_free: null } });
    expect(rs.evaluateJsonLogic({ n: 41, h: 10 }, { outputs: ['free', 'via_free'] })).toEqual({ ok: true, outputs: { free: 42, via_free: 43 } });
    expect(rs.evaluate({ n: 1, h: 100000 }, { outputs: ['bounded', 'grids'] })).toEqual({ ok: true, outputs: { bounded: 100000007, grids: 250 } });
  });

  it('amounts too: money × an unbounded integer is checked, and past 2^53 fen fails instead of losing fen', () => {
    const text = 'ruleset m\ninput pay: money\ninput n: integer\ninput k: integer in 0..1000\ndef total: money cite "x" = pay * n\ndef capped: money cite "x" = pay * k\noutput total, capped';
    expect(unsafe(text)).toEqual(['total']);
    const rs = compileText(text).ruleset!;
    const big = { pay: 90_000_000, n: 2 ** 40, k: 3 };
    expect(rs.evaluate(big, { outputs: ['total'] })).toMatchObject({ ok: false, errors: [{ field: 'total', code: 'E-EVAL-RANGE', message: expect.stringContaining('amounts are computed exactly to the fen only within') }] });
    expect(rs.evaluateJsonLogic(big, { outputs: ['total'] })).toEqual({ ok: true, outputs: { total: null } });
    expect(rs.evaluate(big, { outputs: ['capped'] })).toEqual({ ok: true, outputs: { capped: 270_000_000 } });
  });

  it('are named in digits however large (not 1.2089258196146292e+24)', () => {
    const rs = compileText('ruleset big\ninput a: integer\ninput b: integer\ninput pay: money\ndef big: integer cite "x" = a * b\ndef amt: money cite "x" = pay * a\noutput big, amt').ruleset!;
    expect(rs.evaluate({ a: 2 ** 40, b: 2 ** 40 }, { outputs: ['big'] })).toMatchObject({ ok: false, errors: [{ message: expect.stringMatching(/^`big` = 1208925819614629174706176 is not exact/) }] });
    expect(rs.evaluate({ a: 2 ** 50, pay: 90_000_000 }, { outputs: ['amt'] })).toMatchObject({ ok: false, errors: [{ message: expect.stringMatching(/^`amt` = 101330991615836160000000 is not exact/) }] });
  });

  it.each(SEED_IDS)('carry no check in the seed %s: its ranges bound every integer', (id) => {
    expect(seed(id).core.defs.filter((d) => d.unsafe).map((d) => d.name)).toEqual([]);
  });
});
