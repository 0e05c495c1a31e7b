/**
 * @module core/bounds
 * The interval a numeric core expression can take, from the ranges its inputs and computed
 * values declare (interval arithmetic). Lowering uses it to leave out the run-time check that an
 * integer (or an amount of fen) stayed within the safe integers when its bounds already prove
 * it: `households / 400` over `households in 0..100000` needs none, `n + m` over unbounded
 * inputs does.
 */
import type { Core } from './ir.ts';

/** `[low, high]`, both finite; `undefined` where nothing bounds the value. */
export type Interval = readonly [number, number];

/** Where the interval of a name comes from: an input's declared range, a computed value's. */
export interface BoundsOf {
  input(name: string): Interval | undefined;
  ref(name: string): Interval | undefined;
}

/** The largest integer below which every integer is exact in a double (2^53 − 1). */
export const SAFE = Number.MAX_SAFE_INTEGER;

/** Whether every value of `i` is an exact integer magnitude (inside ±(2^53 − 1)). */
export const isSafe = (i: Interval | undefined): boolean => !!i && i[0] >= -SAFE && i[1] <= SAFE;

/** Array lengths are below 2^32 in JavaScript: counts and positions are always bounded. */
const LENGTH: Interval = [0, 2 ** 32];

/**
 * The interval of `e`, or undefined if unbounded (or not a number).
 * @example boundsOf({ op: 'arith', fn: '+', a: c(1), b: c(2) }, of) // [3, 3]
 */
export function boundsOf(e: Core, of: BoundsOf): Interval | undefined {
  const b = (x: Core) => boundsOf(x, of);
  switch (e.op) {
    case 'const': return typeof e.value === 'number' && Number.isFinite(e.value) ? [e.value, e.value] : undefined;
    case 'input': return of.input(e.name);
    case 'ref': return of.ref(e.name);
    case 'arith': return arith(e.fn, b(e.a), e.fn === '/' ? divisor(e.b) : b(e.b));
    // Money (fen) × or ÷ a decimal, rounded to `step` fen: within one step of the exact value.
    case 'money': {
      const step = e.step ?? 1;
      return map(arith(e.fn, b(e.a), e.fn === '/' ? divisor(e.b) : b(e.b)), ([lo, hi]) => [lo - step, hi + step]);
    }
    case 'neg': return map(b(e.a), (x) => [-x[1], -x[0]]);
    case 'abs': return map(b(e.a), ([lo, hi]) => (lo >= 0 ? [lo, hi] : hi <= 0 ? [-hi, -lo] : [0, Math.max(-lo, hi)]));
    // Rounding moves a value by less than one step either way.
    case 'round': return map(b(e.a), ([lo, hi]) => [lo - e.step, hi + e.step]);
    case 'places': return map(b(e.a), ([lo, hi]) => [lo - 10 ** -e.places, hi + 10 ** -e.places]);
    case 'minmax': {
      const xs = e.args.map(b);
      if (xs.some((x) => !x)) return undefined;
      const pick = e.fn === 'min' ? Math.min : Math.max;
      return [pick(...xs.map((x) => x![0])), pick(...xs.map((x) => x![1]))];
    }
    case 'if': return union([b(e.then), b(e.else)]);
    case 'cond': return union([...e.branches.map((x) => b(x.then)), ...(e.else ? [b(e.else)] : [])]);
    case 'within': {
      const lows = e.ranges.map((r) => r.low).filter((x): x is number => typeof x === 'number');
      const highs = e.ranges.map((r) => r.high).filter((x): x is number => typeof x === 'number');
      const inner = b(e.a);
      const lo = Math.max(...lows, inner ? inner[0] : -Infinity);
      const hi = Math.min(...highs, inner ? inner[1] : Infinity);
      return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : undefined;
    }
    case 'count': return LENGTH;
    case 'ordinal': return [-1, e.order.length];
    default: return undefined;
  }
}

function map(i: Interval | undefined, f: (i: Interval) => Interval): Interval | undefined {
  return i ? f(i) : undefined;
}

function union(xs: readonly (Interval | undefined)[]): Interval | undefined {
  if (xs.length === 0 || xs.some((x) => !x)) return undefined;
  return [Math.min(...xs.map((x) => x![0])), Math.max(...xs.map((x) => x![1]))];
}

/** A divisor's interval, when it is a constant other than 0 (else unknown). */
function divisor(e: Core): Interval | undefined {
  return e.op === 'const' && typeof e.value === 'number' && e.value !== 0 ? [e.value, e.value] : undefined;
}

function arith(fn: '+' | '-' | '*' | '/', a: Interval | undefined, b: Interval | undefined): Interval | undefined {
  if (!a || !b) return undefined;
  const r = (xs: number[]): Interval | undefined => (xs.every(Number.isFinite) ? [Math.min(...xs), Math.max(...xs)] : undefined);
  switch (fn) {
    case '+': return r([a[0] + b[0], a[1] + b[1]]);
    case '-': return r([a[0] - b[1], a[1] - b[0]]);
    case '*': return r([a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]]);
    case '/': return r([a[0] / b[0], a[1] / b[0]]);
  }
}
