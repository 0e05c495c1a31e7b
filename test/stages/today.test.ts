/**
 * The default evaluation date is today in China (UTC+8, no daylight saving): every rule set is a
 * Chinese jurisdiction's, and a payroll run at 06:00 in Beijing on 1 January must use the new
 * year's values, though UTC still has 31 December.
 */
import { describe, expect, it, vi } from 'vitest';
import { chinaDate } from '../../src/runtime.ts';
import { compileText } from '../helpers.ts';

describe('today', () => {
  it.each([
    ['2026-12-31T15:59:59Z', '2026-12-31'],
    ['2026-12-31T16:00:00Z', '2027-01-01'],
    ['2026-12-31T22:00:00Z', '2027-01-01'],
    ['2027-01-01T00:00:00Z', '2027-01-01'],
    ['2024-02-28T16:00:00Z', '2024-02-29'],
  ])('at %s is %s in China', (utc, date) => {
    expect(chinaDate(Date.parse(utc))).toBe(date);
  });

  it('is the evaluation date when none is given (at 22:00 UTC on 31 December, the new year)', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-12-31T22:00:00Z'));
      const rs = compileText('ruleset t\ndef d: date cite "x" = as_of\noutput d').ruleset!;
      expect(rs.evaluate({})).toEqual({ ok: true, outputs: { d: '2027-01-01' } });
    } finally {
      vi.useRealTimers();
    }
  });
});
