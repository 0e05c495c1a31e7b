/**
 * @module schema/field-loads
 * An input object's values read by name, each at a site of its own: `slots[i] = o[k[i]]`.
 * For the reader that owns these sites (see `hot-sites.ts`), each site always loads one key of
 * objects of one shape, which V8 does as fast as a named property; a loop over the keys would
 * load every key at one site. The sites are written out by hand, in blocks of 16, 8, 4, 2 and 1
 * (22 fields: 16 + 4 + 2), none behind a test of its position (as the result builder's stores,
 * `writer.ts`): generating them would take `new Function`, which Workers forbid.
 */

/**
 * Puts `o[k[i]]` into `slots[i]` for `i < n`; the number of those values that are not undefined.
 * @example loadFields({ a: 1 }, ['a', 'b'], slots, 2) // 1; slots[0] = 1, slots[1] = undefined
 */
export function loadFields(o: Record<string, unknown>, k: readonly string[], slots: unknown[], n: number): number {
  let b = 0;
  let given = 0;
  if (n - b >= 16) (given += load16(o, k, slots, b)), (b += 16);
  if (n - b >= 8) (given += load8(o, k, slots, b)), (b += 8);
  if (n - b >= 4) (given += load4(o, k, slots, b)), (b += 4);
  if (n - b >= 2) (given += load2(o, k, slots, b)), (b += 2);
  if (n - b >= 1) (given += load1(o, k, slots, b)), (b += 1);
  for (; b < n; b++) given += +((slots[b] = o[k[b]!]) !== undefined);
  return given;
}

function load16(o: Record<string, unknown>, k: readonly string[], sl: unknown[], b: number): number {
  const v0 = (sl[b] = o[k[b]!]);
  const v1 = (sl[b + 1] = o[k[b + 1]!]);
  const v2 = (sl[b + 2] = o[k[b + 2]!]);
  const v3 = (sl[b + 3] = o[k[b + 3]!]);
  const v4 = (sl[b + 4] = o[k[b + 4]!]);
  const v5 = (sl[b + 5] = o[k[b + 5]!]);
  const v6 = (sl[b + 6] = o[k[b + 6]!]);
  const v7 = (sl[b + 7] = o[k[b + 7]!]);
  const v8 = (sl[b + 8] = o[k[b + 8]!]);
  const v9 = (sl[b + 9] = o[k[b + 9]!]);
  const v10 = (sl[b + 10] = o[k[b + 10]!]);
  const v11 = (sl[b + 11] = o[k[b + 11]!]);
  const v12 = (sl[b + 12] = o[k[b + 12]!]);
  const v13 = (sl[b + 13] = o[k[b + 13]!]);
  const v14 = (sl[b + 14] = o[k[b + 14]!]);
  const v15 = (sl[b + 15] = o[k[b + 15]!]);
  return +(v0 !== undefined) + +(v1 !== undefined) + +(v2 !== undefined) + +(v3 !== undefined) + +(v4 !== undefined) + +(v5 !== undefined) + +(v6 !== undefined) + +(v7 !== undefined) + +(v8 !== undefined) + +(v9 !== undefined) + +(v10 !== undefined) + +(v11 !== undefined) + +(v12 !== undefined) + +(v13 !== undefined) + +(v14 !== undefined) + +(v15 !== undefined);
}

function load8(o: Record<string, unknown>, k: readonly string[], sl: unknown[], b: number): number {
  const v0 = (sl[b] = o[k[b]!]);
  const v1 = (sl[b + 1] = o[k[b + 1]!]);
  const v2 = (sl[b + 2] = o[k[b + 2]!]);
  const v3 = (sl[b + 3] = o[k[b + 3]!]);
  const v4 = (sl[b + 4] = o[k[b + 4]!]);
  const v5 = (sl[b + 5] = o[k[b + 5]!]);
  const v6 = (sl[b + 6] = o[k[b + 6]!]);
  const v7 = (sl[b + 7] = o[k[b + 7]!]);
  return +(v0 !== undefined) + +(v1 !== undefined) + +(v2 !== undefined) + +(v3 !== undefined) + +(v4 !== undefined) + +(v5 !== undefined) + +(v6 !== undefined) + +(v7 !== undefined);
}

function load4(o: Record<string, unknown>, k: readonly string[], sl: unknown[], b: number): number {
  const v0 = (sl[b] = o[k[b]!]);
  const v1 = (sl[b + 1] = o[k[b + 1]!]);
  const v2 = (sl[b + 2] = o[k[b + 2]!]);
  const v3 = (sl[b + 3] = o[k[b + 3]!]);
  return +(v0 !== undefined) + +(v1 !== undefined) + +(v2 !== undefined) + +(v3 !== undefined);
}

function load2(o: Record<string, unknown>, k: readonly string[], sl: unknown[], b: number): number {
  const v0 = (sl[b] = o[k[b]!]);
  const v1 = (sl[b + 1] = o[k[b + 1]!]);
  return +(v0 !== undefined) + +(v1 !== undefined);
}

function load1(o: Record<string, unknown>, k: readonly string[], sl: unknown[], b: number): number {
  const v0 = (sl[b] = o[k[b]!]);
  return +(v0 !== undefined);
}
