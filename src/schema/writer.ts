/**
 * @module schema/writer
 * Result objects built fast. A store `o[name] = v` whose `name` varies is a slow generic store
 * in V8; one store site per output position, each always seeing the same name for a given
 * plan, is as fast as a store to a literal property. So a result is a clone of a template
 * holding every output key (one object shape), filled by unrolled sites from an array of JSON
 * values ({@link fill}); or, straight from the evaluator's registers, made by a constructor
 * with a store per output (`record-constructor.ts`: cheaper than a clone), the money then
 * stored over in yuan ({@link storeYuan}) and the rest converted.
 */
import { HOT, siteOwner } from '../hot-sites.ts';
import { intern } from '../runtime.ts';
import { constructible, recordConstructor, type RecordConstructor } from './record-constructor.ts';

/** Positions with their own store site in {@link fill} and {@link fillRow}; the rest share one loop ({@link storeYuan} has blocks of sites instead). */
const SITES = 32;

/** The store sites of {@link fill}: names stored by several builders would make them megamorphic. */
const claimFill = siteOwner();
/** The store sites of {@link fillRow}. */
const claimColumns = siteOwner();

/** How a value becomes JSON on its way into a result: as it is, fen → yuan, or by its converter. */
export const AS_IS = 0;
export const FEN_TO_YUAN = 1;
export const CONVERTED = 2;

/** Where each output of a result is in the evaluator's registers, and how it becomes JSON. */
export interface RegisterSource {
  readonly regs: readonly number[];
  readonly kinds: readonly number[];
  /** The converter of each CONVERTED output (anything for the others). */
  readonly convert: readonly ((v: unknown) => unknown)[];
}

/** Builds result objects from JSON values, or straight from the registers they were computed in. */
export interface RecordBuilder {
  (values: readonly unknown[]): Record<string, unknown>;
  /** The result read from registers `r` as `source` says (no intermediate array of values). */
  fromRegisters(r: readonly unknown[]): Record<string, unknown>;
  /**
   * The results of many evaluations, built an output at a time: `into[i]` for each lane `i`
   * of `sel[0..m)`, output `j`'s value being `values[j][i]` made JSON by `how[j]`.
   */
  fromColumns(values: readonly ArrayLike<unknown>[], how: ColumnJson, sel: Int32Array, m: number, into: Record<string, unknown>[]): void;
  /** Whether this builder owns the sites (its results from registers are then made by its constructor, unless an output is named `__proto__`); for tests. */
  readonly bySites: () => boolean;
}

/** How each column's values become JSON: as they are ({@link AS_IS}), 0/1 → false/true ({@link FROM_BIT}), or fen → yuan ({@link FEN_TO_YUAN}). */
export type ColumnJson = Uint8Array;
export const FROM_BIT = 3;

/** A value of a column as JSON, by `t` ({@link ColumnJson}). */
export const columnJson = (x: any, t: number): unknown => (t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x);

/** Output i in register i, as it is. */
const registersInOrder = (n: number): RegisterSource => ({ regs: Array.from({ length: n }, (_, i) => i), kinds: new Array<number>(n).fill(AS_IS), convert: [] });

/**
 * A builder of result objects with `names` as keys, in that order.
 * `source` says where `fromRegisters` finds each value (default: register i, as it is).
 * @example const build = recordBuilder(['a', 'b']); build([1, 2]) // { a: 1, b: 2 }
 */
export function recordBuilder(outputNames: readonly string[], source: RegisterSource = registersInOrder(outputNames.length)): RecordBuilder {
  // Interned keys: a store with a key that is not the engine's canonical string first looks
  // the string up in the string table, on every store.
  const names = outputNames.map(intern);
  // Parsed from JSON: V8 then lays out every key inside the object (one allocation per clone).
  // Not built by `template[n] = …` in a loop: past a dozen keys that makes a slow
  // dictionary-mode object.
  const template: Record<string, unknown> = JSON.parse(JSON.stringify(Object.fromEntries(names.map((n) => [n, null]))));
  // A number, then an object, in every field: V8 then keeps each field as a tagged pointer. A
  // field it had specialised to doubles would box a fresh number on every store and clone.
  for (const k of names) template[k] = 0;
  for (const k of names) template[k] = null;
  const n = names.length;
  const { regs, kinds, convert } = source;
  const self = {};
  // Once this builder owns the sites it keeps them: `self` lives as long as the builder does.
  let mine = false;
  let calls = 0;
  const claimed = () => {
    if (++calls % HOT === 0) mine = claimFill(self); // again every HOT calls: an owner may have gone
  };
  const build = (values: readonly unknown[]) => {
    // Two clone sites, so the owner's stays monomorphic too.
    if (mine) {
      const o = { ...template };
      fill(o, names, values, n);
      return o;
    }
    const o = { ...template };
    for (let i = 0; i < n; i++) o[names[i]!] = values[i];
    claimed();
    return o;
  };
  let ownsColumns = false;
  let groups = 0;
  build.fromColumns = (values: readonly ArrayLike<unknown>[], how: ColumnJson, sel: Int32Array, m: number, into: Record<string, unknown>[]) => {
    // A result at a time (its object stays in the cache while it is filled), from every column.
    if (ownsColumns) {
      for (let q = 0; q < m; q++) {
        const i = sel[q]!;
        const o = { ...template };
        fillRow(o, names, values, how, i, n);
        into[i] = o;
      }
      return;
    }
    for (let q = 0; q < m; q++) {
      const i = sel[q]!;
      const o = { ...template };
      for (let j = 0; j < n; j++) o[names[j]!] = columnJson(values[j]![i], how[j]!);
      into[i] = o;
    }
    if (++groups % (HOT >> 6) === 0) ownsColumns = claimColumns(self);
  };
  // The outputs by how they become JSON: stored as they are, in yuan, or converted.
  const byKind = (kind: number) => names.flatMap((_, i) => (kinds[i] === kind ? [i] : []));
  const yuan = byKind(FEN_TO_YUAN);
  const converted = names.flatMap((_, i) => (kinds[i] !== AS_IS && kinds[i] !== FEN_TO_YUAN ? [i] : []));
  const kY = yuan.map((i) => names[i]!);
  const gY = yuan.map((i) => regs[i]!);
  // Made once this builder owns the sites: the constructor's sites are shared by every builder's.
  let make: RecordConstructor | undefined;
  const constructs = constructible(names);
  build.fromRegisters = (r: readonly unknown[]) => {
    if (mine && constructs) {
      // Every output as it is, in order, then the yuan and the converted ones over them.
      const o = new (make ??= recordConstructor(names, regs))(r);
      storeYuan(o, kY, r, gY, kY.length);
      for (let q = 0; q < converted.length; q++) {
        const i = converted[q]!;
        o[names[i]!] = convert[i]!(r[regs[i]!]);
      }
      return o;
    }
    const o = { ...template };
    for (let i = 0; i < n; i++) {
      const v = r[regs[i]!];
      const t = kinds[i];
      o[names[i]!] = t === AS_IS ? v : t === FEN_TO_YUAN ? (v as number) / 100 : convert[i]!(v);
    }
    if (!mine) claimed();
    return o;
  };
  build.bySites = () => mine;
  return build;
}

function fill(o: Record<string, unknown>, k: readonly string[], v: readonly unknown[], n: number): void {
  if (n > 0) o[k[0]!] = v[0];
  if (n > 1) o[k[1]!] = v[1];
  if (n > 2) o[k[2]!] = v[2];
  if (n > 3) o[k[3]!] = v[3];
  if (n > 4) o[k[4]!] = v[4];
  if (n > 5) o[k[5]!] = v[5];
  if (n > 6) o[k[6]!] = v[6];
  if (n > 7) o[k[7]!] = v[7];
  if (n > 8) o[k[8]!] = v[8];
  if (n > 9) o[k[9]!] = v[9];
  if (n > 10) o[k[10]!] = v[10];
  if (n > 11) o[k[11]!] = v[11];
  if (n > 12) o[k[12]!] = v[12];
  if (n > 13) o[k[13]!] = v[13];
  if (n > 14) o[k[14]!] = v[14];
  if (n > 15) o[k[15]!] = v[15];
  if (n > 16) o[k[16]!] = v[16];
  if (n > 17) o[k[17]!] = v[17];
  if (n > 18) o[k[18]!] = v[18];
  if (n > 19) o[k[19]!] = v[19];
  if (n > 20) o[k[20]!] = v[20];
  if (n > 21) o[k[21]!] = v[21];
  if (n > 22) o[k[22]!] = v[22];
  if (n > 23) o[k[23]!] = v[23];
  if (n > 24) o[k[24]!] = v[24];
  if (n > 25) o[k[25]!] = v[25];
  if (n > 26) o[k[26]!] = v[26];
  if (n > 27) o[k[27]!] = v[27];
  if (n > 28) o[k[28]!] = v[28];
  if (n > 29) o[k[29]!] = v[29];
  if (n > 30) o[k[30]!] = v[30];
  if (n > 31) o[k[31]!] = v[31];
  for (let i = SITES; i < n; i++) o[k[i]!] = v[i];
}

/** {@link fill} of lane `i` of columns `v`, each value made JSON by `h[j]` at its own site. */
function fillRow(o: Record<string, unknown>, k: readonly string[], v: readonly ArrayLike<unknown>[], h: ColumnJson, i: number, n: number): void {
  if (n > 0) { const x: any = v[0]![i]; const t = h[0]; o[k[0]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 1) { const x: any = v[1]![i]; const t = h[1]; o[k[1]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 2) { const x: any = v[2]![i]; const t = h[2]; o[k[2]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 3) { const x: any = v[3]![i]; const t = h[3]; o[k[3]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 4) { const x: any = v[4]![i]; const t = h[4]; o[k[4]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 5) { const x: any = v[5]![i]; const t = h[5]; o[k[5]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 6) { const x: any = v[6]![i]; const t = h[6]; o[k[6]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 7) { const x: any = v[7]![i]; const t = h[7]; o[k[7]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 8) { const x: any = v[8]![i]; const t = h[8]; o[k[8]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 9) { const x: any = v[9]![i]; const t = h[9]; o[k[9]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 10) { const x: any = v[10]![i]; const t = h[10]; o[k[10]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 11) { const x: any = v[11]![i]; const t = h[11]; o[k[11]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 12) { const x: any = v[12]![i]; const t = h[12]; o[k[12]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 13) { const x: any = v[13]![i]; const t = h[13]; o[k[13]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 14) { const x: any = v[14]![i]; const t = h[14]; o[k[14]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 15) { const x: any = v[15]![i]; const t = h[15]; o[k[15]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 16) { const x: any = v[16]![i]; const t = h[16]; o[k[16]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 17) { const x: any = v[17]![i]; const t = h[17]; o[k[17]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 18) { const x: any = v[18]![i]; const t = h[18]; o[k[18]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 19) { const x: any = v[19]![i]; const t = h[19]; o[k[19]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 20) { const x: any = v[20]![i]; const t = h[20]; o[k[20]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 21) { const x: any = v[21]![i]; const t = h[21]; o[k[21]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 22) { const x: any = v[22]![i]; const t = h[22]; o[k[22]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 23) { const x: any = v[23]![i]; const t = h[23]; o[k[23]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 24) { const x: any = v[24]![i]; const t = h[24]; o[k[24]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 25) { const x: any = v[25]![i]; const t = h[25]; o[k[25]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 26) { const x: any = v[26]![i]; const t = h[26]; o[k[26]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 27) { const x: any = v[27]![i]; const t = h[27]; o[k[27]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 28) { const x: any = v[28]![i]; const t = h[28]; o[k[28]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 29) { const x: any = v[29]![i]; const t = h[29]; o[k[29]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 30) { const x: any = v[30]![i]; const t = h[30]; o[k[30]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  if (n > 31) { const x: any = v[31]![i]; const t = h[31]; o[k[31]!] = t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x; } else return;
  for (let j = SITES; j < n; j++) o[k[j]!] = columnJson(v[j]![i], h[j]!);
}

/**
 * Stores `r[g[i]]` fen as `o[k[i]]` in yuan for `i < n`, at sites in blocks of 16, 8, 4, 2 and 1,
 * none behind a test of its position (all 22 outputs stored into a clone that way were ~30 ns
 * faster than through 32 sites, each behind `if (n > i)` and a test of its output's kind).
 * (Written out by hand: generating them would take `new Function`, which Workers forbid.)
 */
export function storeYuan(o: Record<string, unknown>, k: readonly string[], r: readonly unknown[], g: readonly number[], n: number): void {
  let b = 0;
  if (n - b >= 16) (storeYuan16(o, k, r, g, b), (b += 16));
  if (n - b >= 8) (storeYuan8(o, k, r, g, b), (b += 8));
  if (n - b >= 4) (storeYuan4(o, k, r, g, b), (b += 4));
  if (n - b >= 2) (storeYuan2(o, k, r, g, b), (b += 2));
  if (n - b >= 1) (storeYuan1(o, k, r, g, b), (b += 1));
  for (; b < n; b++) o[k[b]!] = (r[g[b]!] as number) / 100;
}

function storeYuan16(o: Record<string, unknown>, k: readonly string[], r: readonly unknown[], g: readonly number[], b: number): void {
  o[k[b]!] = (r[g[b]!] as number) / 100;
  o[k[b + 1]!] = (r[g[b + 1]!] as number) / 100;
  o[k[b + 2]!] = (r[g[b + 2]!] as number) / 100;
  o[k[b + 3]!] = (r[g[b + 3]!] as number) / 100;
  o[k[b + 4]!] = (r[g[b + 4]!] as number) / 100;
  o[k[b + 5]!] = (r[g[b + 5]!] as number) / 100;
  o[k[b + 6]!] = (r[g[b + 6]!] as number) / 100;
  o[k[b + 7]!] = (r[g[b + 7]!] as number) / 100;
  o[k[b + 8]!] = (r[g[b + 8]!] as number) / 100;
  o[k[b + 9]!] = (r[g[b + 9]!] as number) / 100;
  o[k[b + 10]!] = (r[g[b + 10]!] as number) / 100;
  o[k[b + 11]!] = (r[g[b + 11]!] as number) / 100;
  o[k[b + 12]!] = (r[g[b + 12]!] as number) / 100;
  o[k[b + 13]!] = (r[g[b + 13]!] as number) / 100;
  o[k[b + 14]!] = (r[g[b + 14]!] as number) / 100;
  o[k[b + 15]!] = (r[g[b + 15]!] as number) / 100;
}

function storeYuan8(o: Record<string, unknown>, k: readonly string[], r: readonly unknown[], g: readonly number[], b: number): void {
  o[k[b]!] = (r[g[b]!] as number) / 100;
  o[k[b + 1]!] = (r[g[b + 1]!] as number) / 100;
  o[k[b + 2]!] = (r[g[b + 2]!] as number) / 100;
  o[k[b + 3]!] = (r[g[b + 3]!] as number) / 100;
  o[k[b + 4]!] = (r[g[b + 4]!] as number) / 100;
  o[k[b + 5]!] = (r[g[b + 5]!] as number) / 100;
  o[k[b + 6]!] = (r[g[b + 6]!] as number) / 100;
  o[k[b + 7]!] = (r[g[b + 7]!] as number) / 100;
}

function storeYuan4(o: Record<string, unknown>, k: readonly string[], r: readonly unknown[], g: readonly number[], b: number): void {
  o[k[b]!] = (r[g[b]!] as number) / 100;
  o[k[b + 1]!] = (r[g[b + 1]!] as number) / 100;
  o[k[b + 2]!] = (r[g[b + 2]!] as number) / 100;
  o[k[b + 3]!] = (r[g[b + 3]!] as number) / 100;
}

function storeYuan2(o: Record<string, unknown>, k: readonly string[], r: readonly unknown[], g: readonly number[], b: number): void {
  o[k[b]!] = (r[g[b]!] as number) / 100;
  o[k[b + 1]!] = (r[g[b + 1]!] as number) / 100;
}

function storeYuan1(o: Record<string, unknown>, k: readonly string[], r: readonly unknown[], g: readonly number[], b: number): void {
  o[k[b]!] = (r[g[b]!] as number) / 100;
}
