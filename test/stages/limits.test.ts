/**
 * Limits that keep compilation and evaluation bounded and exact: absurd nesting and chains
 * are diagnostics (never a stack overflow), and money inputs beyond 90 million yuan are
 * refused because money × rate would no longer be exact.
 */
import { describe, expect, it } from 'vitest';
import { compileText } from '../helpers.ts';

describe('limits', () => {
  it('400 nested brackets give E-LIMIT-NESTING, not a RangeError', () => {
    const r = compileText(`ruleset a\ninput x: integer\ndef y: integer cite "t" = ${'('.repeat(400)}x${')'.repeat(400)}\noutput y\n`);
    expect(r.ruleset).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E-LIMIT-NESTING']);
  });
  it('a chain of 2000 additions gives E-LIMIT-LENGTH', () => {
    const r = compileText(`ruleset a\ninput x: integer\ndef y: integer cite "t" = x${' + x'.repeat(2000)}\noutput y\n`);
    expect(r.diagnostics.map((d) => d.code)).toContain('E-LIMIT-LENGTH');
  });
  it('64 nested brackets still compile', () => {
    const r = compileText(`ruleset a\ninput x: integer\ndef y: integer cite "t" = ${'('.repeat(60)}x${')'.repeat(60)}\noutput y\n`);
    expect(r.ruleset?.evaluate({ x: 3 })).toEqual({ ok: true, outputs: { y: 3 } });
  });
  it('money inputs above 90 million yuan are refused by name', () => {
    const rs = compileText('ruleset m\ninput pay: money\ndef half: money cite "t" = pay * 50%\noutput half').ruleset!;
    expect(rs.evaluate({ pay: 90_000_000 })).toEqual({ ok: true, outputs: { half: 45_000_000 } });
    const r = rs.evaluate({ pay: 90071992547409.99 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ field: 'pay', code: 'E-INPUT-RANGE' });
  });
});
