/**
 * @module bench/contestants/publicodes
 * `jilin-example` as a publicodes model (the rules object a YAML file would parse to), run the
 * way its documentation shows: `engine.setSituation(…)` then `engine.evaluate(rule)` per output.
 *
 * What publicodes lacks, and how a user fills it in:
 * - no lists: the adapter turns the assessment history into two numbers in the situation
 *   (`fail count`, `longest fail run`); clause lists are built from the clause rules' booleans;
 * - no floor or ceiling: `arrondi` (round half up) of `(n ∓ (d − 1) / 2) / d` is exactly
 *   ⌊n / d⌋ (or ⌈n / d⌉) for integers n ≥ 0, because the quotient is then at most
 *   (d − 1) / 2d from an integer, well away from a half;
 * - numbers are floating point, so money is integer fen and rounded with `arrondi: oui`
 *   (half up) after each product, then converted to yuan by dividing by 100;
 * - dates are `dd/mm/yyyy` values compared with `>=`.
 */
import Engine from 'publicodes';
import type { Input } from '../workload.ts';

const floorDiv = (n: string, d: number) => ({ valeur: `(${n} - ${(d - 1) / 2}) / ${d}`, arrondi: 'oui' });
const ceilDiv = (n: string, d: number) => ({ valeur: `(${n} + ${(d - 1) / 2}) / ${d}`, arrondi: 'oui' });
const staffing = (base: number, per: number) => ({
  variations: [{ si: 'households <= 3000', alors: base }, { sinon: { somme: [base, floorDiv('households - 3000', per)] } }],
});
const byDate = (date: string, after: number, before: number) => ({ variations: [{ si: `as of >= ${date}`, alors: after }, { sinon: before }] });

/** The model. Rules without a value are inputs, set through the situation. */
export const RULES: Record<string, unknown> = {
  'civil servant': null,
  'public institution staff': null,
  post: { 'une possibilité': ["'head'", "'committee'", "'staff'"] },
  'years of service': null,
  age: null,
  education: { 'une possibilité': ["'highschool'", "'college'", "'bachelor'", "'master'"] },
  certificate: { 'une possibilité': ["'none'", "'assistant'", "'social_worker'", "'senior'"] },
  'existing worker': null,
  'sociology graduate': null,
  veteran: null,
  'fail count': null,
  'longest fail run': null,
  'discipline breach': null,
  'serious dereliction': null,
  'agreement breach uncorrected': null,
  'incompetent after training': null,
  'other legal ground': null,
  households: null,
  'task area': null,
  'community role': null,
  'on admission list': null,
  'county approved': null,
  funded: null,
  'as of': null,

  'labor contract required': { 'toutes ces conditions': ['civil servant = non', 'public institution staff = non'] },
  'posts min': staffing(10, 500),
  'posts max': staffing(15, 300),
  'local posts': staffing(12, 400),
  'party building posts min': { valeur: 2 },
  'grids min': ceilDiv('households', 500),
  'grids max': ceilDiv('households', 300),
  'local grids': ceilDiv('households', 350),
  'relaxed group': { 'une de ces conditions': ['existing worker', "certificate != 'none'", 'sociology graduate', 'veteran'] },
  'recruit eligible': {
    'toutes ces conditions': [
      "education != 'highschool'",
      { 'une de ces conditions': ['age <= 40', { 'toutes ces conditions': ['relaxed group', 'age <= 48'] }] },
    ],
  },
  'recruit priority': { valeur: 'relaxed group' },
  'pay grade': {
    variations: [
      { si: { 'toutes ces conditions': ["post = 'head'", 'years of service >= 8'] }, alors: 1 },
      { si: "post = 'head'", alors: 2 },
      { si: { 'toutes ces conditions': ["post = 'committee'", 'years of service >= 8'] }, alors: 3 },
      { si: "post = 'committee'", alors: 4 },
      { si: { 'toutes ces conditions': ['years of service >= 8', "education = 'master'"] }, alors: 4 },
      { si: 'years of service >= 8', alors: 5 },
      { si: { 'une de ces conditions': ["education = 'bachelor'", "education = 'master'"] }, alors: 6 },
      { sinon: 7 },
    ],
  },
  'grade coefficient': {
    variations: [
      { si: 'pay grade = 1', alors: 1.3 },
      { si: 'pay grade = 2', alors: 1.2 },
      { si: 'pay grade = 3', alors: 1.1 },
      { si: 'pay grade = 4', alors: 1 },
      { si: 'pay grade = 5', alors: 0.92 },
      { si: 'pay grade = 6', alors: 0.85 },
      { sinon: 0.78 },
    ],
  },
  'pay benchmark fen': { valeur: 480000 },
  'standard fen': { valeur: 'pay benchmark fen * grade coefficient', arrondi: 'oui' },
  'base fen': { valeur: 'standard fen * 70%', arrondi: 'oui' },
  'allowance fen': {
    variations: [
      { si: "certificate = 'assistant'", alors: byDate('01/01/2025', 35000, 30000) },
      { si: "certificate = 'social_worker'", alors: byDate('01/01/2025', 55000, 50000) },
      { si: "certificate = 'senior'", alors: 80000 },
      { sinon: 0 },
    ],
  },
  'standard pay': { valeur: 'standard fen / 100' },
  'base pay': { valeur: 'base fen / 100' },
  'performance pay': { valeur: '(standard fen - base fen) / 100' },
  'certificate allowance': { valeur: 'allowance fen / 100' },
  'monthly pay': { valeur: '(standard fen + allowance fen) / 100' },
  'term agreement required': { valeur: 'as of >= 01/01/2021' },
  'exit clause 1': { 'une de ces conditions': ['longest fail run >= 2', 'fail count >= 3'] },
  'exit clause 2': { valeur: 'discipline breach' },
  'exit clause 3': { valeur: 'serious dereliction' },
  'exit clause 4': { valeur: 'agreement breach uncorrected' },
  'exit clause 5': { valeur: 'incompetent after training' },
  'exit clause 6': { valeur: 'other legal ground' },
  'must exit': { 'une de ces conditions': ['exit clause 1', 'exit clause 2', 'exit clause 3', 'exit clause 4', 'exit clause 5', 'exit clause 6'] },
  'task prohibited area': { 'toutes ces conditions': ["community role = 'responsible'", "task area != 'other'"] },
  'task unfunded assistance': { 'toutes ces conditions': ["community role = 'assisting'", 'funded = non'] },
  'task not listed': { 'toutes ces conditions': ['on admission list = non', 'county approved = non'] },
  'task admitted': { 'toutes ces conditions': ['task prohibited area = non', 'task unfunded assistance = non', 'task not listed = non'] },
};

const SCALARS: readonly (readonly [string, string])[] = [
  ['labor_contract_required', 'labor contract required'], ['posts_min', 'posts min'], ['posts_max', 'posts max'], ['local_posts', 'local posts'],
  ['party_building_posts_min', 'party building posts min'], ['grids_min', 'grids min'], ['grids_max', 'grids max'], ['local_grids', 'local grids'],
  ['recruit_eligible', 'recruit eligible'], ['recruit_priority', 'recruit priority'], ['pay_grade', 'pay grade'], ['grade_coefficient', 'grade coefficient'],
  ['standard_pay', 'standard pay'], ['base_pay', 'base pay'], ['performance_pay', 'performance pay'], ['certificate_allowance', 'certificate allowance'],
  ['monthly_pay', 'monthly pay'], ['term_agreement_required', 'term agreement required'],
];
const EXIT = [1, 2, 3, 4, 5, 6].map((k) => [k, `exit clause ${k}`] as const);
const TASK = [['prohibited_area', 'task prohibited area'], ['unfunded_assistance', 'task unfunded assistance'], ['not_listed', 'task not listed']] as const;

const yesNo = (b: boolean) => (b ? 'oui' : 'non');
const quoted = (s: string) => `'${s}'`;
/** `YYYY-MM-DD` → publicodes `dd/mm/yyyy`. */
const date = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

function situation(i: Input, asOf: string): Record<string, string | number> {
  let fails = 0;
  let run = 0;
  let longest = 0;
  for (const a of i.assessments) {
    if (a === 'fail') {
      fails++;
      if (++run > longest) longest = run;
    } else run = 0;
  }
  return {
    'civil servant': yesNo(i.civil_servant),
    'public institution staff': yesNo(i.public_institution_staff),
    post: quoted(i.post),
    'years of service': i.years_of_service,
    age: i.age,
    education: quoted(i.education),
    certificate: quoted(i.certificate),
    'existing worker': yesNo(i.existing_worker),
    'sociology graduate': yesNo(i.sociology_graduate),
    veteran: yesNo(i.veteran),
    'fail count': fails,
    'longest fail run': longest,
    'discipline breach': yesNo(i.discipline_breach),
    'serious dereliction': yesNo(i.serious_dereliction),
    'agreement breach uncorrected': yesNo(i.agreement_breach_uncorrected),
    'incompetent after training': yesNo(i.incompetent_after_training),
    'other legal ground': yesNo(i.other_legal_ground),
    households: i.households,
    'task area': quoted(i.task_area),
    'community role': quoted(i.community_role),
    'on admission list': yesNo(i.on_admission_list),
    'county approved': yesNo(i.county_approved),
    funded: yesNo(i.funded),
    'as of': date(asOf),
  };
}

/** One engine; each evaluation sets the situation and evaluates every output rule. */
export function viaPublicodes(): (input: Input, asOf: string) => Record<string, unknown> {
  const engine = new Engine(RULES as never, { logger: { log() {}, warn() {}, error() {} } });
  const value = (rule: string) => engine.evaluate(rule).nodeValue;
  return (input, asOf) => {
    engine.setSituation(situation(input, asOf));
    const out: Record<string, unknown> = {};
    for (const [k, rule] of SCALARS) out[k] = value(rule);
    const exit: number[] = [];
    for (const [k, rule] of EXIT) if (value(rule) === true) exit.push(k);
    out.exit_clauses = exit;
    out.must_exit = value('must exit');
    const reasons: string[] = [];
    for (const [k, rule] of TASK) if (value(rule) === true) reasons.push(k);
    out.task_reasons = reasons;
    out.task_admitted = value('task admitted');
    return out;
  };
}
