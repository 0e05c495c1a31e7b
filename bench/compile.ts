/**
 * @module bench/compile
 * Compile time of each seed rule set and of a generated rule set (1,000 definitions and a
 * 500-row decision table, from `bench/generate.ts`):
 * - cold: the first `compile` in a fresh process (after importing the compiler, timed apart);
 * - warm: repeated `compile` in one process, median and spread;
 * - where the warm time goes: parse (CST only, own file), link (parse + AST of the whole
 *   chain, merge), check, lower to the core IR, plan closures, and the JSON Logic export.
 * Sources are held in memory, so no figure includes reading files.
 *
 * `node bench/compile.ts [--json out.json]`
 */
import { runScript } from './proc.ts';
import { parseCst } from '../grammar/index.ts';
import { toClosures } from '../src/backend/closures/index.ts';
import { toJsonLogic } from '../src/backend/to-json-logic.ts';
import { check } from '../src/check/index.ts';
import { lower } from '../src/core/from-checked.ts';
import { link } from '../src/link/index.ts';
import { compile, Ruleset } from '../src/ruleset.ts';
import type { SourceFile } from '../src/source.ts';
import { generateRuleset } from './generate.ts';
import { ms, printTable, summarize, writeJsonArg, type Summary } from './stats.ts';
import { seedSources, SEED_IDS } from './workload.ts';

export interface CompileTarget {
  readonly id: string;
  readonly lines: number;
  readonly chain: readonly string[];
  readonly definitions: number;
  readonly errors: number;
  readonly warnings: number;
  readonly cold: { importMs: Summary; firstCompileMs: Summary };
  readonly warm: Summary;
  /** Median ms per stage. */
  readonly stages: Record<string, number>;
}

export interface CompileResult {
  readonly generated: { defs: number; rows: number; evaluates: boolean };
  readonly targets: CompileTarget[];
}

const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 3);

function cold(id: string): { importMs: number; firstCompileMs: number } {
  return runScript('compile-cold.ts', [id]);
}

function timeIt(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

export function runCompileBench(log: (s: string) => void = console.log): CompileResult {
  const sources = seedSources();
  const GEN = { defs: 1000, rows: 500 };
  const generated: SourceFile = { name: 'generated.rules', text: generateRuleset(GEN) };
  const fileOf = (id: string) => (id === 'generated' ? generated : sources.get(id)!);
  const resolve = (x: string) => sources.get(x);
  const ids = [...SEED_IDS, 'generated'];

  const targets: CompileTarget[] = [];
  let evaluates = false;
  for (const id of ids) {
    const file = fileOf(id);
    const colds = Array.from({ length: COLD_RUNS }, () => cold(id));
    const first = compile(file, { resolve });
    const errors = first.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = first.diagnostics.length - errors;
    if (!first.ruleset) throw new Error(`${id}: ${errors} errors: ${first.diagnostics.slice(0, 3).map((d) => d.message).join('; ')}`);
    const rs = first.ruleset;
    if (id === 'generated') {
      // A sanity evaluation: every output of the generated rule set on one input.
      const input: Record<string, unknown> = { kind: 'c', score: 1234 };
      for (let i = 0; i < 20; i++) input[`n${i}`] = (i * 7919) % 100000;
      for (let i = 0; i < 5; i++) input[`m${i}`] = 1234.56 * (i + 1);
      for (let i = 0; i < 5; i++) input[`b${i}`] = i % 2 === 0;
      evaluates = rs.evaluate(input, { asOf: '2025-01-01' }).ok;
    }
    const reps = id === 'generated' ? 12 : 40;
    for (let i = 0; i < 3; i++) compile(file, { resolve });
    const warm = Array.from({ length: reps }, () => timeIt(() => compile(file, { resolve })));
    const stage: Record<string, number[]> = { 'parse (CST)': [], link: [], check: [], lower: [], closures: [], 'new Ruleset': [], 'JSON Logic': [] };
    for (let i = 0; i < Math.ceil(reps / 2); i++) {
      stage['parse (CST)']!.push(timeIt(() => parseCst(file.text)));
      let linked!: ReturnType<typeof link>;
      stage.link!.push(timeIt(() => (linked = link(file, resolve))));
      let checked!: ReturnType<typeof check>;
      stage.check!.push(timeIt(() => (checked = check(linked.value!))));
      let core!: ReturnType<typeof lower>;
      stage.lower!.push(timeIt(() => (core = lower(checked.value))));
      stage.closures!.push(timeIt(() => toClosures(core)));
      stage['new Ruleset']!.push(timeIt(() => new Ruleset(checked.value)));
      stage['JSON Logic']!.push(timeIt(() => toJsonLogic(core)));
    }
    targets.push({
      id,
      lines: file.text.split('\n').length,
      chain: rs.chain,
      definitions: rs.core.defs.length,
      errors,
      warnings,
      cold: { importMs: summarize(colds.map((c) => c.importMs)), firstCompileMs: summarize(colds.map((c) => c.firstCompileMs)) },
      warm: summarize(warm),
      stages: Object.fromEntries(Object.entries(stage).map(([k, v]) => [k, summarize(v).median])),
    });
    log(`  ${id}: warm ${ms(summarize(warm).median)}, cold ${ms(summarize(colds.map((c) => c.firstCompileMs)).median)}`);
  }
  printCompile(targets, log);
  const gen = targets.find((t) => t.id === 'generated')!;
  log(`generated rule set: ${GEN.defs} definitions + a ${GEN.rows}-row table, ${gen.lines} lines; ${gen.errors} errors, ${gen.warnings} warnings; evaluates: ${evaluates}`);
  return { generated: { ...GEN, evaluates }, targets };
}

export const COMPILE_HEADER = ['rule set', 'lines', 'computed values', 'cold: import', 'cold: first compile', 'warm (median)', 'warm min–max'];
export function compileRows(targets: readonly CompileTarget[]): string[][] {
  return targets.map((t) => [
    t.id + (t.chain.length > 1 ? ` (${t.chain.join(' → ')})` : ''),
    String(t.lines),
    String(t.definitions),
    ms(t.cold.importMs.median),
    ms(t.cold.firstCompileMs.median),
    ms(t.warm.median),
    `${ms(t.warm.min)}–${ms(t.warm.max)}`,
  ]);
}

export function stageHeader(targets: readonly CompileTarget[]): string[] {
  return ['rule set', ...Object.keys(targets[0]!.stages)];
}
export function stageRows(targets: readonly CompileTarget[]): string[][] {
  return targets.map((t) => [t.id, ...Object.values(t.stages).map(ms)]);
}

function printCompile(targets: readonly CompileTarget[], log: (s: string) => void): void {
  if (log !== console.log) return;
  log('');
  printTable(COMPILE_HEADER, compileRows(targets));
  log('');
  log('where warm compile time goes (median per stage; link includes parsing the whole chain, new Ruleset = lower + closures + schema fields):');
  printTable(stageHeader(targets), stageRows(targets));
  log('');
}

if (import.meta.main) writeJsonArg(runCompileBench());
