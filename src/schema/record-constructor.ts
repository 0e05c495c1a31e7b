/**
 * @module schema/record-constructor
 * Result objects made by a constructor rather than by cloning a template. Cloning an object of
 * 22 keys costs about as much as making it and storing all 22 values (V8 copies it field by
 * field); an object made by a constructor is laid out for as many keys as V8 expects it to get,
 * and each store adds its key where it will stay. Its prototype is `Object.prototype`, so what it
 * makes is a plain object: the same keys in the same order, the same prototype, the same JSON.
 *
 * V8 expects as many keys as there are stores to `this` in the constructor's body (plus 8, and
 * trims what instances did not use after the first few). The stores are in a function of their
 * own, so the constructor is small enough for V8 to inline where results are made (its object
 * is then allocated in place, not through the generic construct stub); the body holds 24 stores
 * that never run, so that V8 expects 32 keys.
 *
 * Closures made from one function literal share what V8 learns at each site, so the sites
 * below are only fast for one user: the result builder that owns them (see `hot-sites.ts`).
 */

/** Makes a plain object whose keys are a builder's outputs, in order, each holding its register as it is. */
export type RecordConstructor = new (r: readonly unknown[]) => Record<string, unknown>;

/** Outputs with a store site of their own; the rest share one loop. */
const SITES = 32;
/** A register file no caller has: the constructor's sizing stores run for it only, which is never. */
const SIZE_ONLY: readonly unknown[] = [];

/**
 * Whether results with keys `k` can be made by a constructor: a store of `__proto__` to a new
 * object sets its prototype, so only a template's own key can hold an output of that name.
 */
export const constructible = (k: readonly string[]): boolean => !k.includes('__proto__');

/**
 * A constructor of objects with keys `k`, key `i` holding `r[g[i]]`. Its fields are made to hold
 * any value before it is returned (a field first given a number, then a fraction of a yuan, would
 * be kept as a boxed double, allocated with every object).
 * @example new (recordConstructor(['a', 'b'], [3, 5]))(regs) // { a: regs[3], b: regs[5] }
 */
export function recordConstructor(k: readonly string[], g: readonly number[]): RecordConstructor {
  if (!constructible(k)) throw new RangeError('recordConstructor: an output named __proto__');
  const n = k.length;
  const [k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12, k13, k14, k15] = k as string[];
  const [k16, k17, k18, k19, k20, k21, k22, k23, k24, k25, k26, k27, k28, k29, k30, k31] = k.slice(16) as string[];
  const [g0, g1, g2, g3, g4, g5, g6, g7, g8, g9, g10, g11, g12, g13, g14, g15] = g as number[];
  const [g16, g17, g18, g19, g20, g21, g22, g23, g24, g25, g26, g27, g28, g29, g30, g31] = g.slice(16) as number[];
  const store = (o: Record<string, unknown>, r: readonly unknown[]): void => {
    if (n > 0) o[k0!] = r[g0!]; else return;
    if (n > 1) o[k1!] = r[g1!]; else return;
    if (n > 2) o[k2!] = r[g2!]; else return;
    if (n > 3) o[k3!] = r[g3!]; else return;
    if (n > 4) o[k4!] = r[g4!]; else return;
    if (n > 5) o[k5!] = r[g5!]; else return;
    if (n > 6) o[k6!] = r[g6!]; else return;
    if (n > 7) o[k7!] = r[g7!]; else return;
    if (n > 8) o[k8!] = r[g8!]; else return;
    if (n > 9) o[k9!] = r[g9!]; else return;
    if (n > 10) o[k10!] = r[g10!]; else return;
    if (n > 11) o[k11!] = r[g11!]; else return;
    if (n > 12) o[k12!] = r[g12!]; else return;
    if (n > 13) o[k13!] = r[g13!]; else return;
    if (n > 14) o[k14!] = r[g14!]; else return;
    if (n > 15) o[k15!] = r[g15!]; else return;
    if (n > 16) o[k16!] = r[g16!]; else return;
    if (n > 17) o[k17!] = r[g17!]; else return;
    if (n > 18) o[k18!] = r[g18!]; else return;
    if (n > 19) o[k19!] = r[g19!]; else return;
    if (n > 20) o[k20!] = r[g20!]; else return;
    if (n > 21) o[k21!] = r[g21!]; else return;
    if (n > 22) o[k22!] = r[g22!]; else return;
    if (n > 23) o[k23!] = r[g23!]; else return;
    if (n > 24) o[k24!] = r[g24!]; else return;
    if (n > 25) o[k25!] = r[g25!]; else return;
    if (n > 26) o[k26!] = r[g26!]; else return;
    if (n > 27) o[k27!] = r[g27!]; else return;
    if (n > 28) o[k28!] = r[g28!]; else return;
    if (n > 29) o[k29!] = r[g29!]; else return;
    if (n > 30) o[k30!] = r[g30!]; else return;
    if (n > 31) o[k31!] = r[g31!]; else return;
    for (let i = SITES; i < n; i++) o[k[i]!] = r[g[i]!];
  };
  const Made = function (this: Record<string, unknown>, r: readonly unknown[]): void {
    // Never runs (see the module's comment): V8 counts these stores when it sizes the instances.
    if (r === SIZE_ONLY) {
      this.s0 = this.s1 = this.s2 = this.s3 = this.s4 = this.s5 = this.s6 = this.s7 = 0;
      this.s8 = this.s9 = this.s10 = this.s11 = this.s12 = this.s13 = this.s14 = this.s15 = 0;
      this.s16 = this.s17 = this.s18 = this.s19 = this.s20 = this.s21 = this.s22 = this.s23 = 0;
    }
    store(this, r);
  } as unknown as RecordConstructor;
  Made.prototype = Object.prototype;
  // One object of nulls, then a number in every field: V8 then keeps each field as a tagged pointer.
  const nulls = new Array<unknown>(Math.max(0, ...g) + 1).fill(null);
  const first = new Made(nulls);
  for (let i = 0; i < n; i++) first[k[i]!] = 0;
  return Made;
}
