/**
 * @module bench/workload
 * The evaluation workload shared by every contestant: the `jilin-example` rule set (with its
 * bases `jilin` and `cn`) and 10,000 generated inputs from a fixed-seed PRNG covering every
 * input field within its declared range, each with an evaluation date.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, type Ruleset } from '../src/ruleset.ts';
import type { SourceFile } from '../src/source.ts';
import { prng } from './prng.ts';

export const RULES_DIR = join(import.meta.dirname, '..', 'rules');
export const SEED_IDS = ['cn', 'jilin', 'jilin-example', 'huangshi', 'shenyang'] as const;

/** The seed files read once into memory, so compile timings never include disk reads. */
export function seedSources(): Map<string, SourceFile> {
  return new Map(SEED_IDS.map((id) => [id, { name: `rules/${id}.rules`, text: readFileSync(join(RULES_DIR, `${id}.rules`), 'utf8') }]));
}

export function compileSeed(id: string, sources = seedSources()): Ruleset {
  const r = compile(sources.get(id)!, { resolve: (x) => sources.get(x) });
  if (!r.ruleset) throw new Error(`${id} does not compile: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.ruleset;
}

export type Post = 'head' | 'committee' | 'staff';
export type Education = 'highschool' | 'college' | 'bachelor' | 'master';
export type Certificate = 'none' | 'assistant' | 'social_worker' | 'senior';
export type Grade = 'excellent' | 'pass' | 'basic' | 'fail';
export type TaskArea = 'law_enforcement' | 'demolition' | 'environmental_rectification' | 'urban_management' | 'investment_attraction' | 'other';
export type Role = 'responsible' | 'assisting';

/** One input record of `jilin-example` (all fields, as JSON). */
export interface Input {
  civil_servant: boolean;
  public_institution_staff: boolean;
  post: Post;
  years_of_service: number;
  age: number;
  education: Education;
  certificate: Certificate;
  existing_worker: boolean;
  sociology_graduate: boolean;
  veteran: boolean;
  assessments: Grade[];
  discipline_breach: boolean;
  serious_dereliction: boolean;
  agreement_breach_uncorrected: boolean;
  incompetent_after_training: boolean;
  other_legal_ground: boolean;
  households: number;
  task_area: TaskArea;
  community_role: Role;
  on_admission_list: boolean;
  county_approved: boolean;
  funded: boolean;
}

/** The outputs every contestant returns (money in yuan, as the project's JSON). */
export interface Output {
  labor_contract_required: boolean;
  posts_min: number;
  posts_max: number;
  local_posts: number;
  party_building_posts_min: number;
  grids_min: number;
  grids_max: number;
  local_grids: number;
  recruit_eligible: boolean;
  recruit_priority: boolean;
  pay_grade: number;
  grade_coefficient: number;
  standard_pay: number;
  base_pay: number;
  performance_pay: number;
  certificate_allowance: number;
  monthly_pay: number;
  term_agreement_required: boolean;
  exit_clauses: number[];
  must_exit: boolean;
  task_reasons: string[];
  task_admitted: boolean;
}

export const OUTPUT_NAMES: readonly (keyof Output)[] = [
  'labor_contract_required', 'posts_min', 'posts_max', 'local_posts', 'party_building_posts_min', 'grids_min', 'grids_max', 'local_grids',
  'recruit_eligible', 'recruit_priority', 'pay_grade', 'grade_coefficient', 'standard_pay', 'base_pay', 'performance_pay',
  'certificate_allowance', 'monthly_pay', 'term_agreement_required', 'exit_clauses', 'must_exit', 'task_reasons', 'task_admitted',
];

/** An input with its evaluation date (`YYYY-MM-DD`). */
export interface Case {
  readonly input: Input;
  readonly asOf: string;
}

export const SEED = 20240607;
export const CASES = 10_000;

/** Evaluation dates around the rule set's dated values (2021-01-01 agreements, 2025-01-01 allowances). */
const AS_OF = ['2020-06-30', '2020-12-31', '2021-01-01', '2023-07-01', '2024-12-31', '2025-01-01', '2025-09-30'];

/**
 * The fixed workload: every field within its declared range, boundaries over-sampled
 * (3,000 households, 8 years of service, ages 40 and 48, dates either side of a change).
 * @example generateCases().length // 10000
 */
export function generateCases(n = CASES, seed = SEED): Case[] {
  const r = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const weighted = <T>(xs: readonly (readonly [T, number])[]): T => {
    let u = r();
    for (const [x, w] of xs) if ((u -= w) < 0) return x;
    return xs[xs.length - 1]![0];
  };
  const bool = (p: number) => r() < p;
  const cases: Case[] = [];
  for (let k = 0; k < n; k++) {
    const years = r() < 0.8 ? int(0, 20) : int(21, 50);
    // One assessment per year of service (at most 60); some histories are incomplete.
    const len = Math.min(60, r() < 0.85 ? years : int(0, years + 10));
    const assessments: Grade[] = [];
    for (let i = 0; i < len; i++) assessments.push(weighted<Grade>([['excellent', 0.2], ['pass', 0.6], ['basic', 0.13], ['fail', 0.07]]));
    const u = r();
    const households = u < 0.05 ? pick([0, 1, 2999, 3000, 3001, 3399, 3400, 3500]) : u < 0.45 ? int(0, 6000) : u < 0.9 ? int(3000, 20000) : int(0, 100000);
    const input: Input = {
      civil_servant: bool(0.1),
      public_institution_staff: bool(0.15),
      post: weighted<Post>([['head', 0.15], ['committee', 0.3], ['staff', 0.55]]),
      years_of_service: years,
      age: r() < 0.3 ? pick([39, 40, 41, 47, 48, 49]) : int(16, 80),
      education: pick<Education>(['highschool', 'college', 'bachelor', 'master']),
      certificate: weighted<Certificate>([['none', 0.5], ['assistant', 0.25], ['social_worker', 0.17], ['senior', 0.08]]),
      existing_worker: bool(0.4),
      sociology_graduate: bool(0.2),
      veteran: bool(0.1),
      assessments,
      discipline_breach: bool(0.05),
      serious_dereliction: bool(0.05),
      agreement_breach_uncorrected: bool(0.05),
      incompetent_after_training: bool(0.05),
      other_legal_ground: bool(0.05),
      households,
      task_area: pick<TaskArea>(['law_enforcement', 'demolition', 'environmental_rectification', 'urban_management', 'investment_attraction', 'other', 'other']),
      community_role: pick<Role>(['responsible', 'assisting']),
      on_admission_list: bool(0.6),
      county_approved: bool(0.3),
      funded: bool(0.6),
    };
    cases.push({ input, asOf: pick(AS_OF) });
  }
  return cases;
}

/** How often each branch of interest is taken: proof that the workload covers the policy. */
export function coverage(outputs: readonly Output[]): Record<string, number> {
  const c: Record<string, number> = {};
  const inc = (k: string) => (c[k] = (c[k] ?? 0) + 1);
  for (const o of outputs) {
    inc(`pay_grade=${o.pay_grade}`);
    inc(`certificate_allowance=${o.certificate_allowance}`);
    for (const k of o.exit_clauses) inc(`exit_clause=${k}`);
    for (const k of o.task_reasons) inc(`task_reason=${k}`);
    if (o.recruit_eligible) inc('recruit_eligible');
    if (o.term_agreement_required) inc('term_agreement_required');
    if (o.posts_min > 10) inc('households>3000');
    if (o.labor_contract_required) inc('labor_contract_required');
  }
  return c;
}

/** Exact structural equality of JSON values (numbers with `===`: money compared in yuan, exactly). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** The first output that differs from the reference, or undefined. */
export function firstDifference(expected: Output, actual: Record<string, unknown>): string | undefined {
  for (const k of OUTPUT_NAMES) {
    if (!sameJson(expected[k], actual[k])) return `${k}: expected ${JSON.stringify(expected[k])}, got ${JSON.stringify(actual[k])}`;
  }
  return undefined;
}
