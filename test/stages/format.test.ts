/**
 * The formatter: seeds are already formatted (fmt --check passes), formatting is idempotent,
 * and rewriting keywords to Chinese and back yields the same program.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/ast/from-cst.ts';
import { format } from '../../src/format/index.ts';
import { lookupBuiltin } from '../../src/check/functions.ts';
import { RULES_DIR, SEED_IDS } from '../helpers.ts';

/** The AST without ids, spans and comments, built-in function names canonical, for comparing programs. */
function shape(text: string): unknown {
  const ast = parse({ name: 'x.rules', text }).value!;
  return JSON.parse(JSON.stringify({ ...ast, comments: [] }, (k, v) => {
    if (k === 'id' || k === 'span' || k === 'nameSpan' || k === 'citeSpan' || k === 'maxItemsSpan') return undefined;
    if (k === 'fn' && v && typeof v.text === 'string') return lookupBuiltin(v.text) ?? v.text;
    return v;
  }));
}

describe.each(SEED_IDS)('formatting %s', (id) => {
  const text = readFileSync(join(RULES_DIR, `${id}.rules`), 'utf8');
  it('is already in canonical form', () => {
    expect(format({ name: id, text }).text).toBe(text);
  });
  it('round-trips through Chinese and English keywords to the same program', () => {
    const zh = format({ name: id, text }, { keywords: 'zh' }).text!;
    const en = format({ name: id, text: zh }, { keywords: 'en' }).text!;
    expect(shape(zh)).toEqual(shape(text));
    expect(shape(en)).toEqual(shape(text));
    expect(format({ name: id, text: en }, { keywords: 'en' }).text).toBe(en);
  });
});

describe('formatting messy input', () => {
  it('normalises spacing, aligns table columns and keeps comments', () => {
    const messy = 'ruleset   t\n# about x\ninput x:integer   in 0..10\ntable   t2 : integer cite "c" hit first given x\n|<5|1|\n| - | 22 |\noutput t2';
    expect(format({ name: 't', text: messy }).text).toBe(
      'ruleset t\n\n# about x\ninput x: integer in 0..10\n\ntable t2: integer cite "c"\n  hit first\n  given x\n  | < 5 | 1  |\n  | -   | 22 |\n\noutput t2\n',
    );
  });
  it('keeps the parentheses around a right operand of the same precedence: `pay * (rate / 2)` is not `pay * rate / 2`', () => {
    // Money × a decimal rounds to the fen, so the grouping changes the amount, not just the tree.
    const text = 'ruleset t\ndef a = pay * (rate / 2)\ndef b = c + (d + e)\ndef c = x and (y and z)\ndef d = m * (0.5 * 0.5)\n';
    const formatted = format({ name: 't', text }).text!;
    expect(formatted).toContain('pay * (rate / 2)');
    expect(shape(formatted)).toEqual(shape(text));
  });
  it('refuses to format a file with syntax errors', () => {
    const r = format({ name: 't', text: 'ruleset t\ninput x integer' });
    expect(r.text).toBeUndefined();
    expect(r.diagnostics[0]!.code).toBe('E-SYNTAX');
  });
});
