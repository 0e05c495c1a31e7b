/**
 * An output named `__proto__` (the rule language reserves the name; the writer does not rely on
 * that): in a file of its own, so that its builder is the first to get hot and owns the sites.
 */
import { describe, expect, it } from 'vitest';
import { recordConstructor } from '../../src/schema/record-constructor.ts';
import { recordBuilder } from '../../src/schema/writer.ts';

describe('recordBuilder', () => {
  it('keeps an output named __proto__ as a key of its own once it owns the sites (a constructor would set the prototype instead)', () => {
    expect(() => recordConstructor(['a', '__proto__'], [0, 1])).toThrow(RangeError);
    const build = recordBuilder(['a', '__proto__', 'b']);
    for (let call = 0; call < 2500; call++) {
      const r = build.fromRegisters([call, { polluted: call }, null]);
      if (call % 499 === 0 || call > 2490) {
        expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
        expect(Object.keys(r)).toEqual(['a', '__proto__', 'b']);
        expect(JSON.parse(JSON.stringify(r))).toEqual(JSON.parse(`{"a": ${call}, "__proto__": {"polluted": ${call}}, "b": null}`));
      }
    }
    // It owns the sites (and kept them past a second HOT of calls), yet made no constructor.
    expect(build.bySites()).toBe(true);
  });
});
