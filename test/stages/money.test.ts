/**
 * Money is exact to the fen, or refused: money inputs with digits below the fen are named and
 * refused (never rounded within a tolerance), in the fast reader, the valibot schema and the CLI
 * alike; money literals with digits below the fen are diagnostics wherever they stand. Decimals
 * (rates) have at most 6 decimal places, all of which count when they multiply money: longer
 * literals are diagnostics and longer inputs are refused by name (they were rounded away).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { roundText, shiftPoint } from '../../src/check/literals.ts';
import { hasRatePlaces, MAX_MONEY_FEN, yuanToFen } from '../../src/runtime.ts';
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
    expect(zh.ok || zh.errors[0]!.message).toBe('输入 `pay` 的值 6433.1800001 超过 2 位小数，应为金额（元，最多两位小数） -90000000..90000000');
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
