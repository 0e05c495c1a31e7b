/**
 * Text lengths in characters (code points): what `withinChars` and `maxChars` count, and that
 * the JSON Schema of a limit is `maxLength`, which counts characters as well.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { charCount, maxChars, withinChars } from '../../src/schema/chars.ts';

describe('text lengths', () => {
  it('count an emoji or a rare CJK character (a surrogate pair) as one character', () => {
    expect(charCount('社区😀𠀀')).toBe(4);
    expect(withinChars('社区😀𠀀', 4)).toBe(true);
    expect(withinChars('社区😀𠀀', 3)).toBe(false);
    expect(withinChars('😀'.repeat(1000), 1000)).toBe(true);
    expect(withinChars(`${'😀'.repeat(999)}ab`, 1000)).toBe(false);
    expect(withinChars(`a${'😀'.repeat(999)}`, 1000)).toBe(true);
  });

  it('count a lone surrogate (valid in JSON as `\\ud800`) as one character', () => {
    expect(charCount('\ud800\ud800\udc00\udc00')).toBe(3);
    expect(withinChars('\ud800\ud800\udc00\udc00', 3)).toBe(true);
    expect(withinChars('\ud800\ud800\udc00\udc00', 2)).toBe(false);
  });

  it('are checked by maxChars as a max_length issue, in JSON Schema as maxLength', () => {
    const s = v.pipe(v.string(), maxChars(3));
    expect(v.safeParse(s, '😀😀😀').success).toBe(true);
    const bad = v.safeParse(s, '😀😀😀a');
    expect(bad.issues?.map((i) => [i.type, i.requirement, i.received])).toEqual([['max_length', 3, '4']]);
    expect(toJsonSchema(s, { target: 'draft-2020-12' })).toMatchObject({ type: 'string', maxLength: 3 });
  });
});
