/**
 * @module bench/contestants/hand-written
 * The floor: the `jilin-example` policy (with `jilin` and `cn`) written by hand in plain
 * TypeScript, the way a good engineer would write it for production. Money is integer fen;
 * the only rounding is half-up to the fen, as the rules declare.
 */
import type { Certificate, Input, Output } from '../workload.ts';

/** 4,800 yuan in fen: jilin-example's pay benchmark. */
const PAY_BENCHMARK_FEN = 480_000;
/** Grade coefficients in hundredths, by grade (index 0 unused). */
const COEFFICIENT_PCT = [0, 130, 120, 110, 100, 92, 85, 78];
const COEFFICIENT = [0, 1.3, 1.2, 1.1, 1, 0.92, 0.85, 0.78];
const BASE_PAY_PCT = 70;

/** `n / d` rounded half up, for integers n ≥ 0 and d > 0. */
const divHalfUp = (n: number, d: number) => Math.floor((2 * n + d) / (2 * d));

function certificateAllowanceFen(c: Certificate, asOf: string): number {
  switch (c) {
    case 'none': return 0;
    case 'assistant': return asOf >= '2025-01-01' ? 35_000 : 30_000;
    case 'social_worker': return asOf >= '2025-01-01' ? 55_000 : 50_000;
    case 'senior': return 80_000;
  }
}

function payGrade(i: Input): number {
  const long = i.years_of_service >= 8;
  switch (i.post) {
    case 'head': return long ? 1 : 2;
    case 'committee': return long ? 3 : 4;
    case 'staff':
      if (long) return i.education === 'master' ? 4 : 5;
      return i.education === 'bachelor' || i.education === 'master' ? 6 : 7;
  }
}

/** Evaluates every output of `jilin-example` for one input. */
export function evaluateByHand(i: Input, asOf: string): Output {
  const h = i.households;
  const small = h <= 3000;
  const over = h - 3000;

  const relaxed = i.existing_worker || i.certificate !== 'none' || i.sociology_graduate || i.veteran;

  const grade = payGrade(i);
  const standard = divHalfUp(PAY_BENCHMARK_FEN * COEFFICIENT_PCT[grade]!, 100);
  const base = divHalfUp(standard * BASE_PAY_PCT, 100);
  const allowance = certificateAllowanceFen(i.certificate, asOf);

  let fails = 0;
  let run = 0;
  let twoInARow = false;
  for (const a of i.assessments) {
    if (a === 'fail') {
      fails++;
      if (++run >= 2) twoInARow = true;
    } else run = 0;
  }
  const exitClauses: number[] = [];
  if (twoInARow || fails >= 3) exitClauses.push(1);
  if (i.discipline_breach) exitClauses.push(2);
  if (i.serious_dereliction) exitClauses.push(3);
  if (i.agreement_breach_uncorrected) exitClauses.push(4);
  if (i.incompetent_after_training) exitClauses.push(5);
  if (i.other_legal_ground) exitClauses.push(6);

  const taskReasons: string[] = [];
  if (i.community_role === 'responsible' && i.task_area !== 'other') taskReasons.push('prohibited_area');
  if (i.community_role === 'assisting' && !i.funded) taskReasons.push('unfunded_assistance');
  if (!i.on_admission_list && !i.county_approved) taskReasons.push('not_listed');

  return {
    labor_contract_required: !(i.civil_servant || i.public_institution_staff),
    posts_min: small ? 10 : 10 + Math.floor(over / 500),
    posts_max: small ? 15 : 15 + Math.floor(over / 300),
    local_posts: small ? 12 : 12 + Math.floor(over / 400),
    party_building_posts_min: 2,
    grids_min: Math.ceil(h / 500),
    grids_max: Math.ceil(h / 300),
    local_grids: Math.ceil(h / 350),
    recruit_eligible: i.education !== 'highschool' && (i.age <= 40 || (relaxed && i.age <= 48)),
    recruit_priority: relaxed,
    pay_grade: grade,
    grade_coefficient: COEFFICIENT[grade]!,
    standard_pay: standard / 100,
    base_pay: base / 100,
    performance_pay: (standard - base) / 100,
    certificate_allowance: allowance / 100,
    monthly_pay: (standard + allowance) / 100,
    term_agreement_required: asOf >= '2021-01-01',
    exit_clauses: exitClauses,
    must_exit: exitClauses.length > 0,
    task_reasons: taskReasons,
    task_admitted: taskReasons.length === 0,
  };
}
