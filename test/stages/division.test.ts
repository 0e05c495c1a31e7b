/**
 * Division by zero. JavaScript answers Infinity or NaN, which JSON turns into `null`: a payroll
 * system would have received `null` pay without a word. A divisor written as 0 is a check error;
 * a divisor that is 0 for some inputs fails that evaluation (E-EVAL-DIV-ZERO, naming the value),
 * on every closure pattern; JSON Logic gives `null` for the value instead of Infinity or NaN.
 */
import { describe, expect, it } from 'vitest';
import { compileText } from '../helpers.ts';

const RULES = `ruleset dz
input a: integer
input b: integer
input pay: money
input r: decimal
def by_input: decimal cite "x" = a / b
def by_sum: decimal cite "x" = (a + 1) / (b - 1)
def by_const: decimal cite "x" = 1 / b
def floored: integer cite "x" = floor(a / b)
def pay_by_rate: money cite "x" = pay / r
def pay_by_ratio: money cite "x" = pay / (r * a)
def pay_by_count: money cite "x" = pay / b
output by_input, by_sum, by_const, floored, pay_by_rate, pay_by_ratio, pay_by_count
`;

const opts = (output: string) => ({ outputs: [output], asOf: '2025-01-01' });

describe('division by zero', () => {
  const rs = compileText(RULES).ruleset!;

  it.each([
    ['by_input', { a: 5, b: 0 }],
    ['by_sum', { a: 5, b: 1 }],
    ['by_const', { b: 0 }],
    ['floored', { a: 5, b: 0 }],
    ['pay_by_rate', { pay: 100, r: 0 }],
    ['pay_by_ratio', { pay: 100, r: 0.5, a: 0 }],
    ['pay_by_count', { pay: 100, b: 0 }],
  ])('`%s` fails the evaluation with E-EVAL-DIV-ZERO, and is null in JSON Logic', (name, input) => {
    expect(rs.evaluate(input, opts(name))).toEqual({ ok: false, errors: [{ field: name, code: 'E-EVAL-DIV-ZERO', message: `\`${name}\` divides by zero for these inputs` }] });
    expect(rs.evaluateJsonLogic(input, opts(name))).toEqual({ ok: true, outputs: { [name]: null } });
  });

  it('a money ÷ rate whose rate is 0 at 6 decimal places fails too (it would divide by a scaled 0)', () => {
    const tiny = compileText('ruleset t\ninput pay: money\ninput n: integer\ndef p: money cite "x" = pay / (1 / n)\noutput p').ruleset!;
    expect(tiny.evaluate({ pay: 1, n: 10_000_000 }, opts('p'))).toMatchObject({ ok: false, errors: [{ code: 'E-EVAL-DIV-ZERO' }] });
    expect(tiny.evaluateJsonLogic({ pay: 1, n: 10_000_000 }, opts('p'))).toEqual({ ok: true, outputs: { p: null } });
    expect(tiny.evaluate({ pay: 1, n: 4 }, opts('p'))).toEqual({ ok: true, outputs: { p: 4 } });
  });

  it('a divisor that is not 0 divides as before, on both backends', () => {
    const input = { a: 7, b: 2, pay: 100, r: 0.4 };
    const outputs = ['by_input', 'by_sum', 'by_const', 'pay_by_rate', 'pay_by_ratio', 'pay_by_count'];
    const expected = { by_input: 3.5, by_sum: 8, by_const: 0.5, pay_by_rate: 250, pay_by_ratio: 35.71, pay_by_count: 50 };
    expect(rs.evaluate(input, { outputs, asOf: '2025-01-01' })).toEqual({ ok: true, outputs: expected });
    expect(rs.evaluateJsonLogic(input, { outputs, asOf: '2025-01-01' })).toEqual({ ok: true, outputs: expected });
  });

  it('in JSON Logic a value with no answer stays null through what reads it (json-logic-js reads null as 0 or false)', () => {
    const text = `${RULES.replace(/^output .*$/m, '')}
def after: money cite "x" = pay_by_rate + pay
def rounded: money cite "x" = round(pay_by_rate * 1.5, 1)
def either: bool cite "x" = by_input > 1 or a > 0
def chosen: integer cite "x" = if by_input > 1 then 1 otherwise 2
def listed: integer cite "x" = count([by_input, 1.5], 1.5)
output after, rounded, either, chosen, listed`;
    const rs2 = compileText(text).ruleset!;
    const input = { a: 5, b: 0, pay: 100, r: 0 };
    for (const name of ['after', 'rounded', 'either', 'chosen', 'listed']) {
      expect(rs2.evaluate(input, opts(name)), name).toMatchObject({ ok: false, errors: [{ code: 'E-EVAL-DIV-ZERO' }] });
      expect(rs2.evaluateJsonLogic(input, opts(name)), name).toEqual({ ok: true, outputs: { [name]: null } });
    }
  });

  it('a division not reached (an `if` branch not taken, `and` already false) does not fail, on either backend', () => {
    const text = 'ruleset g\ninput a: integer\ninput b: integer\ndef safe: decimal cite "x" = if b = 0 then 0 otherwise a / b\ndef big: bool cite "x" = b != 0 and a / b > 1\noutput safe, big';
    const rs3 = compileText(text).ruleset!;
    for (const [input, outputs] of [[{ a: 5, b: 0 }, { safe: 0, big: false }], [{ a: 5, b: 2 }, { safe: 2.5, big: true }]] as const) {
      expect(rs3.evaluate(input, { asOf: '2025-01-01' })).toEqual({ ok: true, outputs });
      expect(rs3.evaluateJsonLogic(input, { asOf: '2025-01-01' })).toEqual({ ok: true, outputs });
    }
  });

  it('an `or` that is true before a failing operand is true on both backends, not null in JSON Logic', () => {
    const text = 'ruleset o\ninput a: integer\ninput b: integer\ninput p: bool\ndef k: bool cite "x" = p or a / b > 1 or a > 5\noutput k';
    const rs4 = compileText(text).ruleset!;
    for (const [input, k] of [[{ a: 3, b: 0, p: true }, true], [{ a: 3, b: 1, p: false }, true], [{ a: 1, b: 2, p: false }, false]] as const) {
      expect(rs4.evaluate(input, opts('k'))).toEqual({ ok: true, outputs: { k } });
      expect(rs4.evaluateJsonLogic(input, opts('k'))).toEqual({ ok: true, outputs: { k } });
    }
    expect(rs4.evaluate({ a: 3, b: 0, p: false }, opts('k'))).toMatchObject({ ok: false, errors: [{ code: 'E-EVAL-DIV-ZERO' }] });
    expect(rs4.evaluateJsonLogic({ a: 3, b: 0, p: false }, opts('k'))).toEqual({ ok: true, outputs: { k: null } });
  });

  it('the error is in Chinese too', () => {
    expect(rs.evaluate({ a: 1, b: 0 }, { ...opts('by_input'), locale: 'zh' })).toMatchObject({ ok: false, errors: [{ message: '`by_input` 对这些输入出现了除以零' }] });
  });

  it('a param that is 0 as a divisor is E-DIV-ZERO when checking, saying from which date', () => {
    const text = (later: string) => `ruleset w\ninput a: integer\ninput pay: money\nparam z: decimal = 2\n  from 2025-01-01 = ${later}\ndef k: decimal cite "x" = a / z\ndef m: money cite "x" = pay / z\noutput k, m`;
    const errors = (t: string) => compileText(t).diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.message]);
    expect(errors(text('4'))).toEqual([]);
    const from2025 = ['E-DIV-ZERO', 'this divisor is 0, so the definition gives no value (from 2025-01-01, with the params in force then)'];
    expect(errors(text('0'))).toEqual([from2025, from2025]);
  });

  it('a param that is 0 is no error where the division is not reached in that period (guarded, another dated value, a table row)', () => {
    const errors = (body: string) => compileText(`ruleset w\ninput a: integer\ninput pay: money\nparam share: decimal in 0%..100% = 0%\n  from 2025-01-01 = 20%\n${body}`).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
    expect(errors('def k: money cite "x" = if share > 0 then pay / share otherwise 0\noutput k')).toEqual([]);
    expect(errors('def k: money cite "x" = 0\n  from 2025-01-01 = pay / share\noutput k')).toEqual([]);
    expect(errors('def k: bool cite "x" = share > 0 and a / share > 1\noutput k')).toEqual([]);
    expect(errors('table t: decimal cite "x"\n  hit first\n  given a\n  | > 0 | a / share |\n  | - | 0 |\noutput t')).toEqual([]);
    // Reached whatever the inputs, in the period it is 0: an error, also when the condition depends on inputs only elsewhere.
    expect(errors('def k: money cite "x" = pay / share\noutput k')).toEqual(['E-DIV-ZERO']);
    expect(errors('def k: money cite "x" = max(pay / share, 1)\noutput k')).toEqual(['E-DIV-ZERO']);
  });

  it.each(['a / 0', 'a / 0.00', 'a / 0%', 'a / -0', 'pay / 0'])('a divisor written as 0 is E-DIV-ZERO at the divisor: %s', (expr) => {
    const text = `ruleset w\ninput a: integer\ninput pay: money\ndef k: decimal cite "x" = ${expr}\noutput k`;
    const errors = compileText(text).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toContain('E-DIV-ZERO');
    const d = errors.find((x) => x.code === 'E-DIV-ZERO')!;
    expect(text.slice(d.span.start, d.span.end)).toMatch(/0/);
  });
});

describe('tables the checker proved complete', () => {
  const program = (table: string) => compileText(`ruleset ct\ninput a: integer in 0..1000\ninput b: integer in 0..1000\ninput c: integer in 0..1000\n${table}\ndef y: integer cite "x" = t + 1\noutput y`);
  const nullTests = (text: ReturnType<typeof program>) => (JSON.stringify(text.ruleset!.jsonLogic()).match(/"===":\[\{"var":"t"\},null\]/g) ?? []).length;

  it('always have a row that applies, so what reads them is not tested for null in JSON Logic', () => {
    const r = program('table t: integer cite "x"\n  hit first\n  given a\n  | < 10 | 1 |\n  | - | 2 |');
    expect(r.ruleset!.checked.completeTables.has('t')).toBe(true);
    expect(nullTests(r)).toBe(0);
  });

  it('too large to enumerate (W-TABLE-LARGE) are not taken as complete: what reads them is tested', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `  | ${10 * i}..${10 * i + 5} | ${10 * i}..${10 * i + 5} | ${10 * i}..${10 * i + 5} | ${i} |`).join('\n');
    const r = program(`table t: integer cite "x"\n  hit first\n  given a, b, c\n${rows}\n  | - | - | - | 99 |`);
    expect(r.diagnostics.map((d) => d.code)).toContain('W-TABLE-LARGE');
    expect(r.ruleset!.checked.completeTables.has('t')).toBe(false);
    expect(nullTests(r)).toBe(1);
    expect(r.ruleset!.evaluateJsonLogic({ a: 3, b: 3, c: 3 }, { outputs: ['y'] })).toEqual({ ok: true, outputs: { y: 1 } });
  });
});
