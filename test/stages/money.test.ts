/**
 * Money is exact to the fen, or refused: money inputs with digits below the fen are named and
 * refused (never rounded within a tolerance), in the fast reader, the valibot schema and the CLI
 * alike; money literals with digits below the fen are diagnostics wherever they stand. Decimals
 * (rates) have at most 6 decimal places, all of which count when they multiply money: longer
 * literals are diagnostics and longer inputs are refused by name (they were rounded away).
 * Money × or ÷ a decimal is exact however large the product (a BigInt path past 2^51), checked
 * against a BigInt reference on random and half-up boundary cases, on both backends.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { roundText, shiftPoint } from '../../src/check/literals.ts';
import { divMoney, hasRatePlaces, MAX_MONEY_FEN, mulMoney, RATE_SCALE, scaleRate, yuanToFen, type RoundMode } from '../../src/runtime.ts';
import { rng } from '../generate.ts';
import { inputSchema } from '../../src/schema/index.ts';
import { inputReader } from '../../src/schema/reader.ts';
import { compileText } from '../helpers.ts';

describe('yuanToFen', () => {
  it('accepts every amount with at most 2 decimals as its exact fen, however the double falls', () => {
    for (let fen = -20_000; fen <= 200_000; fen++) expect(yuanToFen(fen / 100)).toBe(fen);
    for (let fen = MAX_MONEY_FEN - 100_000; fen <= MAX_MONEY_FEN; fen++) expect(yuanToFen(fen / 100)).toBe(fen);
    expect(yuanToFen(0.07)).toBe(7); // 0.07 × 100 = 7.000000000000001
    expect(yuanToFen(1.15)).toBe(115); // 1.15 × 100 = 114.99999999999999
  });

  it('refuses digits below the fen, with no tolerance (the old 1e-6 tolerance took all of these)', () => {
    expect(yuanToFen(0.1 + 0.2)).toBeUndefined(); // 0.30000000000000004
    expect(yuanToFen(6433.1800001)).toBeUndefined();
    expect(yuanToFen(89_999_999.995)).toBeUndefined(); // was 9,000,000,000 fen
    expect(yuanToFen(12_345_678.901)).toBeUndefined();
    for (let mil = 1; mil < 100_000; mil++) if (mil % 10) expect(yuanToFen(mil / 1000)).toBeUndefined();
    for (let mil = 89_999_990_000_0; mil < 89_999_990_000_0 + 10_000; mil++) if (mil % 10) expect(yuanToFen(mil / 1000)).toBeUndefined();
  });

  it('gives 0 for -0, so no -0 fen enters a computation, and nothing for NaN or ±Infinity', () => {
    expect(Object.is(yuanToFen(-0), 0)).toBe(true);
    for (const x of [Number.NaN, Infinity, -Infinity]) expect(yuanToFen(x)).toBeUndefined();
  });
});

describe('money inputs', () => {
  const rs = compileText('ruleset m\ninput pay: money\ninput pays: list of money max_items 3\ndef d: money cite "t" = pay + sum(pays)\ndef p: money cite "t" = pay\noutput d, p').ruleset!;
  const required = rs.requiredInputs();
  const read = inputReader(rs.inputs, required);
  const schema = inputSchema(rs.inputs, required);
  const expected = 'an amount in yuan with at most 2 decimals -90000000..90000000';

  it.each([0.1 + 0.2, 6433.1800001, 89_999_999.995, 0.001])('%s is refused by the fast reader and by the schema alike', (pay) => {
    expect(read({ pay, pays: [] }, [])).toBe(false);
    expect(read({ pay: 1, pays: [2, pay] }, [])).toBe(false);
    expect(v.safeParse(schema, { pay, pays: [] }).success).toBe(false);
  });

  it('is refused by name, saying money is exact to the fen, in both languages', () => {
    const r = rs.evaluate({ pay: 0.1 + 0.2, pays: [1, 6433.1800001] });
    expect(r).toEqual({ ok: false, errors: [
      { field: 'pay', code: 'E-INPUT-TYPE', message: `input \`pay\` = 0.30000000000000004 has more than 2 decimal places: expected ${expected}`, expected },
      expect.objectContaining({ field: 'pays.1', code: 'E-INPUT-TYPE', message: 'input `pays.1` = 6433.1800001 has more than 2 decimal places: expected an amount in yuan with at most 2 decimals -90000000..90000000' }),
    ] });
    expect(rs.evaluator()({ pay: 0.1 + 0.2, pays: [] }, '2024-01-01')).toEqual({ ok: false, errors: [expect.objectContaining({ field: 'pay' })] });
    const zh = rs.evaluate({ pay: 6433.1800001, pays: [] }, { locale: 'zh' });
    expect(zh.ok || zh.errors[0]!.message).toBe('输入 `pay` 的值 6433.1800001 超过 2 位小数，应为金额（元，最多两位小数）-90000000..90000000');
  });

  it('-0 is read as 0 on both backends', () => {
    for (const r of [rs.evaluate({ pay: -0, pays: [-0] }), rs.evaluateJsonLogic({ pay: -0, pays: [-0] })]) {
      expect(r).toEqual({ ok: true, outputs: { d: 0, p: 0 } });
      expect(r.ok && Object.is(r.outputs['p'], 0)).toBe(true);
    }
  });

  it('the CLI refuses them by name too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'money-'));
    const input = join(dir, 'input.json');
    writeFileSync(input, '{"monthly_pay": 0.30000000000000004}');
    const out: string[] = [];
    const code = await main(['eval', 'shenyang', '--input', input, '--outputs', 'below_2017_average', '--lang', 'en'], { out: (s) => out.push(s), err: (s) => out.push(s) });
    expect(code).toBe(1);
    expect(JSON.parse(out.join('\n')).errors).toEqual([expect.objectContaining({ field: 'monthly_pay', message: expect.stringContaining('= 0.30000000000000004 has more than 2 decimal places') })]);
  });
});

describe('money literals', () => {
  const head = 'ruleset m\ninput pay: money\ninput f: bool\n';
  it.each([
    ['a param value', 'param p: money = 4800.123\ndef d: money cite "t" = pay + p', '4800.123'],
    ['right of +', 'def d: money cite "t" = pay + 4800.123', '4800.123'],
    ['left of +', 'def d: money cite "t" = 4800.123 + pay', '4800.123'],
    ['negated (was rounded silently)', 'def d: money cite "t" = pay - -1.001', '1.001'],
    ['left of a comparison (was rounded silently)', 'def d: bool cite "t" = 1.001 < pay', '1.001'],
    ['a branch of if', 'def d: money cite "t" = (if f then 0.005 otherwise 1) + pay', '0.005'],
    ['a range bound', 'def d: money cite "t" in 0..100.001 = pay', '100.001'],
    ['a table cell', 'table d: money cite "t"\n  hit first\n  given pay\n  | < 1.0001 | 2 |\n  | - | 3 |', '1.0001'],
    ['an example', 'def d: money cite "t" = pay\nexample "e" {\n  given pay = 2, f = true\n  expect d = 2.000001\n}', '2.000001'],
  ])('in %s is one E-SYNTAX-NUMBER under the literal', (_where, body, literal) => {
    const text = `${head}${body}\noutput d`;
    const r = compileText(text);
    expect(r.ruleset).toBeUndefined();
    const ds = r.diagnostics.filter((d) => d.severity === 'error');
    expect(ds.map((d) => [d.code, d.message, text.slice(d.span.start, d.span.end)])).toEqual([
      ['E-SYNTAX-NUMBER', `\`${literal}\` has more than 2 decimal places: money is exact to the fen`, literal],
    ]);
  });

  it('may end in zeros (4800.120 is 4800.12), on both backends', () => {
    const rs = compileText(`${head}def d: money cite "t" = pay + 4800.120\noutput d`).ruleset!;
    expect(rs.evaluate({ pay: 0.01 })).toEqual({ ok: true, outputs: { d: 4800.13 } });
    expect(rs.evaluateJsonLogic({ pay: 0.01 })).toEqual({ ok: true, outputs: { d: 4800.13 } });
  });

  it('are explained in Chinese too', () => {
    const r = compileText(`${head}def d: money cite "t" = pay + 0.001\noutput d`, {}, 'zh');
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.message, d.help])).toEqual([['`0.001` 超过两位小数：金额精确到分', '金额以元为单位，最多写两位小数']]);
  });
});

describe('rounding steps', () => {
  const head = 'ruleset m\ninput pay: money\n';
  it.each(['round(pay, 0.001)', 'floor(pay * 70%, 0.015)', 'ceil(pay / 3, 0.0001)'])('finer than whole fen, %s is one E-ROUND-STEP (was also a second, vaguer error)', (call) => {
    const text = `${head}def d: money cite "t" = ${call}\noutput d`;
    const r = compileText(text);
    const step = call.slice(call.lastIndexOf(' ') + 1, -1);
    expect(r.diagnostics.map((d) => [d.code, d.message, text.slice(d.span.start, d.span.end)])).toEqual([
      ['E-ROUND-STEP', `the step \`${step}\` of \`${call.slice(0, call.indexOf('('))}\` is not a whole number of fen: money is exact to the fen`, step],
    ]);
  });

  it('of whole fen may be written with trailing zeros or in yuan with fen (0.050, 1.5), on both backends', () => {
    const rs = compileText(`${head}def a: money cite "t" = round(pay, 0.050)\ndef b: money cite "t" = floor(pay, 1.5)\noutput a, b`).ruleset!;
    for (const r of [rs.evaluate({ pay: 4.23 }), rs.evaluateJsonLogic({ pay: 4.23 })]) expect(r).toEqual({ ok: true, outputs: { a: 4.25, b: 3 } });
  });
});

describe('decimal literals', () => {
  const head = 'ruleset m\ninput pay: money\ninput x: decimal\n';
  it.each([
    ['0.1234567', '`0.1234567` has more than 6 decimal places: decimals are kept to 6 places', '0.123457'],
    ['12.3456789%', '`12.3456789%` is 0.123456789, which has more than 6 decimal places: decimals are kept to 6 places', '12.3457%'],
    ['0.00001%', '`0.00001%` is 0.0000001, which has more than 6 decimal places: decimals are kept to 6 places', '0%'],
  ])('%s times money is one E-SYNTAX-NUMBER, suggesting it rounded (it was rounded silently)', (literal, message, fixed) => {
    const text = `${head}def d: money cite "t" = pay * ${literal}\noutput d`;
    const r = compileText(text);
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.message, d.help, text.slice(d.span.start, d.span.end)])).toEqual([
      ['E-SYNTAX-NUMBER', message, `write it with at most 6 decimal places (a percentage with 4), e.g. \`${fixed}\``, literal],
    ]);
  });

  it('are limited wherever they stand (a param, a comparison), in Chinese too', () => {
    const r = compileText(`${head}param r: decimal = 0.0000005\ndef d: bool cite "t" = x > 1.0000001 and x < r\noutput d`, {}, 'zh');
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([
      '`0.0000005` 超过 6 位小数：小数最多保留 6 位',
      '`1.0000001` 超过 6 位小数：小数最多保留 6 位',
    ]);
  });

  it('with 6 places (or trailing zeros beyond) count in full on both backends', () => {
    const rs = compileText(`${head}def a: money cite "t" = pay * 0.123456\ndef b: money cite "t" = pay * 12.3456%\ndef c: money cite "t" = pay * 0.12345600\noutput a, b, c`).ruleset!;
    const outputs = { a: 1_234_560, b: 1_234_560, c: 1_234_560 };
    for (const r of [rs.evaluate({ pay: 10_000_000 }), rs.evaluateJsonLogic({ pay: 10_000_000 })]) expect(r).toEqual({ ok: true, outputs });
  });

  it('are rounded for the hint exactly, half up', () => {
    expect(roundText('0.12345649999', 6)).toBe('0.123456');
    expect(roundText('0.1234565', 6)).toBe('0.123457');
    expect(roundText('99.9999995', 6)).toBe('100');
    expect(shiftPoint('12.5', 2)).toBe('0.125');
    expect(shiftPoint('1250', 2)).toBe('12.5');
  });
});

describe('decimal inputs', () => {
  const text = 'ruleset m\ninput pay: money\ninput rate: decimal in 0..3\ndef d: money cite "t" = pay * rate\noutput d';
  const rs = compileText(text).ruleset!;
  const required = rs.requiredInputs();
  const read = inputReader(rs.inputs, required);
  const schema = inputSchema(rs.inputs, required);

  it('with at most 6 decimal places are read as they are, and count in full', () => {
    expect(hasRatePlaces(0.123456) && hasRatePlaces(1.5) && hasRatePlaces(2) && hasRatePlaces(0.000001)).toBe(true);
    for (const rate of [0.123456, 0.8, 2.999999]) expect(read({ pay: 1, rate }, [])).toBe(true);
    expect(rs.evaluate({ pay: 10_000_000, rate: 0.123456 })).toEqual({ ok: true, outputs: { d: 1_234_560 } });
  });

  it.each([0.1234567, 0.1 + 0.2, 0.1 + 0.7, 1e-7, 2.0000001])('%s is refused by the reader and the schema alike, by name (it was rounded to 6 places)', (rate) => {
    expect(hasRatePlaces(rate)).toBe(false);
    expect(read({ pay: 1, rate }, [])).toBe(false);
    expect(v.safeParse(schema, { pay: 1, rate }).success).toBe(false);
    const expected = 'a number 0..3, at most 6 decimal places';
    expect(rs.evaluate({ pay: 1, rate })).toEqual({ ok: false, errors: [{ field: 'rate', code: 'E-INPUT-TYPE', message: `input \`rate\` = ${rate} has more than 6 decimal places: expected ${expected}`, expected }] });
  });

  it('the CLI refuses them by name too, in Chinese', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rate-'));
    writeFileSync(join(dir, 'm.rules'), text);
    writeFileSync(join(dir, 'input.json'), '{"pay": 100, "rate": 0.1234567}');
    const out: string[] = [];
    const code = await main(['eval', join(dir, 'm.rules'), '--input', join(dir, 'input.json'), '--lang', 'zh'], { out: (s) => out.push(s), err: (s) => out.push(s) });
    expect(code).toBe(1);
    expect(JSON.parse(out.join('\n')).errors).toEqual([expect.objectContaining({ field: 'rate', message: '输入 `rate` 的值 0.1234567 超过 6 位小数，应为数字 0..3，最多 6 位小数' })]);
  });
});

/** `n / d` rounded by `mode` (half-up: half away from zero), in BigInt: the reference. */
function exact(n: bigint, d: bigint, mode: RoundMode): bigint {
  if (d < 0n) return exact(-n, -d, mode);
  const neg = n < 0n;
  const a = neg ? -n : n;
  if (mode === 'half_up') return (neg ? -1n : 1n) * ((2n * a + d) / (2n * d));
  const q = a / d;
  const inexact = q * d !== a;
  const down = mode === 'floor' ? !neg : neg; // toward zero for the magnitude
  const mag = inexact && !down ? q + 1n : q;
  return neg ? -mag : mag;
}
const D = BigInt(RATE_SCALE);
const refMul = (fen: number, rate: number, mode: RoundMode, step: number) => Number(exact(BigInt(fen) * BigInt(scaleRate(rate)), D * BigInt(step), mode) * BigInt(step));
const refDiv = (fen: number, rate: number, mode: RoundMode, step: number) => Number(exact(BigInt(fen) * D, BigInt(scaleRate(rate)) * BigInt(step), mode) * BigInt(step));

/** x⁻¹ mod m (x and m coprime). */
function inverse(x: bigint, m: bigint): bigint {
  let [a, b, u, w] = [((x % m) + m) % m, m, 1n, 0n];
  while (b) {
    const q = a / b;
    [a, b, u, w] = [b, a - q * b, w, u - q * w];
  }
  return ((u % m) + m) % m;
}

/**
 * Random rates of 6 places in ±`maxRate` (coprime with 10^6 when `coprime`), and fen whose
 * product with the rate is just below, at or just above half a fen (and a whole fen) over 10^6,
 * with |fen| up to about `fenBits` bits: the cases float rounding gets wrong past 2^53.
 */
function boundaryCases(seed: number, count: number, maxRate: number, fenBits: number): [number, number][] {
  const r = rng(seed);
  const out: [number, number][] = [];
  while (out.length < count) {
    let s = Math.floor(r() * maxRate * RATE_SCALE) + 1;
    if (s % 2 === 0 || s % 5 === 0) continue;
    if (r() < 0.3) s = -s;
    const target = [D / 2n - 1n, D / 2n, D / 2n + 1n, 0n, 1n, D - 1n][out.length % 6]!;
    const base = (target * inverse(BigInt(s), D)) % D;
    const fen = Number(base + D * BigInt(Math.floor(r() * 2 ** (fenBits - 20))));
    out.push([r() < 0.5 ? -fen : fen, s / RATE_SCALE]);
  }
  return out;
}

describe('money × and ÷ a decimal', () => {
  const modes: RoundMode[] = ['half_up', 'floor', 'ceil'];

  it('are exact past 2^53 (fen × 10^6), at the half-fen boundary too, for every rounding and step', () => {
    const r = rng(7);
    const random = Array.from({ length: 3000 }, (): [number, number] => [Math.floor((r() - 0.5) * 2 ** 47), Math.round((r() - 0.5) * 6 * RATE_SCALE) / RATE_SCALE]);
    for (const [fen, rate] of [...random, ...boundaryCases(11, 3000, 3, 46)]) {
      for (const mode of modes) for (const step of [1, 100, 1000]) {
        expect(mulMoney(fen, rate, mode, step), `${fen} × ${rate} ${mode} ${step}`).toBe(refMul(fen, rate, mode, step));
        if (rate !== 0) expect(divMoney(fen, rate, mode, step), `${fen} ÷ ${rate} ${mode} ${step}`).toBe(refDiv(fen, rate, mode, step));
      }
    }
  });

  it('take the float path, unchanged, below 2^51, and never give -0', () => {
    expect(mulMoney(919_027, 0.7)).toBe(643_319); // 6433.189 → 6433.19
    expect(mulMoney(-919_027, 0.7)).toBe(-643_319);
    expect(Object.is(mulMoney(-1, 0.4), 0) && Object.is(mulMoney(-1, 0.4, 'ceil'), 0) && Object.is(divMoney(-1, 3, 'half_up'), 0)).toBe(true);
  });
});

describe('money × and ÷ a decimal on both backends', () => {
  // Sums can pass the 90-million-yuan input limit (here up to 90 billion yuan): products of
  // fen and a rate's 10^6 numerator then pass 2^53, where float arithmetic stops being exact.
  const SOURCE = `ruleset big
input pay: money
input k: integer in 1..1000
input rate: decimal in -100..100
param debt: money = -98765432.19
def big: money cite "t" = pay * k
def p_mul: money cite "t" = floor(debt * rate, 0.01)
def mul: money cite "t" = big * rate
def mul_floor: money cite "t" = floor(big * rate, 0.01)
def mul_ceil_ten: money cite "t" = ceil(big * rate, 10)
def div: money cite "t" = big / (if abs(rate) < 1 then 1 otherwise rate)
def div_floor_yuan: money cite "t" = floor(big / (if abs(rate) < 1 then 1 otherwise rate), 1)
def c_mul: money cite "t" = big * 150.0001%
def c_half: money cite "t" = round(big * 0.123457, 0.05)
def c_div: money cite "t" = big / 0.333333
def c_neg_ceil: money cite "t" = ceil(big * -12.3457%, 0.01)
output p_mul, mul, mul_floor, mul_ceil_ten, div, div_floor_yuan, c_mul, c_half, c_div, c_neg_ceil`;
  const rs = compileText(SOURCE).ruleset!;

  /** The outputs, in yuan, from a BigInt reference. */
  function reference(input: { pay: number; k: number; rate: number }): Record<string, number> {
    const big = Math.round(input.pay * 100) * input.k;
    const divisor = Math.abs(input.rate) < 1 ? 1 : input.rate;
    const fen = {
      p_mul: refMul(-9_876_543_219, input.rate, 'floor', 1),
      mul: refMul(big, input.rate, 'half_up', 1),
      mul_floor: refMul(big, input.rate, 'floor', 1),
      mul_ceil_ten: refMul(big, input.rate, 'ceil', 1000),
      div: refDiv(big, divisor, 'half_up', 1),
      div_floor_yuan: refDiv(big, divisor, 'floor', 100),
      c_mul: refMul(big, 1.500001, 'half_up', 1),
      c_half: refMul(big, 0.123457, 'half_up', 5),
      c_div: refDiv(big, 0.333333, 'half_up', 1),
      c_neg_ceil: refMul(big, -0.123457, 'ceil', 1),
    };
    return Object.fromEntries(Object.entries(fen).map(([name, x]) => [name, x / 100]));
  }

  /** An input whose `big × s` is `target` modulo 10^6 (s coprime with 10^6): a rounding boundary. */
  function boundaryInput(s: number, target: bigint, r: () => number, rate: number) {
    const k = [999, 997, 1, 333, 777][Math.floor(r() * 5)]!;
    const base = (target * inverse(BigInt(s) * BigInt(k), D)) % D;
    const fen = Number(base + D * BigInt(Math.floor(r() * 8999)));
    return { pay: (r() < 0.5 ? -fen : fen) / 100, k, rate };
  }

  it('compiles cleanly', () => expect(compileText(SOURCE).diagnostics).toEqual([]));

  it('give the BigInt reference on random amounts up to 90 billion yuan and half-fen boundaries, closures and json-logic-js alike', () => {
    const r = rng(2024);
    const inputs: { pay: number; k: number; rate: number }[] = [];
    for (let i = 0; i < 400; i++) inputs.push({ pay: Math.round((r() - 0.5) * 2 * MAX_MONEY_FEN) / 100, k: 1 + Math.floor(r() * 1000), rate: Math.round((r() - 0.5) * 200 * RATE_SCALE) / RATE_SCALE });
    const targets = [D / 2n - 1n, D / 2n, D / 2n + 1n, 0n, 1n, D - 1n];
    for (const target of targets) {
      for (let i = 0; i < 30; i++) {
        let s = Math.floor(r() * 100 * RATE_SCALE) + 1;
        while (s % 2 === 0 || s % 5 === 0) s++;
        inputs.push(boundaryInput(s, target, r, s / RATE_SCALE)); // the input rate's boundary
      }
      inputs.push(boundaryInput(1_500_001, target, r, 1), boundaryInput(123_457, target, r, 1)); // the constant rates'
    }
    for (const input of inputs) {
      const expected = { ok: true, outputs: reference(input) };
      expect(rs.evaluate(input), JSON.stringify(input)).toEqual(expected);
      expect(rs.evaluateJsonLogic(input), JSON.stringify(input)).toEqual(expected);
    }
  });

  it('stay exact in JSON Logic for input rates up to the documented ±9007 (here ±9000)', () => {
    const edge = compileText('ruleset e\ninput pay: money\ninput rate: decimal in -9000..9000\ndef mul: money cite "t" = pay * rate\ndef div: money cite "t" = pay / (if abs(rate) < 1 then 1 otherwise rate)\noutput mul, div').ruleset!;
    const r = rng(9000);
    for (let i = 0; i < 300; i++) {
      let s = 8_000 * RATE_SCALE + Math.floor(r() * 1_000 * RATE_SCALE);
      while (s % 2 === 0 || s % 5 === 0) s++;
      const fen = Number((D / 2n) * inverse(BigInt(s), D) % D + D * BigInt(Math.floor(r() * 8999)));
      const input = { pay: (i % 2 ? -fen : fen) / 100, rate: (i % 3 ? s : -s) / RATE_SCALE };
      const expected = { ok: true, outputs: { mul: refMul(fen * (i % 2 ? -1 : 1), input.rate, 'half_up', 1) / 100, div: refDiv(fen * (i % 2 ? -1 : 1), input.rate, 'half_up', 1) / 100 } };
      expect(edge.evaluate(input)).toEqual(expected);
      expect(edge.evaluateJsonLogic(input), JSON.stringify(input)).toEqual(expected);
    }
  });
});
