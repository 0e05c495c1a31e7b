/**
 * Both backends on every core operation, with the awkward cases: negative amounts and rounding,
 * money times an input rate, dated params inside list functions, enum order between two
 * inputs, `last`, `all`, `sum`. Closures and json-logic-js must agree on every generated input,
 * and on hand-checked values.
 */
import { describe, expect, it } from 'vitest';
import { toClosures, type ClosureProgram, type Env } from '../../src/backend/closures/index.ts';
import type { Const, Core, CoreProgram } from '../../src/core/ir.ts';
import { compileText } from '../helpers.ts';
import { generateInputs } from '../generate.ts';
import { OPS_SOURCE as SOURCE } from '../ops-source.ts';

/**
 * Program `core`'s table `u` for `inputs`, straight and on demand: `want`, or (undefined) no row,
 * a straight run that reports it, and a failure with the table's code.
 */
function expectTableValue(core: CoreProgram, inputs: Readonly<Record<string, unknown>>, want: unknown): void {
  const p = toClosures(core);
  const e = p.newEnv();
  for (const [name, value] of Object.entries(inputs)) e.regs[p.inputRegs.get(name)!] = value;
  e.regs[p.asOfReg] = '2024-01-01';
  e.gen = 1;
  expect(p.straight(['u'])(e)).toBe(want !== undefined);
  e.gen++;
  if (want !== undefined) expect(p.get(e, p.valueRegs.get('u')!)).toBe(want);
  else expect(() => p.get(e, p.valueRegs.get('u')!)).toThrow(expect.objectContaining({ code: 'E-EVAL-NO-ROW', target: 'u' }));
}

const compiled = compileText(SOURCE);

describe('core operations on both backends', () => {
  it('the operations rule set compiles cleanly', () => {
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
  const rs = compiled.ruleset!;

  it.each([
    ['money × rate rounds half away from zero to the fen', { amount: 0.05, rate: 0.5 }, 'times_rate', 0.03],
    ['negative money × rate rounds away from zero too', { amount: -0.05, rate: 0.5 }, 'times_rate', -0.03],
    ['money × 70% is exact in fen (no float noise)', { amount: 9190.26 }, 'times_share', 6433.18],
    ['money ÷ 3 rounds to the fen', { amount: 100 }, 'div_int', 33.33],
    ['money ÷ rate', { amount: 10, rate: 3 }, 'div_rate', 3.33],
    ['floor of negative money goes down to the yuan', { amount: -12.5 }, 'floor_yuan', -13],
    ['ceil of negative money goes up to the yuan', { amount: -12.5 }, 'ceil_yuan', -12],
    ['round of a half yuan goes away from zero', { amount: -12.5 }, 'round_yuan', -13],
    ['floor of a negative quotient', { n: -7, m: 2 }, 'floor_q', -4],
    ['ceil of a negative quotient', { n: -7, m: 2 }, 'ceil_q', -3],
    ['round of -3.5 is -4', { n: -7, m: 2 }, 'round_q', -4],
    ['ceil and floor with a unit divisor', { h: 4321 }, 'hh_blocks', 17],
    ['two consecutive d (k = 2 before 2025)', { xs: ['a', 'd', 'd'] }, 'run_k', true],
    ['last 2 items', { xs: ['a', 'b', 'c'] }, 'tail', ['b', 'c']],
    ['sum minus the last two', { nums: [1, 2, 3, 4] }, 'total', 3],
    ['a declared step: floor to the fen instead of half-up', { amount: 10.01, rate: 0.5 }, 'floor_fen', 5],
    ['a declared step: ceil to 10 yuan', { amount: 10.01 }, 'ceil_ten', 10],
    ['rounding a product rounds its exact value once (0.495 → 0, not 0.50 → 1)', { amount: 0.99, rate: 0.5 }, 'round_exact', 0],
    ['floor money to half a yuan', { amount: -3.2 }, 'floor_half', -3.5],
    ['ceil a quotient to the fen', { amount: 1 }, 'ceil_div', 0.34],
    ['an enum against a member in its order, on either side, each operator (b: 1000 + 10)', { g1: 'b' }, 'order_c', 1011],
    ['… for the next member (c: 100 + 10 + 1)', { g1: 'c' }, 'order_c', 111],
    ['… for the last member (d: 100)', { g1: 'd' }, 'order_c', 100],
    ['counts of several values in one list', { xs: ['a', 'b', 'a', 'c', 'd', 'a'] }, 'counted', 311],
    ['counts in an empty list', { xs: [] }, 'counted', 0],
    ['runs of several values in one list (a run of 0 always holds)', { xs: ['a', 'b', 'b', 'b', 'a', 'a'] }, 'runs', 111],
    ['runs broken by another value', { xs: ['a', 'b', 'a', 'b', 'b', 'c', 'b'] }, 'runs', 1],
    ['questions about one list and value joined by or / and (one scan in the closures)', { xs: ['d', 'a', 'd', 'd'] }, 'scans', 10010],
    ['… negated, with the count on the right, and a run length that is not a constant', { xs: ['b', 'a', 'a', 'b', 'c', 'b'] }, 'scans', 1101],
    ['clauses of flags, equalities and other tests, with clauses that call out', { flag: false, g1: 'b', g2: 'b', n: -1, m: 7, xs: ['d', 'd'] }, 'fired', [2, 4, 6, 10]],
    ['… the other clauses', { flag: true, g1: 'a', g2: 'd', n: -3, m: 2, xs: ['a', 'a'] }, 'fired', [1, 3, 5]],
    ['… and the clauses of equalities against constants, negated', { flag: false, g1: 'a', g2: 'a', n: 0, m: 7, xs: [] }, 'fired', [6, 8, 9, 10]],
    ['nested and/or/not: a failing left side', { flag: false, n: 0, g1: 'a', g2: 'b', m: 5 }, 'nested', false],
    ['… a negated or that holds', { flag: true, n: 6, g1: 'b', g2: 'c', m: 5 }, 'nested', false],
    ['… the left side holding', { flag: false, n: 4, g1: 'c', g2: 'b', m: 9 }, 'nested', true],
    ['… the right side holding', { flag: false, n: 3, g1: 'a', g2: 'a', m: 1 }, 'nested', true],
    ['choices on every kind of register test, negated or not, with constant and computed arms', { n: 3, m: 7, flag: false, g1: 'a', g2: 'c' }, 'choices', 1817 + 7 + 30000 + 700000 + 7000000],
    ['… the other way', { n: -6, m: 2, flag: true, g1: 'b', g2: 'a' }, 'choices', 1 + 2 + 4 - 6 + 16 + 1000 + 2 + 20000 + 500000 - 6000000],
    ['choices on membership, negated or not', { g1: 'a', g2: 'b', n: 3, m: 7 }, 'memberships', 77],
    ['… the other way', { g1: 'b', g2: 'c', n: 3, m: 7 }, 'memberships', 53],
    ['a junction of more tests than are chained as choices', { n: 5, m: 1, flag: false }, 'wide', true],
    ['… that does not hold', { n: 30, m: 9, flag: false }, 'wide', false],
    ['… that holds by its last test', { n: 30, m: 9, flag: true }, 'wide', true],
    ['a negated or, as a value', { flag: false, n: 4, m: 6 }, 'nor', true],
    ['… that does not hold', { flag: false, n: 4, m: 2 }, 'nor', false],
  ] as const)('%s', (_why, input, output, expected) => {
    const opts = { outputs: [output], asOf: '2024-06-01' };
    const a = rs.evaluate(input, opts);
    const b = rs.evaluateJsonLogic(input, opts);
    expect(a).toEqual({ ok: true, outputs: { [output]: expected } });
    expect(b).toEqual(a);
  });

  it('a dated param inside a list function switches on its date in both backends', () => {
    const input = { xs: ['d', 'd', 'a'] };
    for (const [asOf, want] of [['2024-12-31', true], ['2025-01-01', false]] as const) {
      const a = rs.evaluate(input, { outputs: ['run_k'], asOf });
      expect(a).toEqual({ ok: true, outputs: { run_k: want } });
      expect(rs.evaluateJsonLogic(input, { outputs: ['run_k'], asOf })).toEqual(a);
    }
  });

  it('one output at a time (its own plan) and explained (lazy, traced) give the values of all at once', () => {
    for (const [i, input] of generateInputs(rs.inputs, 300, 11).entries()) {
      const asOf = i % 2 ? '2024-06-01' : '2025-06-01';
      const all = rs.evaluate(input, { asOf });
      if (!all.ok) throw new Error(JSON.stringify(all.errors));
      for (const name of rs.outputNames) {
        expect(rs.evaluate(input, { asOf, outputs: [name] })).toEqual({ ok: true, outputs: { [name]: all.outputs[name] } });
      }
      const explained = rs.evaluate(input, { asOf, explain: true });
      expect(explained.ok && explained.outputs).toEqual(all.outputs);
    }
  });

  it('closures and json-logic-js agree on 5000 generated inputs for every output', () => {
    const inputs = generateInputs(rs.inputs, 5000, 7);
    for (const [i, input] of inputs.entries()) {
      const asOf = i % 2 ? '2024-06-01' : '2025-06-01';
      const a = rs.evaluate(input, { asOf });
      expect(a.ok).toBe(true);
      expect(rs.evaluateJsonLogic(input, { asOf })).toEqual(a);
    }
  });
});

describe('straight-line plans', () => {
  // A value with no applicable rule must only fail an evaluation that uses it.
  const core: CoreProgram = {
    id: 't',
    inputs: [{ name: 'x', shape: { k: 'plain' } }, { name: 'y', shape: { k: 'plain' } }],
    defs: [
      { name: 'a', kind: 'table', shape: { k: 'plain' }, refs: [], inputs: ['x'], expr: { op: 'cond', branches: [{ when: { op: 'cmp', fn: '==', a: { op: 'input', name: 'x' }, b: { op: 'const', value: 1 } }, then: { op: 'const', value: 10 } }], failCode: 'E-EVAL-NO-ROW' } },
      { name: 'b', kind: 'def', shape: { k: 'plain' }, refs: ['a'], inputs: ['y'], expr: { op: 'if', cond: { op: 'input', name: 'y' }, then: { op: 'ref', name: 'a' }, else: { op: 'const', value: 0 } } },
    ],
    outputs: ['b'],
  };
  const env = (p: ClosureProgram, x: number, y: boolean): Env => {
    const e = p.newEnv();
    e.regs[p.inputRegs.get('x')!] = x;
    e.regs[p.inputRegs.get('y')!] = y;
    e.regs[p.asOfReg] = '2024-01-01';
    e.gen = 1;
    return e;
  };

  it('report failure of an unused value so the caller can fall back to lazy evaluation', () => {
    const p = toClosures(core);
    const e = env(p, 2, false);
    expect(p.straight(['b'])(e)).toBe(false);
    e.gen++;
    expect(p.get(e, p.valueRegs.get('b')!)).toBe(0);
  });
  it('compute every needed value when all rules apply', () => {
    const p = toClosures(core);
    const e = env(p, 1, true);
    expect(p.straight(['b'])(e)).toBe(true);
    expect([p.valueRegs.get('a'), p.valueRegs.get('b')].map((r) => e.regs[r!])).toEqual([10, 10]);
  });
});

describe('questions about one list joined by and/or', () => {
  // consecutive(xs, a, 2) or count(xs, a) >= 3, and its negation through `not`.
  const xs: Core = { op: 'input', name: 'xs' };
  const a: Core = { op: 'const', value: 'a' };
  const either: Core = { op: 'or', args: [{ op: 'run', list: xs, value: a, n: { op: 'const', value: 2 } }, { op: 'cmp', fn: '>=', a: { op: 'count', list: xs, value: a }, b: { op: 'const', value: 3 } }] };
  const core: CoreProgram = {
    id: 't',
    inputs: [{ name: 'xs', shape: { k: 'list', of: { k: 'plain' } } }, { name: 'flag', shape: { k: 'plain' } }],
    defs: [
      { name: 'exit', kind: 'def', shape: { k: 'plain' }, refs: [], inputs: ['xs'], expr: either },
      { name: 'stay', kind: 'def', shape: { k: 'plain' }, refs: [], inputs: ['xs'], expr: { op: 'not', a: either } },
      // Nested in another junction: `flag and (…)`.
      { name: 'flagged', kind: 'def', shape: { k: 'plain' }, refs: [], inputs: ['xs', 'flag'], expr: { op: 'and', args: [{ op: 'input', name: 'flag' }, either] } },
    ],
    outputs: ['exit', 'stay', 'flagged'],
  };
  // A list that counts how many of its items are read.
  const counted = (items: string[]) => {
    const reads = { n: 0 };
    const list = new Proxy(items, { get: (t, k, r) => (typeof k === 'string' && /^\d+$/.test(k) && reads.n++, Reflect.get(t, k, r)) });
    return { list, reads };
  };

  // Each case: the items, the answer, and how many items decide it (an `or` of such questions
  // holds from the item where one does, so the scan stops there).
  it.each([
    [['b', 'a', 'b', 'a', 'b'], false, 5],
    [['b', 'a', 'a', 'b', 'a', 'a'], true, 3],
    [['a', 'b', 'a', 'b', 'a', 'b'], true, 5],
    [[], false, 0],
  ] as const)('are answered by one scan of the list (%j: %s, decided by %i items)', (items, want, decided) => {
    const p = toClosures(core);
    for (const flag of [true, false]) {
      const run = p.straight(['exit', 'stay', 'flagged']);
      const { list, reads } = counted([...items]);
      const e = p.newEnv();
      e.regs[p.inputRegs.get('xs')!] = list;
      e.regs[p.inputRegs.get('flag')!] = flag;
      e.regs[p.asOfReg] = '2024-01-01';
      e.gen = 1;
      expect(run(e)).toBe(true);
      expect(['exit', 'stay', 'flagged'].map((v) => e.regs[p.valueRegs.get(v)!])).toEqual([want, !want, flag && want]);
      // Each value that asks scans the list once, up to the deciding item (`flagged` only when
      // the flag holds): a scan per operand would read it up to twice as often.
      expect(reads.n).toBe((flag ? 3 : 2) * decided);
    }
  });
});

describe('an or of list questions with a constant that is not a number', () => {
  // count(xs, a) >= NaN never holds; the question beside it still decides (the scan that stops
  // early is not taken for it, which would never stop).
  const xs: Core = { op: 'input', name: 'xs' };
  const a: Core = { op: 'const', value: 'a' };
  const count: Core = { op: 'count', list: xs, value: a };
  const core: CoreProgram = {
    id: 't',
    inputs: [{ name: 'xs', shape: { k: 'list', of: { k: 'plain' } } }],
    defs: [{ name: 'u', kind: 'def', shape: { k: 'plain' }, refs: [], inputs: ['xs'], expr: { op: 'or', args: [
      { op: 'cmp', fn: '>=', a: count, b: { op: 'const', value: NaN } },
      { op: 'cmp', fn: '>=', a: count, b: { op: 'const', value: 3 } },
    ] } }],
    outputs: ['u'],
  };
  it.each([[['a', 'b', 'a'], false], [['a', 'a', 'b', 'a'], true]] as const)('%j: %s', (items, want) => {
    const p = toClosures(core);
    const e = p.newEnv();
    e.regs[p.inputRegs.get('xs')!] = [...items];
    e.regs[p.asOfReg] = '2024-01-01';
    e.gen = 1;
    expect(p.straight(['u'])(e)).toBe(true);
    expect(e.regs[p.valueRegs.get('u')!]).toBe(want);
  });
});

describe('tables decided by one key (value tables)', () => {
  const compiledTabs = compileText(`
ruleset tabs
enum grade { a b c d }
input g: grade
input n: integer in 0..20
param pa: money = 100
  from 2025-01-01 = 150
table by_grade: money cite "t"
  hit first
  given g
  | a | pa  |
  | b | 200 |
  | - | 300 |
table keyed_then_rest: integer in 1..4 cite "t"
  hit first
  given g, n
  | a | -     | 1 |
  | b | -     | 2 |
  | - | >= 10 | 3 |
  | - | -     | 4 |
table by_number: decimal cite "t"
  hit unique
  given keyed_then_rest
  | 1 | 1.5  |
  | 2 | 1.25 |
  | 3 | 1    |
  | 4 | 0.5  |
output by_grade, keyed_then_rest, by_number
`);
  const rs = compiledTabs.ruleset!;

  it('compile cleanly', () => expect(compiledTabs.diagnostics).toEqual([]));

  it('answer by key, fall through to the general rows for other keys, and switch dated answers on the date', () => {
    const expected: Record<string, [number, number, number, number]> = {
      // g: [by_grade before 2025, by_grade from 2025, keyed_then_rest for n = 3, for n = 12]
      a: [100, 150, 1, 1],
      b: [200, 200, 2, 2],
      c: [300, 300, 4, 3],
      d: [300, 300, 4, 3],
    };
    const byRest = { 1: 1.5, 2: 1.25, 3: 1, 4: 0.5 } as Record<number, number>;
    for (const [g, [early, late, small, big]] of Object.entries(expected)) {
      for (const [n, rest] of [[3, small], [12, big]] as const) {
        for (const [asOf, pay] of [['2024-06-01', early], ['2025-06-01', late]] as const) {
          const want = { ok: true, outputs: { by_grade: pay, keyed_then_rest: rest, by_number: byRest[rest] } };
          expect(rs.evaluate({ g, n }, { asOf })).toEqual(want);
          expect(rs.evaluateJsonLogic({ g, n }, { asOf })).toEqual(want);
        }
      }
    }
  });
});

describe('choices on dates beside choices on numbers', () => {
  // Dates are compared as text, numbers as numbers: the closures of each kind are apart. Every
  // operator, negated or not, with each shape of arms (constant or computed, either side).
  const ops = ['<', '<=', '>', '>='] as const;
  const arms = [['1', '0'], ['1', 'n'], ['n', '0'], ['n', 'n + 1']] as const;
  const defs = ops.flatMap((op, o) => arms.flatMap(([x, y], a) => [
    `def d${o}${a}: integer cite "t" = if day ${op} 2024-03-01 then ${x} otherwise ${y}`,
    `def x${o}${a}: integer cite "t" = if not (day ${op} 2024-03-01) then ${x} otherwise ${y}`,
    `def n${o}${a}: integer cite "t" = if n ${op} 5 then ${x} otherwise ${y}`,
  ]));
  const names = defs.map((d) => d.split(':')[0]!.slice(4));
  const rs = compileText(['ruleset dates', 'input day: date', 'input n: integer in 0..10', ...defs, `output ${names.join(', ')}`].join('\n')).ruleset!;
  const holds = (a: string | number, op: (typeof ops)[number], b: string | number) => (op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b);
  it.each(['2023-12-31', '2024-02-29', '2024-03-01', '2024-03-02', '2025-01-01'])('day %s, on both backends', (day) => {
    for (const n of [0, 5, 7]) {
      const pick = (c: boolean, [x, y]: readonly [string, string]) => { const v = (e: string) => (e === 'n' ? n : e === 'n + 1' ? n + 1 : Number(e)); return c ? v(x) : v(y); };
      const want = Object.fromEntries(ops.flatMap((op, o) => arms.flatMap((arm, a) => [
        [`d${o}${a}`, pick(holds(day, op, '2024-03-01'), arm)],
        [`x${o}${a}`, pick(!holds(day, op, '2024-03-01'), arm)],
        [`n${o}${a}`, pick(holds(n, op, 5), arm)],
      ])));
      expect(rs.evaluate({ day, n })).toEqual({ ok: true, outputs: want });
      expect(rs.evaluateJsonLogic({ day, n })).toEqual({ ok: true, outputs: want });
    }
  });
});

describe('a value table keyed by integers close together', () => {
  // An array by key in the closures: a key in a gap, past either end, or not an integer falls
  // through to the rows for any other key, or fails when there are none.
  // by_n: answers of several kinds; fixed: constant answers only; both with rows for any other key.
  const rs = compileText(['ruleset dense', 'input n: integer in -5..20', 'param pa: money = 100', '  from 2025-01-01 = 150',
    'table by_n: money cite "t"', '  hit first', '  given n', '  | 2 | 10 |', '  | 3 | pa |', '  | 5 | 0.5 |', '  | 9 | 90 |', '  | - | 1 |',
    'table fixed: integer cite "t"', '  hit first', '  given n', '  | 0 | 7 |', '  | 1 | 8 |', '  | 4 | 9 |', '  | - | 6 |', 'output by_n, fixed'].join('\n')).ruleset!;
  it.each([
    [2, '2024-06-01', 10, 6], [3, '2024-06-01', 100, 6], [3, '2025-06-01', 150, 6], [5, '2024-06-01', 0.5, 6], [9, '2024-06-01', 90, 6],
    [4, '2024-06-01', 1, 9], [1, '2024-06-01', 1, 8], [0, '2024-06-01', 1, 7], [-0, '2024-06-01', 1, 7], [10, '2024-06-01', 1, 6],
    [-5, '2024-06-01', 1, 6], [20, '2024-06-01', 1, 6],
  ] as const)('n = %i as of %s: %s and %s on both backends', (n, asOf, byN, fixed) => {
    const want = { ok: true, outputs: { by_n: byN, fixed } };
    expect(rs.evaluate({ n }, { asOf })).toEqual(want);
    expect(rs.evaluateJsonLogic({ n }, { asOf })).toEqual(want);
  });

  const eq = (value: Const): Core => ({ op: 'cmp', fn: '==', a: { op: 'input', name: 'x' }, b: { op: 'const', value } });
  const core: CoreProgram = {
    id: 'dense',
    inputs: [{ name: 'x', shape: { k: 'plain' } }],
    defs: [{
      name: 'u', kind: 'table', shape: { k: 'plain' }, refs: [], inputs: ['x'],
      expr: { op: 'cond', failCode: 'E-EVAL-NO-ROW', branches: [
        { when: eq(1), then: { op: 'const', value: 'one' } },
        { when: eq(2), then: { op: 'const', value: null } },
        { when: eq(4), then: { op: 'const', value: 'four' } },
      ] },
    }],
    outputs: ['u'],
  };
  it.each([[1, 'one'], [2, null], [4, 'four'], [3, undefined], [0, undefined], [5, undefined], [1.5, undefined], [NaN, undefined], ['1', undefined], [undefined, undefined]] as const)(
    'with no rows for other keys, x = %j gives %j (undefined: no row)', (x, want) => expectTableValue(core, { x }, want));

  it('plans a table whose keyed rows have no key values (`in []`): every key goes to the other rows', () => {
    const none: Core = { op: 'in', a: { op: 'input', name: 'x' }, set: [] };
    const empty: CoreProgram = { ...core, defs: [{ ...core.defs[0]!, expr: { op: 'cond', failCode: 'E-EVAL-NO-ROW', branches: [
      { when: none, then: { op: 'const', value: 1 } },
      { when: none, then: { op: 'const', value: 2 } },
      { when: { op: 'const', value: true }, then: { op: 'const', value: 3 } },
    ] } }] };
    for (const x of [0, 1, 2]) expectTableValue(empty, { x }, 3);
  });
});

describe('tables keyed by one value whose buckets have conditions', () => {
  // Rows of a bucket are a chain of choices; a bucket with more than 32 tests is picked from in a loop.
  const rows = (g: string, count: number, base: number) => Array.from({ length: count }, (_, i) => `  | ${g} | ${i} | ${base + i} |`);
  const rs = compileText(['ruleset bucketed', 'enum grade { a b c d }', 'input g: grade', 'input n: integer in 0..50',
    'table t: integer cite "t"', '  hit first', '  given g, n', ...rows('a', 3, 100), ...rows('b', 40, 200), '  | a | - | 1 |', '  | c | >= 5 | 2 |', '  | - | - | 0 |', 'output t'].join('\n')).ruleset!;

  it.each([
    ['a', 1, 101], ['a', 7, 1], ['b', 0, 200], ['b', 39, 239], ['b', 45, 0], ['c', 5, 2], ['c', 4, 0], ['d', 9, 0],
  ] as const)('g = %s, n = %i: %i on both backends', (g, n, want) => {
    expect(rs.evaluate({ g, n })).toEqual({ ok: true, outputs: { t: want } });
    expect(rs.evaluateJsonLogic({ g, n })).toEqual({ ok: true, outputs: { t: want } });
  });

  // A table the checker lets through has a row for every case; a core program need not: a chain
  // that runs out fails the evaluation (its table's code, for its value), as no row does.
  const cmp = (name: string, fn: '==' | '>=' | '<', value: Const): Core => ({ op: 'cmp', fn, a: { op: 'input', name }, b: { op: 'const', value } });
  const gaps: CoreProgram = {
    id: 'gaps',
    inputs: [{ name: 'g', shape: { k: 'plain' } }, { name: 'n', shape: { k: 'plain' } }],
    defs: [{
      name: 'u', kind: 'table', shape: { k: 'plain' }, refs: [], inputs: ['g', 'n'],
      expr: { op: 'cond', failCode: 'E-EVAL-NO-ROW', branches: [
        { when: { op: 'and', args: [cmp('g', '==', 'a'), cmp('n', '>=', 5)] }, then: { op: 'const', value: 1 } },
        { when: { op: 'and', args: [cmp('g', '==', 'a'), cmp('n', '<', 2)] }, then: { op: 'const', value: 2 } },
        { when: cmp('g', '==', 'b'), then: { op: 'const', value: 3 } },
      ] },
    }],
    outputs: ['u'],
  };
  it.each([['a', 7, 1], ['a', 1, 2], ['b', 3, 3], ['a', 3, undefined], ['c', 4, undefined]] as const)('a table with gaps: g = %s, n = %i gives %s (undefined: no row)', (g, n, want) =>
    expectTableValue(gaps, { g, n }, want));
});

describe('an enum compared with a member in its order', () => {
  // Every operator, every member, on either side: lowered to membership, checked against the places.
  const members = ['a', 'b', 'c', 'd'];
  const ops = ['<', '<=', '>', '>='] as const;
  const holds = (x: number, op: (typeof ops)[number], y: number) => (op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y);
  const defs = ops.flatMap((op, o) => members.flatMap((m) => [`def r${o}${m}: bool cite "t" = g ${op} ${m}`, `def l${o}${m}: bool cite "t" = ${m} ${op} g`]));
  const names = defs.map((d) => d.split(':')[0]!.slice(4));
  const rs = compileText(['ruleset ord', 'enum grade { a b c d }', 'input g: grade', ...defs, `output ${names.join(', ')}`].join('\n')).ruleset!;

  it.each(members)('g = %s: every comparison as its places say, on both backends', (g) => {
    const want = Object.fromEntries(ops.flatMap((op, o) => members.flatMap((m) => [[`r${o}${m}`, holds(members.indexOf(g), op, members.indexOf(m))], [`l${o}${m}`, holds(members.indexOf(m), op, members.indexOf(g))]])));
    expect(rs.evaluate({ g })).toStrictEqual({ ok: true, outputs: want });
    expect(rs.evaluateJsonLogic({ g })).toStrictEqual({ ok: true, outputs: want });
  });
});
