/**
 * @module core/places
 * How many decimal places the exact value of a numeric core expression can have, known before
 * it runs: a literal or param has the places it is written with, a decimal input at most
 * {@link RATE_PLACES}, an integer or amount of fen none; a sum or difference has those of its
 * most precise operand, a product the sum of its operands'; a quotient has no bound (Infinity).
 * Lowering rounds each decimal sum (`sum` of a list too), difference and product with a bound
 * to it ({@link exactDecimal}), so binary floating-point noise never shows: `0.1 + 0.2` is 0.3
 * and `60% + 30% = 90%` holds. The checker's constant evaluation follows the same rules
 * (`check/consts.ts`).
 */
import { MAX_EXACT_PLACES, placesOfNumber } from '../runtime.ts';
import type { Const, Core } from './ir.ts';

/** Places of the names an expression reads: inputs by their type, computed values by their expression. */
export interface PlacesOf {
  input(name: string): number;
  ref(name: string): number;
}

/**
 * The most decimal places `e`'s exact value can have (0 for integers, fen and non-numbers).
 * @example placesOf({ op: 'arith', fn: '*', a: c(0.7), b: c(0.25) }, of) // 3
 */
export function placesOf(e: Core, of: PlacesOf): number {
  if (e.op !== 'arith') return placesOfNode(e, of);
  // Lowering asks again at every level of a chain `a + b + c + …`: once per node.
  let places = known.get(e);
  if (places === undefined) known.set(e, (places = placesOfNode(e, of)));
  return places;
}

const known = new WeakMap<Core, number>();

function placesOfNode(e: Core, of: PlacesOf): number {
  const p = (x: Core) => placesOf(x, of);
  switch (e.op) {
    case 'const': return constPlaces(e.value);
    case 'input': return of.input(e.name);
    case 'ref': return of.ref(e.name);
    case 'places': return e.places;
    case 'arith': return e.fn === '/' ? Infinity : e.fn === '*' ? p(e.a) + p(e.b) : Math.max(p(e.a), p(e.b));
    case 'round': return placesOfNumber(e.step);
    case 'neg': case 'abs': case 'within': return p(e.a);
    case 'if': return Math.max(p(e.then), p(e.else));
    case 'cond': return Math.max(0, ...e.branches.map((b) => p(b.then)), ...(e.else ? [p(e.else)] : []));
    case 'minmax': return Math.max(0, ...e.args.map(p));
    case 'list': return Math.max(0, ...e.items.map(p));
    case 'sum': case 'last': return p(e.list);
    // Money products and quotients are whole fen; the rest are counts, booleans, text or dates.
    default: return 0;
  }
}

function constPlaces(v: Const): number {
  if (typeof v === 'number') return placesOfNumber(v);
  return Array.isArray(v) ? Math.max(0, ...v.map(constPlaces)) : 0;
}

/**
 * A sum, difference or product (or `sum` of a list) rounded to the places of its exact value
 * when they are bounded (and not 0: integers are exact already), else as it is.
 */
export function exactDecimal(e: Core & { op: 'arith' | 'sum' }, of: PlacesOf): Core {
  if (e.op === 'arith' && e.fn === '/') return e;
  const places = placesOf(e, of);
  return places >= 1 && places <= MAX_EXACT_PLACES ? { op: 'places', places, a: e } : e;
}
