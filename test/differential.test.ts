/**
 * Differential test: for every seed rule set, the closure backend and json-logic-js running the
 * lowered JSON Logic agree on thousands of generated inputs, for every output and several dates.
 */
import { describe, expect, it } from 'vitest';
import { generateInputs } from './generate.ts';
import { seed, SEED_IDS } from './helpers.ts';

const DATES = ['2019-06-30', '2021-01-01', '2024-12-31', '2025-01-01', '2030-01-01'];
const N = 3000;

describe.each(SEED_IDS)('%s', (id) => {
  it(`closures and json-logic-js agree on ${N} generated inputs`, () => {
    const rs = seed(id);
    const texts = [...rs.checked.ctx.lists.values()].flatMap((l) => l.items.map((i) => i.name.text));
    const inputs = generateInputs(rs.inputs, N, 20261123, texts);
    let compared = 0;
    inputs.forEach((input, i) => {
      const asOf = DATES[i % DATES.length]!;
      const a = rs.evaluate(input, { asOf });
      const b = rs.evaluateJsonLogic(input, { asOf });
      if (!a.ok) throw new Error(`generated input rejected: ${JSON.stringify(a.errors)}`);
      expect(b).toEqual(a);
      compared++;
    });
    expect(compared).toBe(N);
  });
});
