/**
 * @module bench/contestants/zen
 * `jilin-example` as a GoRules decision graph (JDM) for @gorules/zen-engine, the Rust engine
 * behind its npm package: request → pay grade table (hit first, as the city's table) →
 * grade coefficient table → certificate allowance table (by level and evaluation date) →
 * one expression node computing every output → response. Tables pass their input through.
 *
 * ZEN numbers are decimals (exact), so `480000 * 0.92` is exact; money is still kept in
 * integer fen and rounded half up with `floor(x + 0.5)` (amounts are never negative), then
 * divided by 100 for yuan. Dates are compared with `date(…)`. Lists use ZEN's closures:
 * `count(xs, # == 'fail')`, and two in a row as `some` over the indexes.
 * `evaluate` is asynchronous (the engine runs in Rust; input and output cross N-API as JSON
 * values); evaluations are awaited one after another, and also 64 at a time.
 */
import type { Input } from '../workload.ts';

let ids = 0;
const id = (prefix: string) => `${prefix}-${++ids}`;

type Cells = readonly string[];
/** A decision table node: `given` columns (unary tests), then output columns (expressions). */
function table(name: string, hitPolicy: 'first' | 'collect', inputs: readonly string[], outputs: readonly string[], rows: readonly Cells[]) {
  const ins = inputs.map((field) => ({ id: id('in'), name: field, field }));
  const outs = outputs.map((field) => ({ id: id('out'), name: field, field }));
  return {
    id: id('table'),
    type: 'decisionTableNode',
    name,
    position: { x: 0, y: 0 },
    content: {
      hitPolicy,
      passThrough: true,
      inputs: ins,
      outputs: outs,
      rules: rows.map((cells) => {
        const rule: Record<string, string> = { _id: id('row') };
        ins.forEach((c, i) => (rule[c.id] = cells[i]!));
        outs.forEach((c, i) => (rule[c.id] = cells[ins.length + i]!));
        return rule;
      }),
    },
  };
}

function expressions(name: string, exprs: readonly (readonly [string, string])[]) {
  return {
    id: id('expr'),
    type: 'expressionNode',
    name,
    position: { x: 0, y: 0 },
    content: { passThrough: false, expressions: exprs.map(([key, value]) => ({ id: id('e'), key, value })) },
  };
}

const floorDiv = (n: string, d: number) => `floor((${n}) / ${d})`;

/** The decision graph (JDM JSON). */
export function decisionGraph() {
  const input = { id: id('request'), type: 'inputNode', name: 'request', position: { x: 0, y: 0 } };
  const output = { id: id('response'), type: 'outputNode', name: 'response', position: { x: 0, y: 0 } };
  const payGrade = table('pay grade', 'first', ['post', 'years_of_service', 'education'], ['pay_grade'], [
    ["'head'", '>= 8', '', '1'],
    ["'head'", '', '', '2'],
    ["'committee'", '>= 8', '', '3'],
    ["'committee'", '', '', '4'],
    ["'staff'", '>= 8', "'master'", '4'],
    ["'staff'", '>= 8', '', '5'],
    ["'staff'", '', "'bachelor', 'master'", '6'],
    ["'staff'", '', '', '7'],
  ]);
  const coefficient = table('grade coefficient', 'first', ['pay_grade'], ['grade_coefficient'], [
    ['1', '1.30'], ['2', '1.20'], ['3', '1.10'], ['4', '1.00'], ['5', '0.92'], ['6', '0.85'], ['7', '0.78'],
  ]);
  const allowance = table('certificate allowance', 'first', ['certificate', 'date(as_of)'], ['allowance_fen'], [
    ["'none'", '', '0'],
    ["'assistant'", ">= date('2025-01-01')", '35000'],
    ["'assistant'", '', '30000'],
    ["'social_worker'", ">= date('2025-01-01')", '55000'],
    ["'social_worker'", '', '50000'],
    ["'senior'", '', '80000'],
  ]);
  const compute = expressions('outputs', [
    ['labor_contract_required', 'not (civil_servant or public_institution_staff)'],
    ['posts_min', `households <= 3000 ? 10 : 10 + ${floorDiv('households - 3000', 500)}`],
    ['posts_max', `households <= 3000 ? 15 : 15 + ${floorDiv('households - 3000', 300)}`],
    ['local_posts', `households <= 3000 ? 12 : 12 + ${floorDiv('households - 3000', 400)}`],
    ['party_building_posts_min', '2'],
    ['grids_min', 'ceil(households / 500)'],
    ['grids_max', 'ceil(households / 300)'],
    ['local_grids', 'ceil(households / 350)'],
    ['recruit_priority', "existing_worker or certificate != 'none' or sociology_graduate or veteran"],
    ['recruit_eligible', "education != 'highschool' and (age <= 40 or ($.recruit_priority and age <= 48))"],
    ['pay_grade', 'pay_grade'],
    ['grade_coefficient', 'grade_coefficient'],
    ['standard_fen', 'floor(480000 * grade_coefficient + 0.5)'],
    ['base_fen', 'floor($.standard_fen * 0.7 + 0.5)'],
    ['standard_pay', '$.standard_fen / 100'],
    ['base_pay', '$.base_fen / 100'],
    ['performance_pay', '($.standard_fen - $.base_fen) / 100'],
    ['certificate_allowance', 'allowance_fen / 100'],
    ['monthly_pay', '($.standard_fen + allowance_fen) / 100'],
    ['term_agreement_required', "date(as_of) >= date('2021-01-01')"],
    ['exit_clauses', "filter([1, 2, 3, 4, 5, 6], [count(assessments, # == 'fail') >= 3 or (len(assessments) > 1 and some([1..len(assessments) - 1], assessments[#] == 'fail' and assessments[# - 1] == 'fail')), discipline_breach, serious_dereliction, agreement_breach_uncorrected, incompetent_after_training, other_legal_ground][# - 1])"],
    ['must_exit', 'len($.exit_clauses) > 0'],
    ['task_reasons', "map(filter([{ key: 'prohibited_area', on: community_role == 'responsible' and task_area != 'other' }, { key: 'unfunded_assistance', on: community_role == 'assisting' and not funded }, { key: 'not_listed', on: not on_admission_list and not county_approved }], #.on), #.key)"],
    ['task_admitted', 'len($.task_reasons) == 0'],
  ]);
  const nodes = [input, payGrade, coefficient, allowance, compute, output];
  const edges = nodes.slice(1).map((n, i) => ({ id: id('edge'), type: 'edge', sourceId: nodes[i]!.id, targetId: n.id }));
  return { contentType: 'application/vnd.gorules.decision', nodes, edges };
}

const INTERNAL = ['standard_fen', 'base_fen'];

export interface Zen {
  readonly evaluate: (input: Input, asOf: string) => Promise<Record<string, unknown>>;
  readonly dispose: () => void;
}

/**
 * The engine is optional: its npm package pulls per-platform binaries, not all of which the
 * registry here serves, so it is not a dev dependency. Install it with
 * `npm install --no-save @gorules/zen-engine` to include it; otherwise this returns undefined.
 */
export async function viaZen(): Promise<Zen | undefined> {
  const mod = (await import('@gorules/zen-engine' as string).catch(() => undefined)) as
    | { ZenEngine: new () => { createDecision(g: unknown): { evaluate(x: unknown): Promise<{ result: Record<string, unknown> }> }; dispose(): void } }
    | undefined;
  if (!mod) return undefined;
  const engine = new mod.ZenEngine();
  const decision = engine.createDecision(decisionGraph());
  return {
    evaluate: async (input, asOf) => {
      const { result } = await decision.evaluate({ ...input, as_of: asOf });
      for (const k of INTERNAL) delete result[k];
      return result;
    },
    dispose: () => engine.dispose(),
  };
}
