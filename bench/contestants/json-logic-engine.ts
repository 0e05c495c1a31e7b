/**
 * @module bench/contestants/json-logic-engine
 * `jilin-example` written by hand in JSON Logic for json-logic-engine, as a user of that engine
 * would: a list of named steps evaluated in order, each result stored into the data object so
 * later steps read it with `var` (pay grade, coefficient and fen amounts are computed once).
 * JSON Logic arithmetic is floating point, so money is integer fen and every division is an
 * explicit floor (`n - n % d`) or half-up (`⌊(2n + d) / 2d⌋`) on integers; yuan only at the end.
 * Run interpreted (`engine.run`) and compiled (`engine.build`, which generates JavaScript
 * with `new Function`).
 */
import { LogicEngine } from 'json-logic-engine';
import { OUTPUT_NAMES, type Input } from '../workload.ts';

type J = unknown;
const v = (name: string): J => ({ var: name });
/** ⌊n / d⌋ for integers n ≥ 0, d > 0 (exact: `%` on integers is exact). */
const floorDiv = (n: J, d: number): J => ({ '/': [{ '-': [n, { '%': [n, d] }] }, d] });
const ceilDiv = (n: J, d: number): J => floorDiv({ '+': [n, d - 1] }, d);
/** n / d rounded half up, for integers n ≥ 0, d > 0. */
const halfUp = (n: J, d: number): J => floorDiv({ '+': [{ '*': [n, 2] }, d] }, 2 * d);
const eq = (a: J, b: J): J => ({ '===': [a, b] });
const yuan = (fen: string): J => ({ '/': [v(fen), 100] });

const small = { '<=': [v('households'), 3000] };
const over = { '-': [v('households'), 3000] };
const staffing = (base: number, per: number): J => ({ if: [small, base, { '+': [base, floorDiv(over, per)] }] });
const onOrAfter = (date: string): J => ({ '>=': [v('as_of'), date] });

/** The policy as named steps (inputs are read from the data object; `as_of` is the date). */
export const STEPS: readonly (readonly [string, J])[] = [
  ['labor_contract_required', { '!': [{ or: [v('civil_servant'), v('public_institution_staff')] }] }],
  ['posts_min', staffing(10, 500)],
  ['posts_max', staffing(15, 300)],
  ['local_posts', staffing(12, 400)],
  ['party_building_posts_min', 2],
  ['grids_min', ceilDiv(v('households'), 500)],
  ['grids_max', ceilDiv(v('households'), 300)],
  ['local_grids', ceilDiv(v('households'), 350)],
  ['recruit_priority', { or: [v('existing_worker'), { '!==': [v('certificate'), 'none'] }, v('sociology_graduate'), v('veteran')] }],
  ['recruit_eligible', {
    and: [
      { in: [v('education'), ['college', 'bachelor', 'master']] },
      { or: [{ '<=': [v('age'), 40] }, { and: [v('recruit_priority'), { '<=': [v('age'), 48] }] }] },
    ],
  }],
  // Hit first, as the city's table: the first row that matches gives the grade.
  ['pay_grade', {
    if: [
      { and: [eq(v('post'), 'head'), { '>=': [v('years_of_service'), 8] }] }, 1,
      eq(v('post'), 'head'), 2,
      { and: [eq(v('post'), 'committee'), { '>=': [v('years_of_service'), 8] }] }, 3,
      eq(v('post'), 'committee'), 4,
      { and: [eq(v('post'), 'staff'), { '>=': [v('years_of_service'), 8] }, eq(v('education'), 'master')] }, 4,
      { and: [eq(v('post'), 'staff'), { '>=': [v('years_of_service'), 8] }] }, 5,
      { and: [eq(v('post'), 'staff'), { in: [v('education'), ['bachelor', 'master']] }] }, 6,
      7,
    ],
  }],
  // Coefficient in hundredths, so the money product stays an integer.
  ['coefficient_pct', { if: [eq(v('pay_grade'), 1), 130, eq(v('pay_grade'), 2), 120, eq(v('pay_grade'), 3), 110, eq(v('pay_grade'), 4), 100, eq(v('pay_grade'), 5), 92, eq(v('pay_grade'), 6), 85, 78] }],
  ['grade_coefficient', { '/': [v('coefficient_pct'), 100] }],
  ['standard_fen', halfUp({ '*': [480000, v('coefficient_pct')] }, 100)],
  ['base_fen', halfUp({ '*': [v('standard_fen'), 70] }, 100)],
  ['allowance_fen', {
    if: [
      eq(v('certificate'), 'assistant'), { if: [onOrAfter('2025-01-01'), 35000, 30000] },
      eq(v('certificate'), 'social_worker'), { if: [onOrAfter('2025-01-01'), 55000, 50000] },
      eq(v('certificate'), 'senior'), 80000,
      0,
    ],
  }],
  ['standard_pay', yuan('standard_fen')],
  ['base_pay', yuan('base_fen')],
  ['performance_pay', { '/': [{ '-': [v('standard_fen'), v('base_fen')] }, 100] }],
  ['certificate_allowance', yuan('allowance_fen')],
  ['monthly_pay', { '/': [{ '+': [v('standard_fen'), v('allowance_fen')] }, 100] }],
  ['term_agreement_required', onOrAfter('2021-01-01')],
  // Clause 1: the accumulator is the current run of fails, kept once it reaches 2.
  ['two_fails_in_a_row', { '>=': [{ reduce: [v('assessments'), { if: [{ '>=': [v('accumulator'), 2] }, v('accumulator'), eq(v('current'), 'fail'), { '+': [v('accumulator'), 1] }, 0] }, 0] }, 2] }],
  ['fail_count', { reduce: [v('assessments'), { '+': [v('accumulator'), { if: [eq(v('current'), 'fail'), 1, 0] }] }, 0] }],
  ['exit_clauses', {
    merge: [
      { if: [{ or: [v('two_fails_in_a_row'), { '>=': [v('fail_count'), 3] }] }, [1], []] },
      { if: [v('discipline_breach'), [2], []] },
      { if: [v('serious_dereliction'), [3], []] },
      { if: [v('agreement_breach_uncorrected'), [4], []] },
      { if: [v('incompetent_after_training'), [5], []] },
      { if: [v('other_legal_ground'), [6], []] },
    ],
  }],
  ['must_exit', { '>': [{ length: v('exit_clauses') }, 0] }],
  ['task_reasons', {
    merge: [
      { if: [{ and: [eq(v('community_role'), 'responsible'), { '!==': [v('task_area'), 'other'] }] }, ['prohibited_area'], []] },
      { if: [{ and: [eq(v('community_role'), 'assisting'), { '!': [v('funded')] }] }, ['unfunded_assistance'], []] },
      { if: [{ and: [{ '!': [v('on_admission_list')] }, { '!': [v('county_approved')] }] }, ['not_listed'], []] },
    ],
  }],
  ['task_admitted', eq({ length: v('task_reasons') }, 0)],
];

/** Evaluates the steps with json-logic-engine, interpreted or compiled. */
export function viaJsonLogicEngineNative(compiled: boolean): (input: Input, asOf: string) => Record<string, unknown> {
  const engine = new LogicEngine();
  const steps = STEPS.map(([name, logic]) => ({ name, f: compiled ? (engine.build(logic) as (d: unknown) => unknown) : (d: unknown) => engine.run(logic, d) }));
  return (input, asOf) => {
    const data: Record<string, unknown> = { ...input, as_of: asOf };
    for (const s of steps) data[s.name] = s.f(data);
    const out: Record<string, unknown> = {};
    for (const k of OUTPUT_NAMES) out[k] = data[k];
    return out;
  };
}
