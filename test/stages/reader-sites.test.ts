/**
 * The input reader that owns the unrolled load sites (the first to get hot: here, alone in its
 * file) reads the fields of an input with the usual keys (those of the first input giving every
 * field it accepted) by name, and counts the values given; anything else goes back to the
 * key-by-key reading. It must still accept exactly the valid inputs (valibot's verdict) and
 * refuse unknown keys however they hide: next to a field left out, as an inherited key, or with a
 * value written `undefined`. (A field cannot be named like a property every object inherits,
 * such as `valueOf`: the language reserves those names.)
 */
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { HOT } from '../../src/hot-sites.ts';
import { inputSchema } from '../../src/schema/index.ts';
import { inputReader } from '../../src/schema/reader.ts';
import { generateInputs } from '../generate.ts';
import { compileText } from '../helpers.ts';

const rs = compileText(`ruleset sites
enum grade { a b c }
input n: integer in 0..100
input flag: bool
input g: grade
input k: integer in 0..9
input xs: list of grade max_items 4
def d: integer cite "t" = if flag then n otherwise 0
def e: integer cite "t" = k + count(xs, a)
def f: bool cite "t" = g = b
output d, e, f`).ruleset!;

describe('the input reader that owns the load sites', () => {
  // Only `d` is asked for: n and flag are required, the others may be left out.
  const required = rs.requiredInputs(['d']);
  const read = inputReader(rs.inputs, required);
  const schema = inputSchema(rs.inputs, required);
  const slots: unknown[] = [];
  const valid = generateInputs(rs.inputs, 50, 3);
  // Inputs in another order than the usual one make the reader look for it only now and then:
  // valid inputs in the usual order first, so that each case meets the reader trying its sites.
  const agrees = (input: unknown, want: boolean) => {
    for (let i = 0; i < 70; i++) read(valid[i % valid.length], slots);
    expect(v.safeParse(schema, input).success, JSON.stringify(input)).toBe(want);
    expect(read(input, slots), JSON.stringify(input)).toBe(want);
  };

  it('gets hot on valid inputs, in one key order, and then reads them by name', () => {
    for (let i = 0; i < 2 * HOT; i++) {
      // Inputs leaving fields out first: the usual keys are those of an input giving every field.
      expect(read(i < 1.5 * HOT ? { n: i % 100, flag: true } : valid[i % valid.length], slots)).toBe(true);
      if (i < 1.5 * HOT) expect(read.bySites()).toBe(false);
    }
    expect(read.bySites()).toBe(true);
  });

  it('accepts valid inputs, with every field or only the required ones, and reads their values', () => {
    for (const input of valid) {
      agrees(input, true);
      expect(slots.slice(0, 5)).toEqual(rs.inputs.map((f) => input[f.name]));
      agrees({ n: input.n, flag: input.flag }, true);
      expect(slots.slice(0, 5)).toEqual([input.n, input.flag, undefined, undefined, undefined]);
    }
  });

  it('refuses unknown keys, also where a field left out would make the count of keys right', () => {
    const [input] = valid as [Record<string, unknown>];
    agrees({ ...input, nn: 1 }, false);
    const { g: _, ...withoutG } = input;
    agrees({ ...withoutG, gg: 'a' }, false);
    agrees({ n: 1, flag: true, x: 1 }, false);
  });

  it('takes a value written undefined as not given, and a required one as missing', () => {
    agrees({ n: 1, flag: true, g: undefined, xs: undefined }, true);
    expect(slots.slice(0, 5)).toEqual([1, true, undefined, undefined, undefined]);
    agrees({ n: undefined, flag: true }, false);
  });

  it('refuses an input that leaves out a required field, whatever else it gives', () => {
    // Keys in the usual order (n, flag, g, k, xs), the first of them only, or all with n undefined.
    agrees({ n: 1 }, false);
    agrees({ n: undefined, flag: true, g: 'a', k: 1, xs: [] }, false);
    agrees({ flag: true }, false);
    agrees({ flag: true, g: 'a', k: 1, xs: [] }, false);
  });

  it('refuses an inherited enumerable key (a polluted prototype) and objects that are not plain', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto['polluted'] = 1;
    try {
      expect(read({ n: 1, flag: true }, slots)).toBe(false);
      for (const input of valid) expect(read(input, slots)).toBe(false);
    } finally {
      delete proto['polluted'];
    }
    expect(read({ n: 1, flag: true }, slots)).toBe(true);
    expect(read(Object.assign(Object.create({ n: 1 }), { flag: true }), slots)).toBe(false);
    expect(read([1, true], slots)).toBe(false);
    expect(read(null, slots)).toBe(false);
  });

  it('still reads inputs in other key orders, and those in the usual order after them', () => {
    for (let round = 0; round < 3; round++) {
      for (const input of valid) {
        const reversed = Object.fromEntries(Object.entries(input).reverse());
        agrees(reversed, true);
        expect(slots.slice(0, 5)).toEqual(rs.inputs.map((f) => input[f.name]));
        agrees({ ...reversed, nn: 1 }, false);
      }
      for (const input of valid) {
        agrees(input, true);
        expect(slots.slice(0, 5)).toEqual(rs.inputs.map((f) => input[f.name]));
        agrees({ ...input, nn: 1 }, false);
      }
    }
  });
});
