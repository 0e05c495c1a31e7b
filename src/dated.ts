/**
 * @module dated
 * Dated values (`= 300`, `from 2025-01-01 = 350`): which one is in force on a date.
 */

/**
 * The value of `values` (first undated, then by ascending `from`) in force on `date`: the last
 * one whose `from` is not after it ('' is before every date, so the first value then).
 * @example inForce([{ value: 300 }, { from: '2025-01-01', value: 350 }], '2025-06-01').value // 350
 */
export function inForce<T extends { readonly from?: string }>(values: readonly T[], date: string): T | undefined {
  for (let i = values.length - 1; i >= 0; i--) if ((values[i]!.from ?? '') <= date) return values[i];
  return values[0];
}
