/**
 * @module bench/memory
 * Retained heap per compiled rule set: after a full GC, hold N compiled instances of the same
 * rule set, collect again, and divide the growth by N. Measured twice: right after `compile`,
 * and after each instance has also built its JSON Logic export (cached on the rule set).
 * For `jilin-example`, also after one evaluation of every output (schemas are cached then).
 *
 * Needs `--expose-gc`: `node --expose-gc bench/memory.ts [--json out.json]`.
 */
import { compile, type Ruleset } from '../src/ruleset.ts';
import type { SourceFile } from '../src/source.ts';
import { generateRuleset } from './generate.ts';
import { fmt, printTable, writeJsonArg } from './stats.ts';
import { generateCases, seedSources, SEED_IDS } from './workload.ts';

export interface MemoryRow {
  readonly id: string;
  readonly instances: number;
  /** Bytes retained per instance. */
  readonly compiled: number;
  readonly withJsonLogic: number;
  readonly afterEvaluate?: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

function heap(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

export function runMemoryBench(log: (s: string) => void = console.log): MemoryRow[] {
  if (!gc) throw new Error('run with node --expose-gc');
  const sources = seedSources();
  const generated: SourceFile = { name: 'generated.rules', text: generateRuleset() };
  const resolve = (x: string) => sources.get(x);
  const evalCase = generateCases(1)[0]!;
  const rows: MemoryRow[] = [];
  for (const id of [...SEED_IDS, 'generated']) {
    const file = id === 'generated' ? generated : sources.get(id)!;
    const n = id === 'generated' ? 8 : 50;
    const make = () => compile(file, { resolve }).ruleset!;
    make().jsonLogic(); // module-level caches and JIT warmed before measuring
    const before = heap();
    const held: Ruleset[] = [];
    for (let i = 0; i < n; i++) held.push(make());
    const compiled = (heap() - before) / n;
    for (const rs of held) rs.jsonLogic();
    const withJsonLogic = (heap() - before) / n;
    let afterEvaluate: number | undefined;
    if (id === 'jilin-example') {
      for (const rs of held) if (!rs.evaluate(evalCase.input, { asOf: evalCase.asOf }).ok) throw new Error('evaluation failed');
      afterEvaluate = (heap() - before) / n;
    }
    rows.push({ id, instances: n, compiled, withJsonLogic, ...(afterEvaluate !== undefined ? { afterEvaluate } : {}) });
    held.length = 0;
  }
  if (log === console.log) {
    printTable(MEMORY_HEADER, memoryRows(rows));
    console.log('');
  }
  return rows;
}

export const MEMORY_HEADER = ['rule set', 'instances held', 'retained per instance', '+ JSON Logic export', '+ one evaluation'];
const kb = (b: number) => `${fmt(b / 1024)} KiB`;
export function memoryRows(rows: readonly MemoryRow[]): string[][] {
  return rows.map((r) => [r.id, String(r.instances), kb(r.compiled), kb(r.withJsonLogic), r.afterEvaluate !== undefined ? kb(r.afterEvaluate) : '']);
}

if (import.meta.main) writeJsonArg(runMemoryBench());
