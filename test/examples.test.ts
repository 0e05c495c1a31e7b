/**
 * Every example of every seed rule set, run through both backends (closures and json-logic-js
 * on the lowered JSON Logic): each must give exactly the expected outputs, and the same ones.
 */
import { describe, expect, it } from 'vitest';
import { runExamples } from '../src/examples.ts';
import { seed, SEED_IDS } from './helpers.ts';

describe.each(SEED_IDS)('seed rule set %s', (id) => {
  const ruleset = seed(id);
  it('compiles without warnings about missing citations or outputs', () => {
    expect(ruleset.outputNames.length).toBeGreaterThan(0);
  });
  it.each(runExamples(ruleset).map((r) => [r.name, r] as const))('example %s passes on both backends', (_name, result) => {
    expect(result.problems).toEqual([]);
    expect(result.closures).toEqual(result.jsonLogic);
  });
});
