/**
 * @module check/literals
 * The digits of numeric literals, checked once the checker has settled their types: a money
 * literal is exact to the fen, so it has at most 2 decimal places (`4800.123` is an error, not
 * 4800.12). Trailing zeros do not count (`4800.120` is 4800.12).
 */
import type * as A from '../ast/nodes.ts';
import { M } from '../messages.ts';
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
    if (e.kind === 'number' && ctx.types.get(e.id)?.k === 'money' && decimalPlaces(e.text) > MONEY_PLACES) ctx.r.error(e.span, M.moneyPlaces(e.text));
  }
}
