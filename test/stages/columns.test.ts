/**
 * The column planner computes, for every evaluation of a group, exactly what the closures'
 * step-at-a-time run computes: the same value in every register of every evaluation that
 * succeeds, and the same evaluations failed (a zero divisor, no applicable row, a declared
 * range, the safe integers), also where a condition or an `and` keeps a failing operation
 * from running. It never gives a group back to the closures on these rule sets.
 */
import { describe, expect, it } from 'vitest';
import { toClosures } from '../../src/backend/closures/index.ts';
import { columnsMany, columnTypeOf } from '../../src/backend/columns/index.ts';
import { asAny, BOOL, codeNode, ENUM, NUM, type ColumnType } from '../../src/backend/columns/lanes.ts';
import type { Core, CoreProgram } from '../../src/core/ir.ts';
import type { Ruleset, TableEvaluator } from '../../src/ruleset.ts';
import { inputReader } from '../../src/schema/reader.ts';
import { groupReader } from '../../src/schema/group-reader.ts';
import { generateInputs, rng } from '../generate.ts';
import { isoDateNumber } from '../../src/runtime.ts';
import { compileText, seed, SEED_IDS, SUMS_PAST_SAFE } from '../helpers.ts';
import { OPS_SOURCE } from '../ops-source.ts';

const WIDTH = 64;
const DATES = ['2020-06-30', '2021-01-01', '2024-12-31', '2025-01-01', '2026-12-05'];

/** A register file per input, with its date; `failed[i]` set where input `i` is not valid. */
type Loader = (inputs: readonly unknown[], from: number, size: number) => { files: any[][]; failed: Uint8Array };

/**
 * Runs `inputs` in groups through the closures' `straightMany` and through the column plan,
 * each on register files of its own, and checks that both agree; returns how many failed.
 */
function agreeOn(core: CoreProgram, typeOf: (input: string) => ColumnType, inputs: readonly unknown[], load: Loader, outputs: readonly string[]): number {
  const closures = toClosures(core);
  const byClosures = closures.straightMany(outputs);
  const byColumns = columnsMany(core, closures, outputs, WIDTH, typeOf);
  const env = closures.newEnv();
  let failures = 0;
  for (let from = 0; from < inputs.length; from += WIDTH) {
    const group = inputs.slice(from, from + WIDTH);
    const a = load(group, from, closures.size);
    const b = load(group, from, closures.size);
    byClosures(env, a.files, group.length, a.failed);
    byColumns(env, b.files, group.length, b.failed);
    expect([...b.failed]).toEqual([...a.failed]);
    for (let i = 0; i < group.length; i++) if (!a.failed[i]) expect(b.files[i]).toStrictEqual(a.files[i]);
    failures += a.failed.reduce((n, f) => n + f, 0);
  }
  expect(byColumns.fallbacks()).toBe(0);
  return failures;
}

/** {@link agreeOn} for input objects of a rule set, read as the evaluator reads them. */
function agree(rs: Ruleset, inputs: readonly Record<string, unknown>[], outputs: readonly string[] = rs.core.outputs): number {
  const read = inputReader(rs.inputs, rs.requiredInputs(outputs));
  const asOfReg = rs.core.inputs.length;
  const load: Loader = (group, from, size) => {
    const failed = new Uint8Array(WIDTH);
    const files = group.map((input, i) => {
      const regs = new Array(size).fill(undefined);
      failed[i] = read(input, regs) ? 0 : 1;
      regs[asOfReg] = DATES[(from + i) % DATES.length];
      return regs;
    });
    return { files, failed };
  };
  return agreeOn(rs.core, (name) => columnTypeOf(rs.inputs.find((f) => f.name === name)!.type), inputs, load, outputs);
}

/**
 * The path `evaluator().many` takes: inputs read a group at a time straight into the plan's
 * columns, computed values left in their columns (only what the closures read written to the
 * register files). Checks the same failures and the same output values as the closures'
 * steps on inputs read one at a time; returns how many failed.
 */
function agreeInColumns(rs: Ruleset, inputs: readonly unknown[], outputs: readonly string[] = rs.core.outputs): number {
  const closures = toClosures(rs.core);
  const byClosures = closures.straightMany(outputs);
  const byColumns = columnsMany(rs.core, closures, outputs, WIDTH, (name) => columnTypeOf(rs.inputs.find((f) => f.name === name)!.type));
  const required = rs.requiredInputs(outputs);
  const read = inputReader(rs.inputs, required);
  const readGroup = groupReader(rs.inputs, required, WIDTH);
  const env = closures.newEnv();
  const regs = outputs.map((o) => closures.valueRegs.get(o)!);
  const filesB = Array.from({ length: WIDTH }, () => new Array(closures.size).fill(undefined));
  let failures = 0;
  for (let from = 0; from < inputs.length; from += WIDTH) {
    const n = Math.min(WIDTH, inputs.length - from);
    const failedA = new Uint8Array(WIDTH);
    const filesA = inputs.slice(from, from + n).map((input, i) => {
      const r = new Array(closures.size).fill(undefined);
      failedA[i] = read(input, r) ? 0 : 1;
      r[closures.asOfReg] = DATES[(from + i) % DATES.length];
      return r;
    });
    byClosures(env, filesA, n, failedA);
    const failedB = new Uint8Array(WIDTH);
    const dates = byColumns.inputColumn(closures.asOfReg)!.col;
    for (let i = 0; i < n; i++) dates[i] = DATES[(from + i) % DATES.length];
    readGroup((i) => inputs[from + i], n, failedB, byColumns.inputColumn);
    expect(byColumns.inColumns(env, filesB, n, failedB, true)).toBe(true);
    expect([...failedB]).toEqual([...failedA]);
    for (let i = 0; i < n; i++) {
      if (failedA[i]) continue;
      const got = regs.map((r) => {
        const { kind, members, col } = byColumns.column(r);
        return kind === BOOL ? col[i] === 1 : kind === ENUM ? members![col[i]] : col[i];
      });
      expect(got).toStrictEqual(regs.map((r) => filesA[i]![r]));
    }
    failures += failedA.reduce((t, f) => t + f, 0);
  }
  expect(byColumns.fallbacks()).toBe(0);
  return failures;
}

describe('the column plan agrees with the closures', () => {
  it.each(SEED_IDS)('%s: inputs read a group at a time into the columns, the values left there', (id) => {
    const rs = seed(id);
    const inputs: unknown[] = generateInputs(rs.inputs, 600, 41).map((x, i) => (i % 9 === 4 ? { ...x, [rs.inputs[i % rs.inputs.length]!.name]: 'broken' } : x));
    expect(agreeInColumns(rs, inputs)).toBeGreaterThan(0);
  });

  it('every core operation read a group at a time, the operations without a loop reading the register files', () => {
    const rs = compileText(OPS_SOURCE).ruleset!;
    expect(agreeInColumns(rs, generateInputs(rs.inputs, 2000, 15))).toBe(0);
    for (const name of ['tail', 'total', 'tail_n', 'has_g']) agreeInColumns(rs, generateInputs(rs.inputs, 300, 16), [name]);
    // Operations without a loop reading values computed in columns (written to the register files for them).
    const refs = compileText(['ruleset refs', 'enum grade { a b c d }', 'input xs: list of grade max_items 8', 'input n: integer in 0..5',
      'def k: integer cite "t" = n + 1', 'def recent: list of grade cite "t" = last(xs, k)', 'def has_a: bool cite "t" = contains(recent, a) and k > 2',
      'output has_a, recent'].join('\n')).ruleset!;
    expect(agreeInColumns(refs, generateInputs(refs.inputs, 600, 17))).toBe(0);
  });

  it.each(SEED_IDS)('%s: every register of 1,000 generated inputs', (id) => {
    const rs = seed(id);
    agree(rs, generateInputs(rs.inputs, 1000, 20261205));
  });

  it('every core operation, on 3,000 generated inputs', () => {
    const rs = compileText(OPS_SOURCE).ruleset!;
    expect(agree(rs, generateInputs(rs.inputs, 3000, 5))).toBe(0);
  });

  it('every comparison, on numbers, booleans, enum members, dates and texts, equal values included', () => {
    const ops = ['<', '<=', '>', '>=', '=', '!='];
    const pairs = [['x', 'y'], ['x', '1'], ['g1', 'g2'], ['g1', 'b'], ['day', 'as_of'], ['day', '2025-01-01'], ['as_of', '2025-01-01'], ['2021-01-01', 'as_of']];
    const defs = pairs.flatMap(([a, b], i) => ops.map((op, j) => `def c${i}_${j}: bool cite "t" = ${a} ${op} ${b}`));
    const equality = ['p = q', 'p != q', 'p = true', 'code = "x"', 'code != "y"', 'g1 = b', 'b != g2', 'g1 in [a, c]', 'not (g2 in [d])'].map((t, i) => `def e${i}: bool cite "t" = ${t}`);
    // Enum members as values: an input's, a choice between two inputs', a choice with a member written out.
    const members = ['g1', 'if p then g1 otherwise g2', 'if q then g2 otherwise c', 'if g1 = g2 then g1 otherwise b', 'if p then g3 otherwise g1', 'g3'].map((t, i) => `def m${i}: grade cite "t" = ${t}`);
    // An input allowed only some members: numbered among those (a member outside them is none of them).
    const allowed = ['g3 = a', 'g3 != a', 'g3 = c', 'g3 in [a, b]', 'g3 >= c', 'g3 = g1', 'a < g3'].map((t, i) => `def n${i}: bool cite "t" = ${t}`);
    const names = [...defs, ...equality, ...members, ...allowed].map((d) => d.split(':')[0]!.slice(4));
    const text = ['ruleset cmp', 'enum grade { a b c d }', 'input x: integer in -2..2', 'input y: integer in -2..2', 'input g1: grade', 'input g2: grade',
      'input g3: grade in [b, c, d]', 'input p: bool', 'input q: bool', 'input day: date', 'input code: text', ...defs, ...equality, ...members, ...allowed, `output ${names.join(', ')}`].join('\n');
    const compiled = compileText(text);
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const rs = compiled.ruleset!;
    const days = ['2020-06-30', '2021-01-01', '2025-01-01', '2026-12-05'];
    const inputs = generateInputs(rs.inputs, 1500, 17, ['x', 'y']).map((x, i) => ({ ...x, day: days[i % days.length] }));
    expect(agree(rs, inputs)).toBe(0);
    expect(agreeInColumns(rs, inputs)).toBe(0);
    const run = rs.evaluator();
    expect(run.many(inputs, '2025-01-01')).toEqual(inputs.map((x) => run(x, '2025-01-01')));
    // Rows of a table, read into register files one at a time, then numbered into the columns.
    const columns = rs.inputs.map((f) => f.name);
    const table = rs.tableEvaluator(columns) as TableEvaluator;
    const rows = inputs.map((x) => columns.map((c) => (x as Record<string, unknown>)[c]));
    expect(table.runMany(rows, '2025-01-01')).toEqual(rows.map((row) => table.run(row, '2025-01-01')));
  });

  it('a constant member of an enum turned back into a value is the member, not its number', () => {
    expect(asAny(codeNode(1, ['a', 'b'], 4), 4).col[0]).toBe('b');
  });

  it('evaluation dates compared as numbers order as their texts do', () => {
    const r = rng(8);
    const date = () => new Date(Date.UTC(1990 + Math.floor(r() * 80), 0, 1 + Math.floor(r() * 366 * 2))).toISOString().slice(0, 10);
    for (let k = 0; k < 5000; k++) {
      const [a, b] = k % 3 === 0 ? [date(), date()] : ((d) => [d, d.slice(0, 8) + String(1 + Math.floor(r() * 28)).padStart(2, '0')])(date());
      expect([isoDateNumber(a) < isoDateNumber(b), isoDateNumber(a) === isoDateNumber(b)], `${a} ${b}`).toEqual([a < b, a === b]);
    }
  });

  it('one output at a time: a plan of only the values it needs', () => {
    const rs = seed('jilin-example');
    const inputs = generateInputs(rs.inputs, 200, 3);
    for (const name of rs.core.outputs) agree(rs, inputs, [name]);
  });

  it('fails the evaluations that fail, and only those: zero divisors and declared ranges', () => {
    const text = `ruleset f
input a: integer in -3..3
input b: integer in -2..2
input years: integer in 0..20
input flag: bool
def q: decimal cite "x" = a / b
def guarded: decimal cite "x" = if b = 0 then 0 otherwise a / b
def short: bool cite "x" = b != 0 and a / b > 1
def either: bool cite "x" = b = 0 or a / b > 1
def bounded: integer in 0..2 cite "x" = a + b
def uses_bounded: integer cite "x" = if flag then bounded otherwise years
output q, guarded, short, either, bounded, uses_bounded`;
    const rs = compileText(text).ruleset!;
    const inputs = generateInputs(rs.inputs, 2000, 9);
    const failed = agree(rs, inputs);
    expect(failed).toBeGreaterThan(100);
    expect(failed).toBeLessThan(inputs.length);
    // Each failing value alone, so that the others do not hide it.
    for (const name of ['q', 'bounded', 'uses_bounded']) expect(agree(rs, inputs, [name])).toBeGreaterThan(0);
    for (const name of ['guarded', 'short', 'either']) expect(agree(rs, inputs, [name])).toBe(0);
  });

  it('tables keyed by an integer or an enum: value tables read at their key, buckets of other rows, keys of no bucket', () => {
    // Integer keys within a small span are bucketed by a lookup at their number (coef, mixed),
    // wider ones by comparison (span); a value table's lanes take their value straight from it,
    // an enum member or a condition too, and the other keys' lanes run the other rows (level_of, flagged).
    const text = `ruleset keyed
enum lvl { a b c d e }
input g: integer in -3..70
input y: integer in 0..20
input l: lvl
table coef: decimal cite "t"
  hit first
  given g
  | 1 | 1.30 |
  | 2 | 1.20 |
  | 3 | 1.10 |
  | 7 | 0.78 |
  | 64 | 0.5 |
  | - | 0.1 |
table span: integer cite "t"
  hit first
  given g
  | -3 | 1 |
  | 70 | 2 |
  | - | 3 |
table mixed: integer cite "t"
  hit first
  given g, y
  | 1 | >= 10 | 1 |
  | 1 | - | 2 |
  | 2 | < 5 | 3 |
  | -1 | - | 4 |
  | - | - | 5 |
table by_level: decimal cite "t"
  hit first
  given l
  | a | 1 |
  | b, c | 2 |
  | - | 3 |
table level_of: lvl cite "t"
  hit first
  given g, y
  | 1 | - | a |
  | 2 | - | b |
  | - | >= 10 | c |
  | - | - | d |
table flagged: bool cite "t"
  hit first
  given l, y
  | a | - | true |
  | b | - | false |
  | - | < 5 | true |
  | - | - | false |
output coef, span, mixed, by_level, level_of, flagged`;
    const rs = compileText(text).ruleset!;
    const inputs = generateInputs(rs.inputs, 3000, 12);
    expect(new Set(inputs.map((x) => x['g'])).size).toBeGreaterThan(50);
    expect(agree(rs, inputs)).toBe(0);
  });

  /**
   * How many of `keys` (one input's values) a value table of `rows` (key → value), written as
   * core (the checker refuses tables with keys no row is for), fails, agreeing with the closures.
   */
  const failsOfValueTable = (rows: readonly [unknown, number][], keys: readonly unknown[], type: ColumnType) => {
    const key: Core = { op: 'input', name: 'key' };
    const branches = rows.map(([k, value]) => ({ when: { op: 'cmp', fn: '==', a: key, b: { op: 'const', value: k } } as Core, then: { op: 'const', value } as Core }));
    const core: CoreProgram = {
      id: 'gap',
      inputs: [{ name: 'key', shape: { k: 'plain' } }],
      defs: [{ name: 't', kind: 'def' as const, expr: { op: 'cond', branches }, shape: { k: 'plain' as const }, refs: [], inputs: ['key'] }],
      outputs: ['t'],
    };
    const load: Loader = (group, _from, size) => ({
      files: group.map((x) => Object.assign(new Array(size).fill(undefined), [(x as { key: unknown }).key, '2025-01-01'])),
      failed: new Uint8Array(WIDTH),
    });
    return agreeOn(core, () => type, keys.map((k) => ({ key: k })), load, ['t']);
  };

  it('a value table keyed by an integer fails the lanes of no row (written as core: the checker refuses such tables)', () => {
    const keys = Array.from({ length: 300 }, (_, i) => (i % 13) - 2 + (i % 7 === 0 ? 0.5 : 0));
    expect(failsOfValueTable([[1, 10], [3, 30], [4, 40]], keys, { kind: NUM })).toBe(keys.filter((k) => ![1, 3, 4].includes(k)).length);
  });

  it('a table keyed by an enum fails the lanes of members no row is for (written as core)', () => {
    const members = ['a', 'b', 'c', 'd'];
    const keys = Array.from({ length: 300 }, (_, i) => members[(i * 7) % 4]!);
    expect(failsOfValueTable([['a', 10], ['c', 30]], keys, { kind: ENUM, members })).toBe(keys.filter((k) => k === 'b' || k === 'd').length);
  });

  it('a table no row of which applies fails (the checker refuses such tables: written here as core)', () => {
    const years: Core = { op: 'input', name: 'years' };
    const row = (min: number, value: number) => ({ when: { op: 'cmp', fn: '>=', a: years, b: { op: 'const', value: min } } as Core, then: { op: 'const', value } as Core });
    const def = (name: string, expr: Core, refs: string[] = []) => ({ name, kind: 'def' as const, expr, shape: { k: 'plain' as const }, refs, inputs: ['years'] });
    const core: CoreProgram = {
      id: 'gap',
      inputs: [{ name: 'years', shape: { k: 'plain' } }, { name: 'flag', shape: { k: 'plain' } }],
      defs: [
        def('t', { op: 'cond', branches: [row(10, 1), row(5, 2)] }),
        def('guarded', { op: 'if', cond: { op: 'input', name: 'flag' }, then: { op: 'ref', name: 't' }, else: { op: 'const', value: 0 } }, ['t']),
        def('nested', { op: 'if', cond: { op: 'input', name: 'flag' }, then: { op: 'cond', branches: [row(8, 3)] }, else: { op: 'cond', branches: [row(2, 4)], else: years } }),
      ],
      outputs: ['t', 'guarded', 'nested'],
    };
    const inputs = Array.from({ length: 300 }, (_, i) => ({ years: i % 13, flag: i % 3 === 0 }));
    const load: Loader = (group, _from, size) => ({
      files: group.map((x) => Object.assign(new Array(size).fill(undefined), [(x as { years: number }).years, (x as { flag: boolean }).flag, '2025-01-01'])),
      failed: new Uint8Array(WIDTH),
    });
    const kindOf = (name: string): ColumnType => ({ kind: name === 'years' ? NUM : BOOL });
    expect(agreeOn(core, kindOf, inputs, load, ['t'])).toBe(inputs.filter((x) => x.years < 5).length);
    // A straight run computes every value a plan needs (`t` too, where `flag` is false): the
    // caller then answers the failed inputs alone, lazily.
    expect(agreeOn(core, kindOf, inputs, load, ['guarded'])).toBe(inputs.filter((x) => x.years < 5).length);
    expect(agreeOn(core, kindOf, inputs, load, ['nested'])).toBe(inputs.filter((x) => (x.flag ? x.years < 8 : false)).length);
  });

  it('integers past the safe range fail, in a step or in the check after the steps', () => {
    const rs = compileText(SUMS_PAST_SAFE).ruleset!;
    const max = Number.MAX_SAFE_INTEGER;
    const inputs = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? { n: i, m: 1, d: 2.5 } : i % 3 === 1 ? { n: max, m: 1, d: 0 } : { n: 0, m: 0, d: 1e300 }));
    expect(agree(rs, inputs)).toBe(200);
  });
});
