/**
 * @module bench/contestants/json-rules-engine
 * `jilin-example` for json-rules-engine, as its users write rules: JSON conditions over facts
 * (`all` / `any` / shared named conditions) that fire events carrying parameters.
 *
 * json-rules-engine decides; it does not compute. So:
 * - decisions are rules: pay grade rows (their event carries the grade and its coefficient in
 *   hundredths, the grade → coefficient table being one row per grade), certificate allowance
 *   rows, recruitment, the six exit clauses, the three task reasons, the labour contract and
 *   the dated service agreement;
 * - it has no first-hit tables, so the pay grade rows are written mutually exclusive;
 * - list and date tests are custom operators (`runOf`, `countAtLeast`, `onOrAfter`), its
 *   documented extension point;
 * - arithmetic (posts, grids, integer-fen pay with half-up rounding) is plain TypeScript over
 *   the facts and the fired events, after `engine.run`.
 * `engine.run` is asynchronous; evaluations are awaited one after another.
 */
import { Engine, type RuleProperties } from 'json-rules-engine';
import type { Input } from '../workload.ts';

const fact = (name: string, operator: string, value: unknown) => ({ fact: name, operator, value });
const is = (name: string, value: unknown) => fact(name, 'equal', value);

const PAY_GRADES: readonly [number, number, object][] = [
  [1, 130, { all: [is('post', 'head'), fact('years_of_service', 'greaterThanInclusive', 8)] }],
  [2, 120, { all: [is('post', 'head'), fact('years_of_service', 'lessThan', 8)] }],
  [3, 110, { all: [is('post', 'committee'), fact('years_of_service', 'greaterThanInclusive', 8)] }],
  [4, 100, { any: [
    { all: [is('post', 'committee'), fact('years_of_service', 'lessThan', 8)] },
    { all: [is('post', 'staff'), fact('years_of_service', 'greaterThanInclusive', 8), is('education', 'master')] },
  ] }],
  [5, 92, { all: [is('post', 'staff'), fact('years_of_service', 'greaterThanInclusive', 8), fact('education', 'notEqual', 'master')] }],
  [6, 85, { all: [is('post', 'staff'), fact('years_of_service', 'lessThan', 8), fact('education', 'in', ['bachelor', 'master'])] }],
  [7, 78, { all: [is('post', 'staff'), fact('years_of_service', 'lessThan', 8), fact('education', 'in', ['highschool', 'college'])] }],
];

const ALLOWANCES: readonly [number, object][] = [
  [30000, { all: [is('certificate', 'assistant'), { not: fact('as_of', 'onOrAfter', '2025-01-01') }] }],
  [35000, { all: [is('certificate', 'assistant'), fact('as_of', 'onOrAfter', '2025-01-01')] }],
  [50000, { all: [is('certificate', 'social_worker'), { not: fact('as_of', 'onOrAfter', '2025-01-01') }] }],
  [55000, { all: [is('certificate', 'social_worker'), fact('as_of', 'onOrAfter', '2025-01-01')] }],
  [80000, { all: [is('certificate', 'senior')] }],
];

const EXIT_CLAUSES: readonly [number, object][] = [
  [1, { any: [fact('assessments', 'runOf', { item: 'fail', n: 2 }), fact('assessments', 'countAtLeast', { item: 'fail', n: 3 })] }],
  [2, { all: [is('discipline_breach', true)] }],
  [3, { all: [is('serious_dereliction', true)] }],
  [4, { all: [is('agreement_breach_uncorrected', true)] }],
  [5, { all: [is('incompetent_after_training', true)] }],
  [6, { all: [is('other_legal_ground', true)] }],
];

const TASK_REASONS: readonly [number, string, object][] = [
  [0, 'prohibited_area', { all: [is('community_role', 'responsible'), fact('task_area', 'notEqual', 'other')] }],
  [1, 'unfunded_assistance', { all: [is('community_role', 'assisting'), is('funded', false)] }],
  [2, 'not_listed', { all: [is('on_admission_list', false), is('county_approved', false)] }],
];

export const RULES: RuleProperties[] = [
  { name: 'labor contract', conditions: { all: [is('civil_servant', false), is('public_institution_staff', false)] }, event: { type: 'labor_contract_required' } },
  { name: 'recruit priority', conditions: { condition: 'relaxed group' }, event: { type: 'recruit_priority' } },
  {
    name: 'recruit eligible',
    conditions: {
      all: [
        fact('education', 'in', ['college', 'bachelor', 'master']),
        { any: [fact('age', 'lessThanInclusive', 40), { all: [{ condition: 'relaxed group' }, fact('age', 'lessThanInclusive', 48)] }] },
      ],
    },
    event: { type: 'recruit_eligible' },
  },
  ...PAY_GRADES.map(([grade, pct, conditions]): RuleProperties => ({ name: `pay grade ${grade}`, conditions: conditions as never, event: { type: 'pay_grade', params: { grade, pct } } })),
  ...ALLOWANCES.map(([fen, conditions]): RuleProperties => ({ name: `allowance ${fen}`, conditions: conditions as never, event: { type: 'allowance', params: { fen } } })),
  { name: 'term agreement', conditions: { all: [fact('as_of', 'onOrAfter', '2021-01-01')] }, event: { type: 'term_agreement_required' } },
  ...EXIT_CLAUSES.map(([clause, conditions]): RuleProperties => ({ name: `exit clause ${clause}`, conditions: conditions as never, event: { type: 'exit', params: { clause } } })),
  ...TASK_REASONS.map(([order, reason, conditions]): RuleProperties => ({ name: `task ${reason}`, conditions: conditions as never, event: { type: 'task_reason', params: { order, reason } } })),
];

export function newEngine(): Engine {
  const engine = new Engine(RULES, { allowUndefinedFacts: false });
  engine.setCondition('relaxed group', {
    any: [is('existing_worker', true), fact('certificate', 'notEqual', 'none'), is('sociology_graduate', true), is('veteran', true)],
  });
  engine.addOperator('runOf', (list: string[], v: { item: string; n: number }) => {
    let run = 0;
    for (const x of list) if ((run = x === v.item ? run + 1 : 0) >= v.n) return true;
    return false;
  });
  engine.addOperator('countAtLeast', (list: string[], v: { item: string; n: number }) => {
    let c = 0;
    for (const x of list) if (x === v.item) c++;
    return c >= v.n;
  });
  engine.addOperator('onOrAfter', (a: string, b: string) => a >= b);
  return engine;
}

/** `n / d` rounded half up, for integers n ≥ 0 and d > 0. */
const divHalfUp = (n: number, d: number) => Math.floor((2 * n + d) / (2 * d));

export function viaJsonRulesEngine(): (input: Input, asOf: string) => Promise<Record<string, unknown>> {
  const engine = newEngine();
  return async (input, asOf) => {
    const { events } = await engine.run({ ...input, as_of: asOf });
    let grade = 0;
    let pct = 0;
    let allowance = 0;
    const exit: number[] = [];
    const reasons: [number, string][] = [];
    const fired = new Set<string>();
    for (const e of events) {
      const p = e.params!;
      switch (e.type) {
        case 'pay_grade': grade = p.grade; pct = p.pct; break;
        case 'allowance': allowance = p.fen; break;
        case 'exit': exit.push(p.clause); break;
        case 'task_reason': reasons.push([p.order, p.reason]); break;
        default: fired.add(e.type);
      }
    }
    exit.sort((a, b) => a - b);
    reasons.sort((a, b) => a[0] - b[0]);
    const h = input.households;
    const over = h - 3000;
    const standard = divHalfUp(480_000 * pct, 100);
    const base = divHalfUp(standard * 70, 100);
    return {
      labor_contract_required: fired.has('labor_contract_required'),
      posts_min: h <= 3000 ? 10 : 10 + Math.floor(over / 500),
      posts_max: h <= 3000 ? 15 : 15 + Math.floor(over / 300),
      local_posts: h <= 3000 ? 12 : 12 + Math.floor(over / 400),
      party_building_posts_min: 2,
      grids_min: Math.ceil(h / 500),
      grids_max: Math.ceil(h / 300),
      local_grids: Math.ceil(h / 350),
      recruit_eligible: fired.has('recruit_eligible'),
      recruit_priority: fired.has('recruit_priority'),
      pay_grade: grade,
      grade_coefficient: pct / 100,
      standard_pay: standard / 100,
      base_pay: base / 100,
      performance_pay: (standard - base) / 100,
      certificate_allowance: allowance / 100,
      monthly_pay: (standard + allowance) / 100,
      term_agreement_required: fired.has('term_agreement_required'),
      exit_clauses: exit,
      must_exit: exit.length > 0,
      task_reasons: reasons.map((r) => r[1]),
      task_admitted: reasons.length === 0,
    };
  };
}
