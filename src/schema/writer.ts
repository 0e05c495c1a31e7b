/**
 * @module schema/writer
 * Result objects built fast. A store `o[name] = v` whose `name` varies is a slow generic store
 * in V8; one store site per output position, each always seeing the same name for a given
 * plan, is as fast as a store to a literal property. So a result is a clone of a template
 * holding every output key (one object shape), filled by {@link fill}'s unrolled sites.
 */
import { HOT, siteOwner } from '../hot-sites.ts';
import { intern } from '../runtime.ts';

/** Positions with their own store site; the rest share one loop. */
const SITES = 32;

/** The store sites of {@link fill}: names stored by several builders would make them megamorphic. */
const claimFill = siteOwner();

/**
 * A builder of result objects with `names` as keys, in that order.
 * @example const build = recordBuilder(['a', 'b']); build([1, 2]) // { a: 1, b: 2 }
 */
export function recordBuilder(outputNames: readonly string[]): (values: readonly unknown[]) => Record<string, unknown> {
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
  const self = {};
  // Once this builder owns the sites it keeps them: `self` lives as long as the builder does.
  let mine = false;
  let calls = 0;
  return (values) => {
    // Two clone sites, so the owner's stays monomorphic too.
    if (mine) {
      const o = { ...template };
      fill(o, names, values, n);
      return o;
    }
    const o = { ...template };
    for (let i = 0; i < n; i++) o[names[i]!] = values[i];
    if (++calls % HOT === 0) mine = claimFill(self); // again every HOT calls: an owner may have gone
    return o;
  };
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
