/**
 * @module schema/chars
 * Text lengths in characters (Unicode code points), as people count them and as JSON Schema's
 * `maxLength` does: an emoji or a rare CJK character such as 𠀀 is one character, though
 * JavaScript's `length` counts it as two (a surrogate pair). Checking a limit reads no more of
 * a string than it must: one comparison for a string of at most that many UTF-16 units.
 */
import * as v from 'valibot';

/** Characters a text input may have. */
export const TEXT_MAX_CHARS = 10_000;

/**
 * Whether `s` has at most `max` characters.
 * @example withinChars('😀😀', 2) // true (its `length` is 4)
 */
export function withinChars(s: string, max: number): boolean {
  // A character is one or two UTF-16 units: only a string between max and 2·max units is counted.
  return s.length <= max || (s.length <= 2 * max && charCount(s) <= max);
}

/** The number of characters of `s` (a lone surrogate counts as one). */
export function charCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * valibot's `maxLength` for strings, counted in characters: a `max_length` action, so issues
 * and the JSON Schema conversion (`maxLength`, which counts characters too) treat it as one.
 * (valibot's `maxCodePoints` counts every string whole and has no JSON Schema form.)
 * @example v.parse(v.pipe(v.string(), maxChars(2)), '😀😀') // '😀😀'
 */
export function maxChars<const N extends number>(max: N, message?: string): v.MaxLengthAction<string, N, string | undefined> {
  return {
    ...v.maxLength<string, N, string | undefined>(max, message),
    '~run'(dataset, config) {
      if (dataset.typed && !withinChars(dataset.value, this.requirement)) v._addIssue(this, 'length', dataset, config, { received: `${charCount(dataset.value)}` });
      return dataset;
    },
  };
}
