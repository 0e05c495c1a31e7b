/**
 * Result objects from the record builder are plain objects with exactly the output keys in
 * order, whether a builder uses the unrolled store sites (the first hot builder) or the shared
 * loop (every other builder), and past the 32 sites.
 */
import { describe, expect, it } from 'vitest';
import { intern } from '../../src/runtime.ts';
import { recordConstructor } from '../../src/schema/record-constructor.ts';
import { AS_IS, CONVERTED, FEN_TO_YUAN, FROM_BIT, recordBuilder, storeYuan } from '../../src/schema/writer.ts';

const names = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const expected = (keys: readonly string[], values: readonly unknown[]) => Object.fromEntries(keys.map((k, i) => [k, values[i]]));

describe('recordBuilder', () => {
  it('makes and stores every output from the registers, as it is or in yuan, for any number of outputs (32 sites or blocks of 16, 8, 4, 2 and 1, then the loop)', () => {
    for (let n = 0; n <= 40; n++) {
      const keys = names(n, `n${n}_`);
      // Output i is in register 3i + 2 (the others are never read).
      const regs = Array.from({ length: 3 * n + 3 }, (_, g) => (g % 3 === 2 ? 100 * g + 1 : 'unused'));
      const at = keys.map((_, i) => 3 * i + 2);
      const make = recordConstructor(keys, at);
      for (const round of [0, 1]) {
        // The second object's fields hold other kinds of values (the first's were numbers).
        const values = round === 0 ? regs : regs.map((v, g) => (g % 3 === 2 ? [v] : v));
        const made = new make(values);
        expect(made).toStrictEqual(expected(keys, at.map((g) => values[g])));
        expect(Object.keys(made)).toEqual(keys);
        expect(Object.getPrototypeOf(made)).toBe(Object.prototype);
        expect(JSON.stringify(made)).toBe(JSON.stringify(expected(keys, at.map((g) => values[g]))));
      }
      const yuan: Record<string, unknown> = {};
      storeYuan(yuan, keys, regs, at, n);
      expect(yuan).toEqual(expected(keys, at.map((g) => (100 * g + 1) / 100)));
    }
  });
  it('builds the same plain objects before and after a builder gets hot, for two builders at once, from values or registers', () => {
    const a = names(40, 'a_');
    const b = names(5, 'b_');
    // Output i of `a` is in register 2i+1, converted by kind: as it is, fen → yuan, or by its converter.
    const kinds = a.map((_, i) => [AS_IS, FEN_TO_YUAN, CONVERTED][i % 3]!);
    const source = { regs: a.map((_, i) => 2 * i + 1), kinds, convert: a.map(() => (v: unknown) => (v as number[]).map((x) => x * 10)) };
    const build = [recordBuilder(a, source), recordBuilder(b)] as const;
    for (let call = 0; call < 2500; call++) {
      const va = a.map((_, i) => (i % 3 === 0 ? call + i : i % 3 === 1 ? (call + i) / 100 : [call, i]));
      const vb = b.map((_, i) => (call + i) % 2 === 0);
      const regs = Array.from({ length: 90 }, (_, g) => (g % 2 === 0 ? 'unused' : ((g - 1) / 2) % 3 === 2 ? [call, g] : call * 100 + g));
      const ra = build[0](va);
      const fromRegs = build[0].fromRegisters(regs);
      const rb = build[1](vb);
      const rbFromRegs = build[1].fromRegisters(vb);
      if (call % 499 === 0 || call > 2490) {
        expect(ra).toEqual(expected(a, va));
        expect(Object.keys(ra)).toEqual(a);
        expect(Object.getPrototypeOf(ra)).toBe(Object.prototype);
        expect(rb).toEqual(expected(b, vb));
        const want = a.map((_, i) => {
          const v = regs[2 * i + 1] as number & number[];
          return kinds[i] === AS_IS ? v : kinds[i] === FEN_TO_YUAN ? v / 100 : v.map((x) => x * 10);
        });
        expect(fromRegs).toStrictEqual(expected(a, want));
        expect(Object.keys(fromRegs)).toEqual(a);
        expect(Object.getPrototypeOf(fromRegs)).toBe(Object.prototype);
        expect(rbFromRegs).toEqual(expected(b, vb));
      }
    }
    // The first builder to get hot made its results by its constructor; the other by the template.
    expect([build[0].bySites(), build[1].bySites()]).toEqual([true, false]);
  });

  it('builds the results of a group an output at a time, the same before and after a builder owns the column sites, past the 32 sites, for the lanes asked only', () => {
    const a = names(40, 'c_');
    const b = names(3, 'd_');
    const build = [recordBuilder(a), recordBuilder(b)] as const;
    const width = 16;
    // Lanes 3 and 10 are not asked for (they failed, say): nothing is built for them.
    const sel = Int32Array.from({ length: width }, (_, i) => i).filter((i) => i !== 3 && i !== 10);
    // Output j: numbers as they are, numbers in fen, 0/1 as booleans, or lists as they are.
    const how = (keys: readonly string[]) => Uint8Array.from(keys, (_, j) => [AS_IS, FEN_TO_YUAN, FROM_BIT, AS_IS][j % 4]!);
    const column = (group: number, j: number) =>
      j % 4 === 0 || j % 4 === 1 ? Float64Array.from({ length: width }, (_, i) => group * 1000 + j * 10 + i + 0.5)
      : j % 4 === 2 ? Uint8Array.from({ length: width }, (_, i) => (group + i + j) % 2)
      : Array.from({ length: width }, (_, i) => [group, j, i]);
    const json = (x: any, t: number) => (t === FROM_BIT ? x === 1 : t === FEN_TO_YUAN ? x / 100 : x);
    for (let group = 0; group < 60; group++) {
      const ca = a.map((_, j) => column(group, j));
      const cb = b.map((_, j) => column(group, j));
      const into = [new Array<Record<string, unknown>>(width), new Array<Record<string, unknown>>(width)];
      build[0].fromColumns(ca, how(a), sel, sel.length, into[0]!);
      build[1].fromColumns(cb, how(b), sel, sel.length, into[1]!);
      for (const [k, keys, cols] of [[0, a, ca], [1, b, cb]] as const) {
        expect(into[k]![3]).toBeUndefined();
        const h = how(keys);
        for (const i of sel) {
          expect(into[k]![i]).toEqual(expected(keys, cols.map((c, j) => json(c[i], h[j]!))));
          expect(Object.keys(into[k]![i]!)).toEqual(keys);
        }
      }
    }
  });

  it('gives each call its own object', () => {
    const build = recordBuilder(['x']);
    const first = build([1]);
    build([2]);
    expect(first).toEqual({ x: 1 });
  });
});

describe('intern', () => {
  it('returns an equal string and leaves other values alone', () => {
    const s = ['f', 'a', 'i', 'l'].join('');
    expect(intern(s)).toBe('fail');
    expect(intern('123')).toBe('123');
    expect(intern(42)).toBe(42);
    expect(intern(null)).toBe(null);
  });
});
