/**
 * @module check/literals
 * The digits of numeric literals, checked once the checker has settled their types: a money
 * literal is exact to the fen, so it has at most 2 decimal places (`4800.123` is an error, not
 * 4800.12); any other literal with a point, or a percentage, is a decimal, kept to
 * {@link RATE_PLACES} decimal places when it multiplies money, so it may have no more
 * (`12.3456789%` is 0.123456789: an error, not 0.123457). Trailing zeros do not count.
 */
import type * as A from '../ast/nodes.ts';
import { M } from '../messages.ts';
import { RATE_PLACES } from '../runtime.ts';
import type { Ctx } from './context.ts';

/** Decimal places a money amount may have: whole fen. */
export const MONEY_PLACES = 2;

/**
 * Significant decimal places of a literal as written (trailing zeros do not count).
 * @example decimalPlaces('4800.120') // 2
 */
export function decimalPlaces(text: string): number {
  const point = text.indexOf('.');
  return point < 0 ? 0 : text.slice(point + 1).replace(/0+$/, '').length;
}

/** Reports each literal with more decimal places than its type keeps. */
export function checkLiterals(ctx: Ctx, literals: Iterable<A.Expr & { kind: 'number' | 'percent' }>): void {
  for (const e of literals) {
    const places = decimalPlaces(e.text);
    if (e.kind === 'number' && ctx.types.get(e.id)?.k === 'money') {
      if (places > MONEY_PLACES) ctx.r.error(e.span, M.moneyPlaces(e.text));
    } else if (e.kind === 'percent' ? places + 2 > RATE_PLACES : places > RATE_PLACES) {
      const shown = e.kind === 'percent' ? `${e.text}%` : e.text;
      const fixed = roundText(e.text, e.kind === 'percent' ? RATE_PLACES - 2 : RATE_PLACES);
      ctx.r.error(e.span, M.decimalPlaces(shown, RATE_PLACES, e.kind === 'percent' ? shiftPoint(e.text, 2) : undefined, e.kind === 'percent' ? `${fixed}%` : fixed));
    }
  }
}

/** Splits plain decimal digits (`12.345`) into an integer and its scale: 12345n, 3. */
function scaled(text: string): [bigint, number] {
  const [whole, frac = ''] = text.split('.');
  return [BigInt(whole! + frac), frac.length];
}

/** An integer over 10^scale as plain decimal text, without trailing zeros. */
function format(n: bigint, scale: number): string {
  if (scale <= 0) return n.toString();
  const s = n.toString().padStart(scale + 1, '0');
  const frac = s.slice(-scale).replace(/0+$/, '');
  return frac ? `${s.slice(0, -scale)}.${frac}` : s.slice(0, -scale);
}

/**
 * Non-negative decimal text rounded half up to `places`, exactly.
 * @example roundText('12.3456789', 4) // '12.3457'
 */
export function roundText(text: string, places: number): string {
  const [n, scale] = scaled(text);
  if (scale <= places) return format(n, scale);
  const unit = 10n ** BigInt(scale - places);
  return format((2n * n + unit) / (2n * unit), places);
}

/**
 * Decimal text divided by 10^k, exactly (a percentage as the decimal it means).
 * @example shiftPoint('12.5', 2) // '0.125'
 */
export function shiftPoint(text: string, k: number): string {
  const [n, scale] = scaled(text);
  return format(n, scale + k);
}
