/**
 * Decimal sums, differences and products are exact: each is rounded to the places its exact
 * value has (core/places.ts), so binary floating-point noise never reaches an output or a
 * comparison (`0.1 + 0.2` is 0.3, `60% + 30% = 90%` holds), on both backends, and the checker's
 * constant evaluation agrees with run time. Quotients keep every place a double holds.
 */
import { describe, expect, it } from 'vitest';
import { runJsonLogic } from '../../src/backend/run-json-logic.ts';
import { placesOfNumber, roundToPlaces } from '../../src/runtime.ts';
import { rng } from '../generate.ts';
import { compileText } from '../helpers.ts';

const SOURCE = `
ruleset dec
input a: decimal in -1000..1000
input b: decimal in -1000..1000
input flag: bool
param share: decimal = 60%
param rest: decimal = 30%
def plus: decimal cite "t" = a + b
def minus: decimal cite "t" = a - b
def times: decimal cite "t" = a * b
def mixed: decimal cite "t" = (a + b) * 3 - b
def noise: decimal cite "t" = 0.1 + 0.2
def ninety: bool cite "t" = share + rest = 90%
def same: bool cite "t" = a + b = 0.3
def percent: decimal cite "t" = 1.1%
def third: decimal cite "t" = 1 / 3 + 0.1
def branch: decimal cite "t" in 0..0.3 = if flag then 0.1 + 0.2 otherwise 0
output plus, minus, times, mixed, noise, ninety, same, percent, third, branch
`;

/** The exact decimal `n / 10^p` written out, parsed by JavaScript: the nearest double. */
const decimal = (n: bigint, p: number): number => {
  const neg = n < 0n;
  const digits = (neg ? -n : n).toString().padStart(p + 1, '0');
  return Number(`${neg ? '-' : ''}${digits.slice(0, digits.length - p)}.${digits.slice(digits.length - p) || '0'}`);
};

describe('decimal arithmetic', () => {
  const r = compileText(SOURCE);
  const rs = r.ruleset!;
  const program = rs.jsonLogic();
  const both = (input: Record<string, unknown>) => {
    const closures = rs.evaluate(input, { asOf: '2025-01-01' });
    if (!closures.ok) throw new Error(JSON.stringify(closures.errors));
    return [closures.outputs, runJsonLogic(program, input, '2025-01-01')] as const;
  };

  it('compiles without diagnostics: a constant branch 0.1 + 0.2 is inside 0..0.3 at check time too', () => {
    expect(r.diagnostics).toEqual([]);
  });

  it('gives sums, differences and products of decimal inputs as their exact decimal, on both backends', () => {
    const next = rng(20261204);
    for (let k = 0; k < 3000; k++) {
      // Up to 6 places, as inputs may have; magnitudes up to 1,000.
      const pa = Math.floor(next() * 7);
      const pb = Math.floor(next() * 7);
      const na = BigInt(Math.floor((next() * 2 - 1) * 1000 * 10 ** pa));
      const nb = BigInt(Math.floor((next() * 2 - 1) * 1000 * 10 ** pb));
      const a = decimal(na, pa);
      const b = decimal(nb, pb);
      const p = Math.max(pa, pb);
      const wa = na * 10n ** BigInt(p - pa);
      const wb = nb * 10n ** BigInt(p - pb);
      const want = { plus: decimal(wa + wb, p), minus: decimal(wa - wb, p), mixed: decimal((wa + wb) * 3n - wb, p) };
      // A product of two inputs has up to 12 places: exact while |a × b| · 10^12 < 2^50; past
      // that, within a millionth of a percent, the same on both backends.
      const product = decimal(na * nb, pa + pb);
      const [closures, jsonLogic] = both({ a, b, flag: false });
      for (const out of [closures, jsonLogic]) expect({ a, b, ...out }).toMatchObject({ a, b, ...want });
      if (Math.abs(product) * 1e12 < 2 ** 50) expect({ a, b, times: closures['times'] }).toEqual({ a, b, times: product });
      else expect(Math.abs((closures['times'] as number) - product)).toBeLessThanOrEqual(Math.abs(product) * 1e-14);
      expect(jsonLogic['times']).toBe(closures['times']);
    }
  });

  it('gives products of rates of 6 places (up to 1,125 in size) as their exact decimal', () => {
    const next = rng(42);
    for (let k = 0; k < 3000; k++) {
      const na = BigInt(Math.floor((next() * 2 - 1) * 33 * 10 ** 6));
      const nb = BigInt(Math.floor((next() * 2 - 1) * 33 * 10 ** 6));
      const [a, b] = [decimal(na, 6), decimal(nb, 6)];
      for (const out of both({ a, b, flag: false })) expect({ a, b, times: out['times'] }).toEqual({ a, b, times: decimal(na * nb, 12) });
    }
  });

  it('shows no floating-point noise in outputs or comparisons', () => {
    for (const out of both({ a: 0.1, b: 0.2, flag: true })) {
      expect(out).toMatchObject({ plus: 0.3, minus: -0.1, times: 0.02, noise: 0.3, ninety: true, same: true, percent: 0.011, branch: 0.3 });
    }
  });

  it('leaves a quotient, whose places have no bound, as the double it is', () => {
    for (const out of both({ a: 0, b: 0, flag: false })) expect(out['third']).toBe(1 / 3 + 0.1);
  });
});

describe('placesOfNumber and roundToPlaces', () => {
  it('count the places of the shortest form, and none past 15', () => {
    expect([0, 7, 0.5, 0.25, 1.1e-7, 1e21, -0.125].map(placesOfNumber)).toEqual([0, 0, 1, 2, 8, 0, 3]);
    expect([0.1 + 0.2, 1 / 3, Number.NaN, Infinity].map(placesOfNumber)).toEqual([Infinity, Infinity, Infinity, Infinity]);
  });

  it('round a noisy sum to the nearest double of its exact value, negative ones too', () => {
    expect(roundToPlaces(0.1 + 0.2, 1)).toBe(0.3);
    expect(roundToPlaces(-0.1 - 0.2, 1)).toBe(-0.3);
    expect(roundToPlaces(0.6 + 0.3, 6)).toBe(0.9);
    expect(Object.is(roundToPlaces(-0.1 + 0.1, 1), 0)).toBe(true);
  });
});

describe('decimals too large to round exactly', () => {
  // 5041485857.907845 × 10^6 is past 2^50: ⌊x · 10^6 + 0.5⌋ / 10^6 would give …907846.
  const big = 5041485857.907845;
  const rs = compileText(`
ruleset big
input a: decimal
input b: decimal
def plus: decimal cite "t" = a + b
def times: decimal cite "t" = a * b
output plus, times
`).ruleset!;

  it('are left as the double they are, not moved off it', () => {
    expect(roundToPlaces(big, 6)).toBe(big);
    expect(roundToPlaces(1536234096489109, 6)).toBe(1536234096489109);
    const input = { a: big, b: 0 };
    const want = { plus: big, times: 0 };
    expect(rs.evaluate(input, { asOf: '2025-01-01' })).toEqual({ ok: true, outputs: want });
    expect(runJsonLogic(rs.jsonLogic(), input, '2025-01-01')).toEqual(want);
    const one = { a: big, b: 1 };
    expect(runJsonLogic(rs.jsonLogic(), one, '2025-01-01')).toEqual({ plus: big + 1, times: big });
  });
});

describe('a param with dated values', () => {
  // At run time `p + 0.2` has the places of every value p takes (1 / 30 has no bound): it is not
  // rounded, so before 2025 it is 0.30000000000000004, which the checker must see too.
  const text = (range: string) => `
ruleset dated
param p: decimal "p" cite "t"
  = 0.1
  from 2025-01-01 = 1 / 30
def x: decimal cite "t"${range} = p + 0.2
output x
`;

  it('has the places of all its values in the checker as at run time', () => {
    const free = compileText(text('')).ruleset!;
    const early = free.evaluate({}, { asOf: '2024-06-01' });
    expect(early).toEqual({ ok: true, outputs: { x: 0.1 + 0.2 } });
    // A constant result outside a range is reported when checked, not found when evaluated.
    expect(compileText(text(' in ..0.3')).diagnostics.map((d) => d.code)).toContain('E-RANGE');
  });
});

describe('numbered clauses', () => {
  const source = (a: string, b: string) => `ruleset numbered\ninput flag: bool\nclauses c "c" cite "t"\n  clause ${a} "a" cite "t" : flag\n  clause ${b} "b" cite "t" : flag\noutput c\n`;

  it('are whole numbers, as the list of integers they make says (before: clause 1.25 gave 1.25)', () => {
    const d = compileText(source('1.25', '2')).diagnostics;
    expect(d.map((x) => [x.code, x.message])).toEqual([['E-CLAUSE-NUMBER', 'clause numbers are whole numbers, not `1.25` (the clause set is a list of integers); give the clause a name instead']]);
  });

  it('are the same clause however written: `01` repeats `1`', () => {
    expect(compileText(source('1', '01')).diagnostics.map((x) => x.code)).toEqual(['E-CLAUSE-DUPLICATE']);
    expect(compileText(source('1', '2')).diagnostics).toEqual([]);
  });
});

describe('sum of a list of decimals', () => {
  it('is exact, as a + b is', () => {
    const r = compileText(`
ruleset summed
input xs: list of decimal
param ps: list of decimal = [0.1, 0.2]
def s: decimal cite "t" = sum(xs)
def same: bool cite "t" = sum(xs) = 0.3
def fixed: decimal cite "t" in ..0.3 = sum(ps)
output s, same, fixed
`);
    expect(r.diagnostics).toEqual([]);
    const input = { xs: [0.1, 0.2] };
    const want = { s: 0.3, same: true, fixed: 0.3 };
    expect(r.ruleset!.evaluate(input, { asOf: '2025-01-01' })).toEqual({ ok: true, outputs: want });
    expect(runJsonLogic(r.ruleset!.jsonLogic(), input, '2025-01-01')).toEqual(want);
  });
});
