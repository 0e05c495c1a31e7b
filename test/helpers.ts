/** Shared test helpers: load the seed rule sets and compile them from disk. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dirResolver, readSource } from '../src/cli/load.ts';
import { compile, type Ruleset } from '../src/ruleset.ts';
import type { SourceFile } from '../src/source.ts';

export const RULES_DIR = join(import.meta.dirname, '..', 'rules');
export const resolveSeed = dirResolver(RULES_DIR);
export const SEED_IDS = readdirSync(RULES_DIR).filter((f) => f.endsWith('.rules')).map((f) => f.replace(/\.rules$/, '')).sort();

/** Compiles a seed rule set; throws with rendered diagnostics if it does not compile. */
export function seed(id: string): Ruleset {
  const r = compile(resolveSeed(id)!, { resolve: resolveSeed });
  if (!r.ruleset) throw new Error(`${id} does not compile: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.ruleset;
}

/** Compiles rule text as a fork-able file named `test.rules`, resolving bases among the seeds. */
export function compileText(text: string, extra: Record<string, string> = {}, locale: 'en' | 'zh' = 'en') {
  const resolve = (id: string): SourceFile | undefined => (extra[id] !== undefined ? { name: `${id}.rules`, text: extra[id]! } : resolveSeed(id));
  return compile({ name: 'test.rules', text }, { resolve, locale });
}

/**
 * Rule text whose integers can pass the safe integers: `s` (checked once all values are
 * computed) and `whole` (in its own step), which fail the evaluation (`E-EVAL-RANGE`).
 */
export const SUMS_PAST_SAFE = [
  'ruleset o',
  'input n: integer',
  'input m: integer',
  'input d: decimal',
  'def s: integer cite "X" = n + m',
  'def big: bool cite "X" = s > 0',
  'def whole: integer cite "X" = floor(d)',
  'def small: integer cite "X" = n - m',
  'output s, big, whole, small',
].join('\n');

export { readSource };
