/**
 * Bad rule text never produces a stack trace or a hang: thousands of random mutations of the
 * seed files (characters and whole tokens deleted, duplicated or swapped) all compile to a
 * result with diagnostics, and the formatter either formats or reports, never throws.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { format } from '../src/format/index.ts';
import { compile } from '../src/ruleset.ts';
import { rng } from './generate.ts';
import { RULES_DIR, resolveSeed, SEED_IDS } from './helpers.ts';

/** More with FUZZ_ITERATIONS=5000 when hunting. */
const ITERATIONS = Number(process.env['FUZZ_ITERATIONS'] ?? 150);
const PIECES = ['|', '=', '(', ')', '{', '}', '..', ':', ',', '"', 'if', 'then', 'otherwise', 'override', 'from 2021-01-01 =', '-', '>=', 'table', 'clause', 'and', 'not', '[', ']', '例', '\n', '1.2345', '%', '#'];

function mutate(text: string, r: () => number): string {
  let t = text;
  const edits = 1 + Math.floor(r() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * t.length);
    const len = 1 + Math.floor(r() * 12);
    const kind = Math.floor(r() * 4);
    if (kind === 0) t = t.slice(0, at) + t.slice(at + len);
    else if (kind === 1) t = t.slice(0, at) + PIECES[Math.floor(r() * PIECES.length)] + t.slice(at);
    else if (kind === 2) t = t.slice(0, at) + t.slice(at, at + len) + t.slice(at);
    else {
      const other = Math.floor(r() * t.length);
      t = t.slice(0, at) + t.slice(other, other + len) + t.slice(at + len);
    }
  }
  return t;
}

describe.each(SEED_IDS)('mutations of %s', (id) => {
  it('compile and format without throwing', () => {
    const text = readFileSync(join(RULES_DIR, `${id}.rules`), 'utf8');
    const r = rng(id.length * 7919);
    let withErrors = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const mutated = mutate(text, r);
      const file = { name: `${id}.rules`, text: mutated };
      const result = compile(file, { resolve: resolveSeed });
      if (!result.ruleset) withErrors++;
      for (const d of result.diagnostics) {
        expect(d.span.start, `${d.code} ${d.message}`).toBeGreaterThanOrEqual(0);
        expect(d.span.end).toBeLessThanOrEqual(mutated.length + 1);
        expect(d.message).not.toMatch(/undefined|\[object Object\]/);
      }
      format(file);
    }
    expect(withErrors).toBeGreaterThan(50);
  });
});
