/**
 * The fast input reader and the valibot schema agree: the reader never accepts what valibot
 * rejects (it would skip the error messages), and it accepts valid inputs (else every call
 * would take the slow path). Checked on generated valid inputs and on mutations of them.
 */
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { inputSchema } from '../../src/schema/index.ts';
import { inputReader } from '../../src/schema/reader.ts';
import { generateInputs, rng } from '../generate.ts';
import { compileText, seed, SEED_IDS } from '../helpers.ts';

const junk: unknown[] = [null, -1, 1.5, 1e9, 'x', '', true, [], {}, ['pass', 3], 0.001, Number.NaN, '2024-02-30', 100.005, -0.01];

describe.each([...SEED_IDS, 'money-fixture'])('reader vs valibot on %s', (id) => {
  const rs = id === 'money-fixture'
    ? compileText('ruleset m\ninput pay: money in 0..50000\ninput day: date\ninput pays: list of money max_items 3\ndef d: money cite "t" = pay + sum(pays)\ndef e: bool cite "t" = day > 2024-01-01\noutput d, e').ruleset!
    : seed(id);
  it('agree on valid and mutated inputs', () => {
    const required = rs.requiredInputs();
    const read = inputReader(rs.inputs, required);
    const schema = inputSchema(rs.inputs, required);
    const r = rng(99);
    const slots: unknown[] = [];
    for (const input of generateInputs(rs.inputs, 400, 5)) {
      expect(read(input, slots)).toBe(true);
      expect(v.safeParse(schema, input).success).toBe(true);
      for (let m = 0; m < 6; m++) {
        const bad: Record<string, unknown> = { ...input };
        const names = Object.keys(bad);
        const k = names[Math.floor(r() * names.length)]!;
        if (m === 0) delete bad[k];
        else if (m === 1) bad[k.slice(0, -1)] = 1;
        else bad[k] = junk[Math.floor(r() * junk.length)];
        const fast = read(bad, slots);
        if (fast) {
          expect(v.safeParse(schema, bad).success, `${id}: ${JSON.stringify(bad)}`).toBe(true);
        }
      }
    }
    expect(read(JSON.parse('{"__proto__": {}}'), slots)).toBe(false);
  });
});

describe('date inputs', () => {
  it('must be real calendar dates, in the fast reader and in the schema alike', () => {
    const r = compileText('ruleset d\ninput d: date\ndef late: bool cite "x" = d >= 2025-01-01\noutput late').ruleset!;
    expect(r.evaluate({ d: '2025-02-28' }, { asOf: '2025-06-01' })).toEqual({ ok: true, outputs: { late: true } });
    const bad = r.evaluate({ d: '2025-02-30' }, { asOf: '2025-06-01' });
    expect(bad).toEqual({ ok: false, errors: [expect.objectContaining({ field: 'd', code: 'E-INPUT-TYPE' })] });
    expect(r.evaluator()({ d: '2025-02-30' }, '2025-06-01')).toEqual(bad);
  });
});
