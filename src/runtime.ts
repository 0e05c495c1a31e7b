/**
 * @module runtime
 * Exact money and rounding, shared by the checker's constant folding and the closure backend
 * (the JSON Logic backend lowers the same operations to standard operators).
 *
 * Money is an integer number of fen. Multiplying or dividing money by a decimal scales the
 * decimal to an integer numerator over 10^6 first, so the product is an exact integer and the
 * only rounding is the declared half-up (away from zero) to the fen. Products are plain float
 * multiplications up to {@link FLOAT_EXACT}; larger ones (a sum of large amounts times a rate,
 * say) are computed with BigInt, so they stay exact too.
 */

/** Largest money amount (in fen) an input may carry: 90 million yuan. */
export const MAX_MONEY_FEN = 9_000_000_000;

/**
 * Largest |numerator| and |denominator| {@link divRound} takes as floats: 2^51, so that
 * `2·|n| + d` stays below 2^53 and every step of the division is exact.
 */
export const FLOAT_EXACT = 2 ** 51;

/** Decimal places kept of a rate when it multiplies money (6 → 0.000001 precision). */
export const RATE_SCALE = 1_000_000;

/** Decimal places a decimal literal or input may have: those of {@link RATE_SCALE}. */
export const RATE_PLACES = 6;

/**
 * Whether a JSON number has at most {@link RATE_PLACES} decimal places, exactly (the number
 * nearest such a decimal), so {@link scaleRate} keeps all of it.
 * @example hasRatePlaces(0.123456) // true
 * @example hasRatePlaces(0.1234567) // false
 */
export function hasRatePlaces(x: number): boolean {
  return Math.round(x * RATE_SCALE) / RATE_SCALE === x;
}

/**
 * Most decimal places a computed decimal is rounded to (see {@link roundToPlaces}): a product of
 * two decimals of {@link RATE_PLACES} places. Past it, a value is left as it is.
 */
export const MAX_EXACT_PLACES = 12;

/**
 * The fewest decimal places that write `x` exactly (its shortest round-trip form), or Infinity
 * past 15 (`0.1 + 0.2`, `1 / 3`).
 * @example placesOfNumber(0.25) // 2
 * @example placesOfNumber(0.1 + 0.2) // Infinity
 */
export function placesOfNumber(x: number): number {
  if (!Number.isFinite(x)) return Infinity;
  const m = /^-?\d+(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (!m) return Infinity;
  const places = Math.max(0, (m[1]?.length ?? 0) - Number(m[2] ?? 0));
  return places > 15 ? Infinity : places;
}

/** Past it in size, `x · 10^places` is too coarse to round `x` by: {@link roundToPlaces} leaves `x`. */
export const EXACT_SCALED = 2 ** 50;

/**
 * A sum, difference or product of decimals with at most `places` places, rounded to them: the
 * number nearest its exact value, without binary floating-point noise (`0.1 + 0.2` is 0.3, as
 * the literal 0.3 is). Exact while the operands and the result, × 10^places, stay below 2^50
 * (the scaled value's own rounding error and its operands' then stay below half a unit); past
 * that, `x` as it is (rounding would move it off the nearest double: 5041485857.907845 to …846).
 * Written as ⌊x · 10^p + 0.5⌋ / 10^p, the operations the JSON Logic export performs, so both
 * give the very same number.
 * @example roundToPlaces(0.1 + 0.2, 1) // 0.3
 */
export function roundToPlaces(x: number, places: number): number {
  const scale = 10 ** places;
  const scaled = x * scale;
  return scaled < EXACT_SCALED && scaled > -EXACT_SCALED ? Math.floor(scaled + 0.5) / scale : x;
}

/**
 * Parses a decimal yuan amount written as text ("6433.18") into fen without float error.
 * Returns undefined for more than two decimals (trailing zeros aside: "6433.180" is 643318).
 * @example yuanTextToFen('6433.18') // 643318
 */
export function yuanTextToFen(text: string): number | undefined {
  const m = /^(-?)(\d+)(?:\.(\d{1,2})0*)?$/.exec(text);
  if (!m) return undefined;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

/**
 * A JSON yuan number to fen, or undefined unless it is exactly an amount with at most two
 * decimals: `fen / 100` is correctly rounded, so it equals `yuan` only when `yuan` is the
 * number nearest such an amount. No tolerance: `0.1 + 0.2` (0.30000000000000004) and
 * 6433.1800001 are refused, not rounded. -0 gives 0; NaN and ±Infinity give undefined.
 * @example yuanToFen(6433.18) // 643318
 * @example yuanToFen(0.1 + 0.2) // undefined
 */
export function yuanToFen(yuan: number): number | undefined {
  const fen = Math.round(yuan * 100);
  return fen / 100 === yuan && Number.isFinite(fen) ? fen + 0 : undefined;
}

/** Fen to a JSON yuan number; exact as a decimal because the division is correctly rounded. */
export function fenToYuan(fen: number): number {
  return fen / 100;
}

/** `n / d` rounded half away from zero, for integers with |n| < 2^53. */
export function divRoundHalfUp(n: number, d: number): number {
  if (d < 0) return divRoundHalfUp(-n, -d);
  const q = Math.floor((2 * Math.abs(n) + d) / (2 * d));
  return n < 0 ? 0 - q : q; // 0 - q, not -q: never produce -0
}

/** A decimal as an integer numerator over {@link RATE_SCALE}. */
export function scaleRate(r: number): number {
  return Math.round(r * RATE_SCALE);
}

export type RoundMode = 'floor' | 'ceil' | 'half_up';

/** `n / d` for integers (d ≠ 0), rounded by `mode` (half-up means half away from zero). */
export function divRound(n: number, d: number, mode: RoundMode): number {
  if (d < 0) return divRound(-n, -d, mode);
  if (mode === 'half_up') return divRoundHalfUp(n, d);
  const q = Math.floor(n / d);
  return (mode === 'floor' || q * d === n ? q : q + 1) + 0;
}

/**
 * `a × b / d` for integers (d ≠ 0), rounded by `mode`, exactly: a float multiply and
 * {@link divRound} while both stay within {@link FLOAT_EXACT}, else {@link mulDivRoundBig}.
 * @example mulDivRound(36_000_000_000, 1_500_001, 1_000_000, 'half_up') // 54000036000 (fen)
 */
export function mulDivRound(a: number, b: number, d: number, mode: RoundMode): number {
  const n = a * b;
  return n <= FLOAT_EXACT && n >= -FLOAT_EXACT && d <= FLOAT_EXACT && d >= -FLOAT_EXACT ? divRound(n, d, mode) : mulDivRoundBig(a, b, d, mode);
}

/**
 * {@link mulDivRound} in BigInt, for products beyond {@link FLOAT_EXACT}; kept apart so the
 * float path stays small enough to inline. A zero or non-integer operand (a division by a zero
 * rate) takes the float path, as it always did.
 */
export function mulDivRoundBig(a: number, b: number, d: number, mode: RoundMode): number {
  if (!Number.isInteger(a) || !Number.isInteger(b) || !Number.isInteger(d) || d === 0) return divRound(a * b, d, mode);
  let n = BigInt(a) * BigInt(b);
  let m = BigInt(d);
  if (m < 0n) {
    n = -n;
    m = -m;
  }
  if (mode === 'half_up') {
    const q = (2n * (n < 0n ? -n : n) + m) / (2n * m);
    return Number(n < 0n ? -q : q);
  }
  let q = n / m; // toward zero
  if (q * m !== n) {
    if (mode === 'floor' && n < 0n) q -= 1n;
    else if (mode === 'ceil' && n > 0n) q += 1n;
  }
  return Number(q);
}

/** Money (fen) × decimal, rounded by `mode` to a multiple of `step` fen (default: half-up to the fen). */
export function mulMoney(fen: number, r: number, mode: RoundMode = 'half_up', step = 1): number {
  return mulDivRound(fen, scaleRate(r), RATE_SCALE * step, mode) * step;
}

/** Money (fen) ÷ decimal, rounded by `mode` to a multiple of `step` fen. */
export function divMoney(fen: number, r: number, mode: RoundMode = 'half_up', step = 1): number {
  return mulDivRound(fen, RATE_SCALE, scaleRate(r) * step, mode) * step;
}

/** Rounds `x` to a multiple of `step` (1 for integers; 100 fen to round money to the yuan). */
export function roundTo(x: number, mode: RoundMode, step: number): number {
  if (step === 1) return (mode === 'floor' ? Math.floor(x) : mode === 'ceil' ? Math.ceil(x) : x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5)) + 0;
  if (mode === 'half_up') return divRoundHalfUp(x, step) * step;
  const q = Math.floor(x / step);
  return (mode === 'floor' || q * step === x ? q : q + 1) * step + 0;
}

/**
 * Whether `list` has `n` equal-to-`v` items in a row. (Indexed loops here and in
 * {@link countOf}: ~30 % faster than `for…of` on assessment histories.)
 */
export function hasRun(list: readonly unknown[], v: unknown, n: number): boolean {
  if (n <= 0) return true;
  let run = 0;
  for (let i = 0; i < list.length; i++) {
    run = list[i] === v ? run + 1 : 0;
    if (run >= n) return true;
  }
  return false;
}

/** Counts items equal to `v` (added as 0 or 1, not branched on: which items match is as good as random). */
export function countOf(list: readonly unknown[], v: unknown): number {
  let c = 0;
  for (let i = 0; i < list.length; i++) c += +(list[i] === v);
  return c;
}

/**
 * The engine's canonical copy of a string (V8 internalises property keys), so later `===`
 * comparisons with other canonical strings — enum members, JSON keys, source literals — are
 * one pointer comparison instead of a character-by-character one. Other values pass through.
 * @example intern('fail') === 'fail' // true, and cheap to compare
 */
export function intern<T>(v: T): T {
  return typeof v === 'string' ? (Object.keys({ [v]: 0 })[0] as T) ?? v : v;
}

/** Dates {@link isIsoDate} found valid (requests and batches ask about a few dates again and again). */
const validDates = new Set<string>();
/** The one found valid last. */
let lastValidDate = '1970-01-01';

/**
 * Whether `s` is a real calendar date written `YYYY-MM-DD` (so `2025-02-30` is not).
 * @example isIsoDate('2024-02-29') // true
 */
export function isIsoDate(s: string): boolean {
  if (s === lastValidDate) return true;
  if (validDates.has(s)) return (lastValidDate = s), true;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  const ok = !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  if (ok) {
    if (validDates.size > 4096) validDates.clear();
    validDates.add(s);
    lastValidDate = s;
  }
  return ok;
}

/**
 * A date written `YYYY-MM-DD` as the number YYYYMMDD, which orders dates as their text does
 * (numbers compare in one instruction; texts, character by character).
 * @example isoDateNumber('2025-01-01') // 20250101
 */
export function isoDateNumber(s: string): number {
  const d = (k: number) => s.charCodeAt(k) - 48;
  return (((d(0) * 10 + d(1)) * 10 + d(2)) * 10 + d(3)) * 10000 + (d(5) * 10 + d(6)) * 100 + d(8) * 10 + d(9);
}

/** China Standard Time: UTC+8 all year (no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/**
 * Today's date in China (UTC+8), `YYYY-MM-DD`: the default evaluation date. Every rule set is a
 * Chinese jurisdiction's, and a payroll run at 06:00 in Beijing on 1 January is in the new year,
 * though it is still 31 December in UTC.
 * @example chinaDate(Date.parse('2026-12-31T22:00:00Z')) // '2027-01-01'
 */
export function chinaDate(now: number = Date.now()): string {
  return new Date(now + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}
