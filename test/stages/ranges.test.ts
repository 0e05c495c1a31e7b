/**
 * Declared ranges (`in low..high`) on computed values bind like those on params: a constant
 * outside one is a check error, a computed value outside one is an evaluation error naming the
 * value and the range, and an override answers to the ranges of what it overrides even when it
 * does not repeat them.
 */
import { describe, expect, it } from 'vitest';
import { walk } from '../../src/core/ir.ts';
import { runExamples } from '../../src/examples.ts';
import { compileText, seed, SEED_IDS } from '../helpers.ts';

const errorCodes = (text: string) => compileText(text).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);

/** A jilin fork whose pay grade for staff is a formula that can leave the province's 1..7. */
const FORMULA_GRADE = `ruleset cc
  extends jilin
override table pay_grade: integer in 1..7 cite "JL-W §2(4)"
  hit first
  given post, years_of_service, education
  | head | - | - | 1 |
  | committee | - | - | 3 |
  | staff | - | - | floor(households / 500) |
`;

describe('ranges on computed values', () => {
  it('a computed value outside its range is an evaluation error with the value, the range and its citation', () => {
    const rs = compileText(FORMULA_GRADE).ruleset!;
    const input = { post: 'staff', years_of_service: 20, education: 'college', households: 10000 };
    expect(rs.evaluate(input, { outputs: ['pay_grade'], asOf: '2024-06-01' })).toEqual({
      ok: false,
      errors: [{ field: 'pay_grade', code: 'E-EVAL-RANGE', message: '`pay_grade` = 20 is outside its allowed range 1..7 (JL-W §2(4))' }],
    });
    // Outputs computed from it fail with the same error, not with one about the table it feeds.
    const r = rs.evaluate({ ...input, certificate: 'none' }, { outputs: ['standard_pay'], asOf: '2024-06-01', locale: 'zh' });
    expect(r.ok || r.errors.map((e) => [e.field, e.code, e.message])).toEqual([['pay_grade', 'E-EVAL-RANGE', '`pay_grade` = 20 超出允许范围 1..7（JL-W §2(4)）']]);
    // Inside the range the formula's value comes through, on both backends.
    const inside = { ...input, households: 3000 };
    expect(rs.evaluate(inside, { outputs: ['pay_grade'], asOf: '2024-06-01' })).toEqual({ ok: true, outputs: { pay_grade: 6 } });
    expect(rs.evaluateJsonLogic(inside, { outputs: ['pay_grade'], asOf: '2024-06-01' })).toEqual({ ok: true, outputs: { pay_grade: 6 } });
    // JSON Logic has no errors: outside the range the value is null, as for a table no row of which applies.
    expect(rs.evaluateJsonLogic(input, { outputs: ['pay_grade'], asOf: '2024-06-01' })).toEqual({ ok: true, outputs: { pay_grade: null } });
  });

  it('bind an override that does not repeat the range (and the formula is checked against it)', () => {
    const rs = compileText(FORMULA_GRADE.replace(' in 1..7', '')).ruleset!;
    const r = rs.evaluate({ post: 'staff', years_of_service: 1, education: 'college', households: 0 }, { outputs: ['pay_grade'], asOf: '2024-06-01' });
    expect(r.ok || r.errors[0]!.message).toBe('`pay_grade` = 0 is outside its allowed range 1..7 (JL-W §2(4))');
  });

  it('an example expecting a value outside the range fails with the range error', () => {
    const text = 'ruleset solo\ninput households: integer in 0..100000\ndef grade: integer in 1..7 cite "S" = floor(households / 500)\noutput grade\nexample "e" {\n  given households = 10000\n  expect grade = 20\n}';
    const [result] = runExamples(compileText(text).ruleset!);
    expect(result).toMatchObject({ passed: false, problems: ['grade: `grade` = 20 is outside its allowed range 1..7 (S)'] });
    // In Chinese with a full-width colon, as the other problems.
    const [zh] = runExamples(compileText(text).ruleset!, 'zh');
    expect(zh).toMatchObject({ passed: false, problems: ['grade：`grade` = 20 超出允许范围 1..7（S）'] });
  });

  it('a constant value outside the range is a check error, each dated value on its own', () => {
    expect(errorCodes('ruleset c\ndef k: integer in 1..7 cite "x" = 9\noutput k')).toEqual(['E-RANGE']);
    expect(errorCodes('ruleset c\ndef k: integer in 1..7 cite "x" = 3\n  from 2025-01-01 = 8\noutput k')).toEqual(['E-RANGE']);
    expect(errorCodes('ruleset c\ndef k: integer in 1..7 cite "x" = 3\n  from 2025-01-01 = 7\noutput k')).toEqual([]);
  });

  it('a constant an `if` branch or a param\'s later dated value gives is a check error at that constant', () => {
    const text = 'ruleset c\ninput x: integer in 0..100\ndef k: integer in 1..7 cite "x" = if x > 1 then 20 otherwise 1\noutput k';
    expect(compileText(text).diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.message, text.slice(d.span.start, d.span.end)]))
      .toEqual([['E-RANGE', '`k` = 20 is outside its allowed range 1..7', '20']]);
    const dated = compileText('ruleset c\ninput x: integer in 0..100\nparam p: integer cite "x" = 3\n  from 2025-01-01 = 30\ntable t: integer in 1..7 cite "x"\n  hit first\n  given x\n  | > 5 | p |\n  | - | 1 |\noutput t');
    expect(dated.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual(['`t` = 30 (from 2025-01-01) is outside its allowed range 1..7']);
    expect(errorCodes('ruleset c\nparam p: integer cite "x" = 3\n  from 2025-01-01 = 30\ndef k: integer in 1..7 cite "x" = p + 1\noutput k')).toEqual(['E-RANGE']);
    // A branch a constant condition never takes is not checked; inside the range all is well.
    expect(errorCodes('ruleset c\nparam on: bool cite "x" = false\ndef k: integer in 1..7 cite "x" = if on then 20 otherwise 1\noutput k')).toEqual([]);
    expect(errorCodes('ruleset c\ninput x: integer in 0..100\ndef k: integer in 1..7 cite "x" = if x > 1 then 7 otherwise 1\noutput k')).toEqual([]);
  });

  it('a computed `if` branch is still checked when evaluated', () => {
    const rs = compileText('ruleset c\ninput x: integer in 0..100\ndef k: integer in 1..7 cite "x" = if x > 1 then x otherwise 1\noutput k').ruleset!;
    expect(rs.evaluate({ x: 30 }, { outputs: ['k'], asOf: '2024-06-01' })).toMatchObject({ ok: false, errors: [{ field: 'k', code: 'E-EVAL-RANGE' }] });
    expect(rs.evaluate({ x: 0 }, { outputs: ['k'], asOf: '2024-06-01' })).toEqual({ ok: true, outputs: { k: 1 } });
  });

  it('of enum values follow the declared order, not the spelling (`z..a` holds `z` and `a`)', () => {
    const enumText = (range: string, result: string) => `ruleset c\nenum lvl {\n  z "Z"\n  a "A"\n  m "M"\n}\ninput x: lvl\nparam p: lvl in ${range} cite "x" = a\ndef e: lvl in ${range} cite "x" = if x = p then p otherwise x\ntable t: lvl in ${range} cite "x"\n  hit first\n  given x\n  | - | ${result} |\noutput e, t`;
    expect(errorCodes(enumText('z..a', 'a'))).toEqual([]);
    expect(errorCodes(enumText('z..a', 'm'))).toEqual(['E-RANGE']);
    const rs = compileText(enumText('z..a', 'a')).ruleset!;
    expect(rs.evaluate({ x: 'z' }, { outputs: ['e'], asOf: '2024-06-01' })).toEqual({ ok: true, outputs: { e: 'z' } });
    expect(rs.evaluate({ x: 'm' }, { outputs: ['e'], asOf: '2024-06-01' })).toEqual({ ok: false, errors: [{ field: 'e', code: 'E-EVAL-RANGE', message: '`e` = "m" is outside its allowed range [z, a] (x)' }] });
    expect(rs.evaluateJsonLogic({ x: 'a' }, { outputs: ['e'], asOf: '2024-06-01' })).toEqual({ ok: true, outputs: { e: 'a' } });
    // The param outside its range, and the definition that takes it as its value.
    expect(errorCodes(enumText('..a', 'a').replace('= a', '= m'))).toEqual(['E-RANGE', 'E-RANGE']);
  });

  it('are not checked at run time where every value is a constant the checker has checked (the seeds: none)', () => {
    for (const id of SEED_IDS) {
      const ops: string[] = [];
      for (const d of seed(id).core.defs) walk(d.expr, (x) => ops.push(x.op));
      expect(ops, id).not.toContain('within');
    }
  });
});

describe('an override without `in`', () => {
  it('keeps the base range for the tables that read it (no gap reported below 1 or above 7 in the base)', () => {
    const text = 'ruleset cc\n  extends jilin\noverride table pay_grade: integer cite "JL-W §2(4)"\n  hit first\n  given post, years_of_service, education\n  | head | >= 10 | - | 1 |\n  | - | - | - | 7 |\n';
    expect(compileText(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('still may not set a constant outside the base range', () => {
    const text = 'ruleset cc\n  extends jilin\noverride table pay_grade: integer cite "JL-W §2(4)"\n  hit first\n  given post, years_of_service, education\n  | head | >= 10 | - | 9 |\n  | - | - | - | 7 |\n';
    expect(errorCodes(text)).toEqual(['E-FORK-RANGE']);
  });
});

describe('output schemas', () => {
  const rs = compileText([
    'ruleset o',
    'input pays: list of money',
    'input n: integer',
    'input code: text',
    'def total: money cite "x" = sum(pays)',
    'def capped: money in 0..5000 cite "x" = 100',
    'def twice: integer cite "x" = n * 2',
    'def same: text cite "x" = code',
    'output total, capped, twice, same',
  ].join('\n')).ruleset!;
  const props = () => rs.outputJsonSchema()['properties'] as Record<string, Record<string, unknown>>;

  it('declare a money output’s range only where its rules declare one: a sum of inputs may pass 90 million yuan', () => {
    // Before: `total` said minimum -90000000, maximum 90000000, yet it can be 180000000.
    expect(rs.evaluate({ pays: [90_000_000, 90_000_000], n: 1, code: 'a' })).toMatchObject({ ok: true, outputs: { total: 180_000_000 } });
    expect(props()['total']).toEqual({ type: 'number' });
    expect(props()['capped']).toEqual({ type: 'number', minimum: 0, maximum: 5000 });
    expect(rs.outputs.find((o) => o.name === 'total')!.type).toEqual({ k: 'money' });
    // Inputs keep the bound they are checked against.
    expect((rs.inputJsonSchema()['properties'] as Record<string, any>)['pays'].items).toMatchObject({ minimum: -90_000_000, maximum: 90_000_000 });
  });

  it('hold integer and text outputs to no limit of inputs (safe integers, 10,000 characters)', () => {
    expect(props()['twice']).toEqual({ type: 'integer' });
    expect(props()['same']).toEqual({ type: 'string' });
  });
});

describe('list output schemas', () => {
  const rs = compileText([
    'ruleset l',
    'input xs: list of integer max_items 2000',
    'def ys: list of integer cite "x" = xs',
    'output ys',
  ].join('\n')).ruleset!;

  it('claim no length: a def passing an input list of up to 2000 items is not held to the inputs’ default 1000', () => {
    // Before: `ys` said maxItems 1000 (the default for list inputs), yet it can hold 2000.
    const xs = Array.from({ length: 1500 }, (_, i) => i);
    expect(rs.evaluate({ xs })).toMatchObject({ ok: true, outputs: { ys: xs } });
    expect((rs.outputJsonSchema()['properties'] as Record<string, unknown>)['ys']).toEqual({ type: 'array', items: { type: 'integer' } });
    expect(rs.outputs[0]!.type).toEqual({ k: 'list', of: { k: 'integer' } });
    // The input keeps the length it is checked against.
    expect((rs.inputJsonSchema()['properties'] as Record<string, Record<string, unknown>>)['xs']!['maxItems']).toBe(2000);
  });
});

describe('a table whose cells read dated params', () => {
  const table = (later: number) => `ruleset tp
param cut: integer "cut" = 10
  from 2025-01-01 = ${later}
param cut2: integer "cut2" = 10
input n: integer in 0..100
table t: integer "t" cite "x"
  hit unique
  given n
  | < cut | 1 |
  | >= cut2 | 2 |
output t`;
  const problems = (text: string) => compileText(text).diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.message]);

  it('is checked again from each date a param it reads changes (a gap or overlap from 2025 was not reported)', () => {
    expect(problems(table(10))).toEqual([]);
    expect(problems(table(5))).toEqual([
      ['E-TABLE-GAP', 'no row matches n = 5 (from 2025-01-01, with the params in force then)'],
      ['E-TABLE-GAP', 'no row matches n in 6..9 (from 2025-01-01, with the params in force then)'],
    ]);
    expect(problems(table(20))).toEqual([['E-TABLE-OVERLAP', 'rows 1 and 2 both match n = 10 in a `hit unique` table (from 2025-01-01, with the params in force then)']]);
  });

  it('is not checked again for a date on which only params it does not read change (no repeated errors)', () => {
    const gapAlways = table(5).replace('= 10\n  from 2025-01-01 = 5', '= 5').replace('param cut2: integer "cut2" = 10', 'param cut2: integer "cut2" = 10\nparam other: integer "o" = 1\n  from 2024-01-01 = 2');
    expect(problems(gapAlways)).toEqual([
      ['E-TABLE-GAP', 'no row matches n = 5'],
      ['E-TABLE-GAP', 'no row matches n in 6..9'],
    ]);
  });
});
