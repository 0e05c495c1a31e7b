/**
 * How error messages quote a client's values and names (src/preview.ts): short JSON as it is,
 * anything longer cut to 40 characters with `…`, however large or deeply nested.
 */
import { describe, expect, it } from 'vitest';
import { clip, preview } from '../src/preview.ts';

describe('preview', () => {
  it('shows short values as their JSON', () => {
    for (const x of [1.5, -3, true, null, 'expert', [1, [2, 'a']], { a: 1, b: [true] }, [], {}]) expect(preview(x)).toBe(JSON.stringify(x));
    expect(preview(undefined)).toBe('undefined');
    expect(preview(new Date('2025-01-02T00:00:00Z'))).toBe('"2025-01-02T00:00:00.000Z"');
  });

  it('cuts long values to 40 characters, ending in …', () => {
    expect(preview('x'.repeat(1_000_000))).toBe(`"${'x'.repeat(38)}…`);
    expect(preview(Array.from({ length: 100_000 }, (_, i) => i))).toBe(`${JSON.stringify(Array.from({ length: 20 }, (_, i) => i)).slice(0, 39)}…`);
    expect(preview(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i])))).toMatch(/^\{"k0":0,"k1":1,.{20,}…$/);
    for (const x of ['x'.repeat(41), Array(30).fill(1), { long: 'y'.repeat(50) }]) expect(preview(x)).toHaveLength(40);
  });

  it('reads only what it shows of a list nested 100,000 deep (Node 24\'s JSON.stringify overflows the stack on it)', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    // Not asserted: V8 14's JSON.stringify (Node 26) no longer recurses, so whether it throws depends on the engine.
    expect(preview(deep)).toBe(`${'['.repeat(39)}…`);
  });

  it('never cuts a character in half', () => {
    expect(preview('社'.repeat(50))).toBe(`"${'社'.repeat(38)}…`);
    // 39 characters would end in the first half of the 19th emoji: it is left out whole.
    expect(preview(`a${'😀'.repeat(30)}`)).toBe(`"a${'😀'.repeat(18)}…`);
  });

  it('clips long names', () => {
    expect(clip('households')).toBe('households');
    expect(clip('k'.repeat(1000))).toBe(`${'k'.repeat(39)}…`);
  });
});
