/**
 * @module bench/eval
 * Evaluation throughput on the `jilin-example` workload. Every contestant is first run on all
 * 10,000 inputs and must give exactly the closures' outputs (money compared in yuan with `===`);
 * a contestant that differs is reported and not timed. Then, after a warm-up, the contestants
 * take turns (round-robin, so drift and noise hit them all alike) for several timed rounds,
 * each cycling through the inputs for about `BENCH_ROUND_MS`.
 *
 * `node bench/eval.ts [--json out.json]`; `BENCH_ROUNDS` (default 9) and `BENCH_ROUND_MS`
 * (default 250) trade time for steadier figures.
 */
import { evaluateByHand } from './contestants/hand-written.ts';
import { viaJsonLogicEngineNative } from './contestants/json-logic-engine.ts';
import { viaJsonRulesEngine } from './contestants/json-rules-engine.ts';
import { viaEvaluate, viaEvaluator, viaEvaluatorMany, viaJsonLogicEngine, viaJsonLogicJs, viaRawClosures } from './contestants/project.ts';
import { viaPublicodes } from './contestants/publicodes.ts';
import { viaZen } from './contestants/zen.ts';
import { runScript } from './proc.ts';
import type { Phases } from './phases.ts';
import { fmt, printTable, summarize, writeJsonArg, type Summary } from './stats.ts';
import { CASES, compileSeed, coverage, firstDifference, generateCases, SEED, type Case, type Input, type Output } from './workload.ts';

type Sync = (input: Input, asOf: string) => unknown;
type Async = (input: Input, asOf: string) => Promise<unknown>;
type Many = (inputs: readonly Input[], asOfs: readonly string[]) => unknown[];

interface Contestant {
  readonly id: string;
  readonly label: string;
  readonly sync?: Sync;
  readonly async?: Async;
  /** Evaluates a group of consecutive inputs in one call (groups of up to {@link GROUP}). */
  readonly many?: Many;
  /** Evaluations kept in flight at once (async only); 1 = awaited one after another. */
  readonly inFlight?: number;
}

export interface ContestantResult {
  readonly id: string;
  readonly label: string;
  readonly verified: boolean;
  readonly mismatches: number;
  readonly firstMismatch?: string;
  readonly verifyMs: number;
  /** Evaluations per second, one per timed round. */
  readonly rounds: number[];
  readonly summary?: Summary;
}

export interface EvalResult {
  readonly cases: number;
  readonly seed: number;
  readonly roundMs: number;
  readonly coverage: Record<string, number>;
  readonly contestants: ContestantResult[];
  /** `ruleset.evaluator`'s phases, timed apart (ns per evaluation). */
  readonly phases: Phases;
}

const BATCH = 64;

/** Keeps results reachable so no evaluation can be optimised away. */
let sink: unknown;

function runSync(f: Sync, cases: readonly Case[], start: number, n: number): number {
  const t0 = performance.now();
  for (let k = 0, j = start; k < n; k++) {
    const c = cases[j]!;
    sink = f(c.input, c.asOf);
    if (++j === cases.length) j = 0;
  }
  return performance.now() - t0;
}

async function runAsync(f: Async, inFlight: number, cases: readonly Case[], start: number, n: number): Promise<number> {
  const t0 = performance.now();
  if (inFlight <= 1) {
    for (let k = 0, j = start; k < n; k++) {
      const c = cases[j]!;
      sink = await f(c.input, c.asOf);
      if (++j === cases.length) j = 0;
    }
  } else {
    for (let k = 0, j = start; k < n; ) {
      const batch: Promise<unknown>[] = [];
      for (let b = 0; b < inFlight && k < n; b++, k++) {
        const c = cases[j]!;
        batch.push(f(c.input, c.asOf));
        if (++j === cases.length) j = 0;
      }
      sink = await Promise.all(batch);
    }
  }
  return performance.now() - t0;
}

/** Inputs a `many` contestant is given per call: the group `ruleset.evaluator().many` runs together. */
const GROUP = 256;

/** The inputs and dates of a group of cases, as a `many` contestant takes them. */
const groupOf = (group: readonly Case[]) => ({ inputs: group.map((c) => c.input), asOfs: group.map((c) => c.asOf) });

const groupsCache = new WeakMap<readonly Case[], ReturnType<typeof groupOf>[]>();
/** The cases cut into groups of up to {@link GROUP} once, so that timing does not slice them. */
function groupsOf(cases: readonly Case[]): ReturnType<typeof groupOf>[] {
  let groups = groupsCache.get(cases);
  if (!groups) groupsCache.set(cases, (groups = Array.from({ length: Math.ceil(cases.length / GROUP) }, (_, g) => groupOf(cases.slice(g * GROUP, (g + 1) * GROUP)))));
  return groups;
}

function runMany(f: Many, cases: readonly Case[], start: number, n: number): number {
  const groups = groupsOf(cases);
  // Whole groups, from the one `start` falls in: n rounded up to groups, and timed as such.
  let g = Math.floor(start / GROUP) % groups.length;
  let done = 0;
  const t0 = performance.now();
  while (done < n) {
    const { inputs, asOfs } = groups[g]!;
    sink = f(inputs, asOfs);
    done += inputs.length;
    if (++g === groups.length) g = 0;
  }
  const ms = performance.now() - t0;
  // Scaled to the n evaluations asked for, so rates come out per evaluation.
  return (ms * n) / done;
}

function time(c: Contestant, cases: readonly Case[], start: number, n: number): Promise<number> | number {
  if (c.many) return runMany(c.many, cases, start, n);
  return c.sync ? runSync(c.sync, cases, start, n) : runAsync(c.async!, c.inFlight ?? 1, cases, start, n);
}

async function verify(c: Contestant, cases: readonly Case[], expected: readonly Output[]): Promise<{ mismatches: number; first?: string; ms: number }> {
  let mismatches = 0;
  let first: string | undefined;
  const t0 = performance.now();
  const check = (k: number, out: unknown) => {
    const d = firstDifference(expected[k]!, out as Record<string, unknown>);
    if (d) {
      mismatches++;
      first ??= `input #${k} (as of ${cases[k]!.asOf}): ${d}`;
    }
  };
  const fail = (k: number, e: unknown) => {
    mismatches++;
    first ??= `input #${k}: threw ${e instanceof Error ? e.message : String(e)}`;
  };
  if (c.many) {
    for (const [g, { inputs, asOfs }] of groupsOf(cases).entries()) {
      const from = g * GROUP;
      try {
        c.many(inputs, asOfs).forEach((out, i) => check(from + i, out));
      } catch (e) {
        fail(from, e);
      }
    }
  } else if (c.sync) {
    for (let k = 0; k < cases.length; k++) {
      try {
        check(k, c.sync(cases[k]!.input, cases[k]!.asOf));
      } catch (e) {
        fail(k, e);
      }
    }
  } else {
    const step = c.inFlight ?? 1;
    for (let k = 0; k < cases.length; k += step) {
      const ks = Array.from({ length: Math.min(step, cases.length - k) }, (_, i) => k + i);
      const outs = await Promise.allSettled(ks.map((i) => c.async!(cases[i]!.input, cases[i]!.asOf)));
      outs.forEach((o, i) => (o.status === 'fulfilled' ? check(ks[i]!, o.value) : fail(ks[i]!, o.reason)));
    }
  }
  return { mismatches, ...(first ? { first } : {}), ms: performance.now() - t0 };
}

export async function runEvalBench(log: (s: string) => void = console.log): Promise<EvalResult> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 9);
  const roundMs = Number(process.env.BENCH_ROUND_MS ?? 250);
  const ruleset = compileSeed('jilin-example');
  const cases = generateCases();
  const reference = viaEvaluate(ruleset);
  const expected = cases.map((c) => reference(c.input, c.asOf) as unknown as Output);
  const zen = await viaZen();
  if (!zen) log('(@gorules/zen-engine is not installed: `npm install --no-save @gorules/zen-engine` to include it)');

  const contestants: Contestant[] = [
    { id: 'floor', label: 'hand-written TypeScript (floor)', sync: evaluateByHand },
    { id: 'evaluator', label: 'closures: ruleset.evaluator (validated; the production path)', sync: viaEvaluator(ruleset) },
    { id: 'evaluator-many', label: `columns: ruleset.evaluator().many (validated, ${GROUP} inputs a call)`, many: viaEvaluatorMany(ruleset) },
    { id: 'evaluate', label: 'closures: ruleset.evaluate (validated, options per call)', sync: viaEvaluate(ruleset) },
    { id: 'closures', label: 'closures: planned, no validation', sync: viaRawClosures(ruleset) },
    { id: 'json-logic-js', label: 'json-logic-js on the project JSON Logic', sync: viaJsonLogicJs(ruleset) },
    { id: 'jle-project', label: 'json-logic-engine on the project JSON Logic', sync: viaJsonLogicEngine(ruleset, false) },
    { id: 'jle-project-compiled', label: 'json-logic-engine compiled, project JSON Logic', sync: viaJsonLogicEngine(ruleset, true) },
    { id: 'jle', label: 'json-logic-engine, hand-written JSON Logic', sync: viaJsonLogicEngineNative(false) },
    { id: 'jle-compiled', label: 'json-logic-engine compiled, hand-written JSON Logic', sync: viaJsonLogicEngineNative(true) },
    { id: 'json-rules-engine', label: 'json-rules-engine (awaited one by one)', async: viaJsonRulesEngine() },
    { id: 'publicodes', label: 'publicodes', sync: viaPublicodes() },
    ...(zen
      ? [
          { id: 'zen', label: '@gorules/zen-engine (awaited one by one)', async: zen.evaluate },
          { id: 'zen-batch', label: `@gorules/zen-engine (${BATCH} in flight)`, async: zen.evaluate, inFlight: BATCH },
        ]
      : []),
  ];

  const cov = coverage(expected);
  log(`workload: jilin-example, ${cases.length.toLocaleString('en-US')} inputs (seed ${SEED}), ${Object.keys(expected[0]!).length} outputs each`);
  log(`coverage: ${Object.entries(cov).sort().map(([k, v]) => `${k} ${v}`).join(', ')}`);
  log('');
  log('verifying every contestant against the closures on all inputs…');
  const results = new Map<string, { c: Contestant; mismatches: number; first?: string; verifyMs: number; rate: number; n: number; rounds: number[] }>();
  for (const c of contestants) {
    const v = await verify(c, cases, expected);
    log(`  ${c.label}: ${v.mismatches === 0 ? 'same outputs' : `${v.mismatches} inputs differ; first: ${v.first}`} (${(v.ms / 1000).toFixed(1)} s)`);
    results.set(c.id, { c, mismatches: v.mismatches, ...(v.first ? { first: v.first } : {}), verifyMs: v.ms, rate: cases.length / (v.ms / 1000), n: 0, rounds: [] });
  }

  const timed = [...results.values()].filter((r) => r.mismatches === 0);
  log('');
  log(`warming up, then ${rounds} rounds of ~${roundMs} ms per contestant, round-robin…`);
  for (const r of timed) {
    // Warm-up: ~200 ms of evaluations, which also estimates the rate for sizing rounds.
    let n = Math.max(20, Math.ceil(r.rate * 0.05));
    let spent = 0;
    let done = 0;
    while (spent < 200) {
      spent += await time(r.c, cases, done % cases.length, n);
      done += n;
      n = Math.min(n * 2, Math.max(20, Math.ceil((done / spent) * 100)));
    }
    r.rate = (done / spent) * 1000;
    r.n = Math.max(20, Math.round((r.rate * roundMs) / 1000));
  }
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < timed.length; k++) {
      const r = timed[(k + round) % timed.length]!;
      const start = Math.floor(((round + 1) * cases.length) / (rounds + 1));
      const t = await time(r.c, cases, start, r.n);
      r.rounds.push((r.n / t) * 1000);
    }
  }
  zen?.dispose();
  if (sink === Symbol.for('never')) log('');

  const out: ContestantResult[] = [...results.values()].map((r) => ({
    id: r.c.id,
    label: r.c.label,
    verified: r.mismatches === 0,
    mismatches: r.mismatches,
    ...(r.first ? { firstMismatch: r.first } : {}),
    verifyMs: r.verifyMs,
    rounds: r.rounds,
    ...(r.rounds.length ? { summary: summarize(r.rounds) } : {}),
  }));
  printEval(out, log);
  const phases = runScript<Phases>('phases.ts');
  log(`phases of one evaluation: read input ${fmt(phases.readNs)} ns, straight-line plan ${fmt(phases.planNs)} ns, outputs and result object ${fmt(phases.resultNs)} ns`);
  return { cases: CASES, seed: SEED, roundMs, coverage: cov, contestants: out, phases };
}

/** Median rate of a contestant, or NaN. */
export function medianOf(results: readonly ContestantResult[], id: string): number {
  return results.find((r) => r.id === id)?.summary?.median ?? NaN;
}

/** Median over rounds of the per-round ratio a / b (both ran in the same round). */
export function pairedRatio(results: readonly ContestantResult[], a: string, b: string): number {
  const ra = results.find((r) => r.id === a)?.rounds ?? [];
  const rb = results.find((r) => r.id === b)?.rounds ?? [];
  const n = Math.min(ra.length, rb.length);
  return n ? summarize(Array.from({ length: n }, (_, i) => ra[i]! / rb[i]!)).median : NaN;
}

export function evalRows(results: readonly ContestantResult[]): string[][] {
  const floor = medianOf(results, 'floor');
  const jl = medianOf(results, 'json-logic-js');
  return results.map((r) => {
    const s = r.summary;
    if (!s) return [r.label, 'not timed: outputs differ', '', '', '', ''];
    return [r.label, fmt(s.median), `${fmt(s.min)}–${fmt(s.max)}`, `${fmt(s.q1)}–${fmt(s.q3)}`, `${fmt((s.median / floor) * 100)}%`, `${fmt(s.median / jl)}×`];
  });
}

export const EVAL_HEADER = ['contestant', 'evals/s (median)', 'min–max', 'IQR', 'of floor', '× json-logic-js'];

function printEval(results: readonly ContestantResult[], log: (s: string) => void): void {
  log('');
  if (log === console.log) printTable(EVAL_HEADER, evalRows(results));
  log('');
  log(`paired per round: closures (no validation) = ${fmt(pairedRatio(results, 'closures', 'floor') * 100)}% of floor, ` +
    `ruleset.evaluator = ${fmt(pairedRatio(results, 'evaluator', 'floor') * 100)}% of floor, its many = ${fmt(pairedRatio(results, 'evaluator-many', 'floor') * 100)}% of floor; ` +
    `closures = ${fmt(pairedRatio(results, 'closures', 'json-logic-js'))}× json-logic-js, ruleset.evaluator = ${fmt(pairedRatio(results, 'evaluator', 'json-logic-js'))}× json-logic-js`);
}

if (import.meta.main) writeJsonArg(await runEvalBench());
