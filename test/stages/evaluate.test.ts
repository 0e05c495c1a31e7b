/**
 * The evaluation interface: demand-driven inputs, errors that name the field in both
 * languages, as-of dates, explanations with table rows, fired clauses, params and citations.
 */
import { describe, expect, it } from 'vitest';
import { compileText, seed, SUMS_PAST_SAFE } from '../helpers.ts';

const jilin = seed('jilin');
const city = seed('jilin-example');

describe('demand-driven evaluation', () => {
  it('asking for staffing outputs needs only `households`', () => {
    expect([...jilin.requiredInputs(['posts_min', 'posts_max'])]).toEqual(['households']);
    expect(jilin.evaluate({ households: 4321 }, { outputs: ['posts_min', 'posts_max'] })).toEqual({ ok: true, outputs: { posts_min: 12, posts_max: 19 } });
  });

  it('a missing needed input is reported by name with what was expected', () => {
    const r = jilin.evaluate({ post: 'head' }, { outputs: ['pay_grade'] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.field, e.code])).toEqual([
      ['years_of_service', 'E-INPUT-MISSING'],
      ['education', 'E-INPUT-MISSING'],
    ]);
    expect(r.errors[0]!.message).toContain('years_of_service');
    expect(r.errors[0]!.expected).toContain('0..50');
  });

  it('words a number with a unit as the rules write it, and in Chinese by the unit’s label', () => {
    const expected = (locale: 'en' | 'zh') => {
      const r = jilin.evaluate({ age: 90, education: 'college', existing_worker: false, certificate: 'none', sociology_graduate: false, veteran: false }, { outputs: ['recruit_eligible'], locale });
      return r.ok ? undefined : r.errors.map((e) => e.expected);
    };
    expect(expected('en')).toEqual(['an integer[year] 16..80']);
    expect(expected('zh')).toEqual(['整数（年）16..80']);
  });

  it('ill-typed, out-of-range and unknown inputs each name their field, in Chinese too', () => {
    const r = jilin.evaluate({ households: -1, post: 'boss', assessments: ['pass', 'great'], housholds: 3 }, { outputs: ['posts_min', 'pay_grade', 'must_exit'], locale: 'zh' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byField = Object.fromEntries(r.errors.map((e) => [e.field, e]));
    expect(byField['households']!.code).toBe('E-INPUT-RANGE');
    expect(byField['post']!.code).toBe('E-INPUT-TYPE');
    expect(byField['post']!.message).toMatch(/应为其中之一：head（社区正职）, committee（其他“两委”成员）, staff（普通工作人员）/);
    expect(byField['assessments.1']!.code).toBe('E-INPUT-TYPE');
    expect(byField['housholds']!.code).toBe('E-INPUT-UNKNOWN');
    // The inputs it could have been, for an integrator who does not have the rules at hand.
    expect(byField['housholds']!.expected).toMatch(/^其中之一：.*\bhouseholds\b/);
    expect(byField['housholds']!.message).toContain('是否想写 `households`');
  });

  it('names every unknown input, not only the first; past ten, counts the rest', () => {
    const errors = (input: object, locale: 'en' | 'zh' = 'en') => {
      const r = jilin.evaluate(input, { outputs: ['posts_min'], locale });
      return r.ok ? [] : r.errors.map((e) => [e.field, e.code, e.message]);
    };
    // Before: `bogus` alone (valibot stops at the first unknown key).
    expect(errors({ households: 1, bogus: 2, housholds: 3 })).toEqual([
      ['bogus', 'E-INPUT-UNKNOWN', 'unknown input `bogus`'],
      ['housholds', 'E-INPUT-UNKNOWN', 'unknown input `housholds`; did you mean `households`?'],
    ]);
    expect(errors({ households: 1, bogus: 2, housholds: 3 }, 'zh').map((e) => e[2])).toEqual(['未知的输入项 `bogus`', '未知的输入项 `housholds`，是否想写 `households`？']);
    const many = errors({ households: 1, ...Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`x${i}`, i])) });
    expect(many.map((e) => e[0])).toEqual([...Array.from({ length: 10 }, (_, i) => `x${i}`), '(input)']);
    expect(many.at(-1)).toEqual(['(input)', 'E-INPUT-UNKNOWN', 'and 3 more unknown inputs']);
    // A name of a million characters is quoted short (and compared with the inputs' names cheaply).
    const long = 'households'.repeat(100_000);
    expect(errors({ households: 1, [long]: 1 })).toEqual([[long, 'E-INPUT-UNKNOWN', `unknown input \`${long.slice(0, 39)}…\``]]);
  });

  it('money inputs with sub-fen digits are rejected, not rounded silently', () => {
    const rs = compileText('ruleset m\ninput pay: money\ndef half: money cite "t" = pay * 50%\noutput half').ruleset!;
    expect(rs.evaluate({ pay: 100.01 })).toEqual({ ok: true, outputs: { half: 50.01 } });
    const r = rs.evaluate({ pay: 100.001 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ field: 'pay', code: 'E-INPUT-TYPE' });
  });

  it('unknown outputs and malformed dates are errors, not crashes', () => {
    const r = jilin.evaluate({}, { outputs: ['nope'], asOf: '2024-02-30' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.code)).toEqual(['E-OUTPUT-UNKNOWN', 'E-INPUT-TYPE']);
    expect(jilin.evaluate('not an object', { outputs: ['posts_min'] }).ok).toBe(false);
    expect(jilin.evaluate(null, { outputs: ['posts_min'] }).ok).toBe(false);
  });

  it('a prototype-polluting key is rejected and pollutes nothing', () => {
    const input = JSON.parse('{"households": 100, "__proto__": {"polluted": true}}');
    const r = jilin.evaluate(input, { outputs: ['posts_min'] });
    expect(r.ok).toBe(false);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('as-of dates', () => {
  it('a dated param applies only from its date', () => {
    const input = { post: 'committee', years_of_service: 7, education: 'college', certificate: 'assistant' };
    const before = city.evaluate(input, { outputs: ['certificate_allowance'], asOf: '2024-12-31' });
    const after = city.evaluate(input, { outputs: ['certificate_allowance'], asOf: '2025-01-01' });
    expect(before).toEqual({ ok: true, outputs: { certificate_allowance: 300 } });
    expect(after).toEqual({ ok: true, outputs: { certificate_allowance: 350 } });
  });
});

describe('explanations', () => {
  it('say which row matched, which params were used, and cite the policy', () => {
    const r = city.evaluate({ post: 'staff', years_of_service: 3, education: 'bachelor', certificate: 'senior' }, { outputs: ['monthly_pay'], explain: true, asOf: '2024-06-01' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [root] = r.explanation!;
    expect(root).toMatchObject({ name: 'monthly_pay', value: 4880, cite: 'JL-W §2(4)', ruleset: 'jilin' });
    const flat = (n: typeof root): (typeof root)[] => [n!, ...n!.children.flatMap(flat)];
    const nodes = flat(root);
    const grade = nodes.find((n) => n!.name === 'pay_grade')!;
    expect(grade.row).toEqual({ index: 7, text: '| staff     | -    | bachelor, master | 6 |' });
    expect(grade.ruleset).toBeUndefined(); // the city's own table
    expect(nodes.find((n) => n!.name === 'pay_benchmark')).toMatchObject({ kind: 'param', value: 4800 });
    expect(nodes.find((n) => n!.name === 'certificate')).toMatchObject({ kind: 'input', value: 'senior' });
    // Only the allowance of the row that applied, not those of the other certificates.
    const allowance = nodes.find((n) => n!.name === 'certificate_allowance')!;
    expect(allowance.children.map((c) => c.name).sort()).toEqual(['allowance_senior', 'certificate']);
  });

  it('list the clauses that fired, with their citations', () => {
    const r = jilin.evaluate({ assessments: ['fail', 'fail'], discipline_breach: false, serious_dereliction: true, agreement_breach_uncorrected: false, incompetent_after_training: false, other_legal_ground: false }, { outputs: ['exit_clauses'], explain: true });
    expect(r.ok && r.explanation![0]!.fired).toEqual([
      { key: 1, label: '年度考核连续2年或累计3年不合格', cite: 'JL-W §2(10)⑴' },
      { key: 3, label: '严重失职渎职或弄虚作假，造成重大损失', cite: 'JL-W §2(10)⑶' },
    ]);
  });

  it('name the row and the clauses that applied when a cell or clause reads a dated param (its date was taken for a row)', () => {
    const text = `ruleset ex
input years: integer in 0..50
input flag: bool
param min_years: integer cite "X" = 5
  from 2025-01-01 = 8
table t: integer cite "X"
  hit first
  given years
  | >= min_years | 1 |
  | - | 2 |
clauses c cite "X"
  clause 1 "one" : years > min_years
  clause 2 "two" : flag
output t, c`;
    const rs = compileText(text).ruleset!;
    for (const [asOf, years, row, fired] of [['2024-06-01', 10, 1, [1]], ['2024-06-01', 3, 2, []], ['2025-06-01', 10, 1, [1]], ['2025-06-01', 6, 2, []]] as const) {
      const r = rs.evaluate({ years, flag: false }, { explain: true, asOf });
      expect(r.ok, `${asOf} ${years}`).toBe(true);
      if (!r.ok) continue;
      const [table, clauses] = r.explanation!;
      expect(table!.row?.index, `${asOf} ${years}`).toBe(row);
      expect(clauses!.fired!.map((f) => f.key), `${asOf} ${years}`).toEqual(fired);
    }
  });
});

describe('explanations of an `if`', () => {
  const text = `ruleset ex
input x: integer in 0..100
input y: integer in 0..100
param limit: integer cite "X" = 10
param high: integer cite "X" = 7
param low: integer cite "X" = 1
  from 2025-01-01 = 2
def inner: integer cite "X" = if y > 5 then high otherwise y
def d: integer cite "X" = if x > limit then (if y > 5 then high otherwise y) otherwise low + inner
output d`;
  const rs = compileText(text).ruleset!;
  const read = (input: Record<string, number>, asOf = '2024-06-01') => {
    const r = rs.evaluate(input, { explain: true, asOf });
    if (!r.ok) throw new Error('failed');
    const names = (n: NonNullable<typeof r.explanation>[number]): unknown[] => n.children.map((c) => (c.children.length ? { [c.name]: names(c) } : c.name));
    return names(r.explanation![0]!);
  };

  it('list what the condition and the branch taken read, not the other branch', () => {
    expect(read({ x: 50, y: 9 })).toEqual(['x', 'limit', 'y', 'high']);
    expect(read({ x: 50, y: 1 })).toEqual(['x', 'limit', 'y']);
    // The definition read in the branch taken is explained in turn, by its own branch.
    expect(read({ x: 1, y: 9 })).toEqual([{ inner: ['y', 'high'] }, 'x', 'limit', 'low']);
    expect(read({ x: 1, y: 1 }, '2025-06-01')).toEqual([{ inner: ['y'] }, 'x', 'limit', 'low']);
  });
});

describe('plans per list of outputs', () => {
  it('stay bounded however many different lists clients ask for (each list used to keep a plan for ever)', () => {
    const rs = seed('jilin');
    const names = rs.outputs.map((o) => o.name);
    for (let i = 0; i < 500; i++) {
      const outputs = [names[i % names.length]!, `unknown_${i}`];
      expect(rs.evaluate({}, { outputs }).ok).toBe(false);
    }
    const plans = (rs as unknown as { plans: { size: number } }).plans;
    expect(plans.size).toBeLessThanOrEqual(64);
    // A list asked for again after being dropped is planned again, with the same answer.
    expect(rs.evaluate({ households: 4000 }, { outputs: ['posts_min'], asOf: '2024-06-01' })).toEqual({ ok: true, outputs: { posts_min: 12 } });
  });

  it('stay bounded for lists of known outputs too (the inputs each list needs were kept for ever)', () => {
    const rs = seed('jilin');
    const names = rs.outputs.map((o) => o.name);
    for (const a of names) for (const b of names) rs.evaluate({}, { outputs: [a, b] });
    expect(names.length ** 2).toBeGreaterThan(64);
    const needs = (rs as unknown as { needs: { size: number } }).needs;
    expect(needs.size).toBeLessThanOrEqual(64);
    expect(rs.evaluate({ households: 4000 }, { outputs: ['posts_min', 'posts_max'], asOf: '2024-06-01' })).toEqual({ ok: true, outputs: { posts_min: 12, posts_max: 18 } });
  });
});

describe('plans per list of outputs, keyed by the names joined', () => {
  it('do not mix up a name holding U+0000 with the names it joins (a client could make valid lists fail)', () => {
    const rs = seed('jilin');
    expect(rs.evaluate({ households: 1 }, { outputs: ['posts_min\u0000posts_max'], asOf: '2024-06-01' })).toMatchObject({ ok: false, errors: [{ code: 'E-OUTPUT-UNKNOWN' }] });
    expect(rs.evaluate({ households: 1 }, { outputs: ['posts_min', 'posts_max'], asOf: '2024-06-01' })).toEqual({ ok: true, outputs: { posts_min: 10, posts_max: 15 } });
    expect(rs.evaluate({ households: 1 }, { outputs: ['posts_min\u0000posts_max'], asOf: '2024-06-01' })).toMatchObject({ ok: false, errors: [{ code: 'E-OUTPUT-UNKNOWN' }] });
  });
});

describe('an unknown output asked for', () => {
  it('suggests the output it is likely a misspelling of, in both languages', () => {
    const en = jilin.evaluate({ households: 4000 }, { outputs: ['local_post'] });
    const zh = jilin.evaluate({ households: 4000 }, { outputs: ['local_post'], locale: 'zh' });
    expect(en.ok || en.errors[0]!.message).toBe('unknown output `local_post`; did you mean `local_posts`?');
    expect(zh.ok || zh.errors[0]!.message).toBe('未知的输出项 `local_post`，是否想写 `local_posts`？');
  });
});

describe('integers past the safe integers', () => {
  const rs = compileText(SUMS_PAST_SAFE).ruleset!;
  const notExact = (field: string, value: string) => ({ ok: false, errors: [{ field, code: 'E-EVAL-RANGE', message: `\`${field}\` = ${value} is not exact: integers are computed exactly only within -9007199254740991..9007199254740991` }] });
  const max = Number.MAX_SAFE_INTEGER;

  it('fail the evaluation, naming the value that computed them, on every path', () => {
    // Before: `s` was 9007199254740992, and `big` read it as if it were exact.
    const input = { n: max, m: 1, d: 0 };
    expect(rs.evaluate(input)).toEqual(notExact('s', '9007199254740992'));
    expect(rs.evaluator()(input)).toEqual(notExact('s', '9007199254740992'));
    // An intermediate value: `big` is computed from `s`.
    expect(rs.evaluate(input, { outputs: ['big'] })).toEqual(notExact('s', '9007199254740992'));
    expect(rs.evaluate(input, { outputs: ['big'], explain: true })).toEqual(notExact('s', '9007199254740992'));
    expect(rs.evaluate({ n: 0, m: 0, d: 1e300 }, { outputs: ['whole'] })).toEqual(notExact('whole', '1e+300'));
    expect(rs.evaluate({ n: -max, m: 2, d: 0 }, { outputs: ['small'] })).toEqual(notExact('small', '-9007199254740992'));
  });

  it('up to the safe integers are answered', () => {
    expect(rs.evaluate({ n: max - 1, m: 1, d: 2.5 })).toEqual({ ok: true, outputs: { s: max, big: true, whole: 2, small: max - 2 } });
    expect(rs.evaluate({ n: max, m: 1, d: 0 }, { outputs: ['small'] })).toEqual({ ok: true, outputs: { small: max - 1 } });
  });
});
