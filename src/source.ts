/**
 * @module source
 * Source files and spans. A span is a half-open range of character offsets into one file;
 * line and column are derived on demand (1-based), so stages only carry offsets.
 */

/** A rule file's text with the name it is reported under. */
export interface SourceFile {
  readonly name: string;
  readonly text: string;
}

/** Half-open offset range `[start, end)` in `file`. */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** The span covering both `a` and `b` (same file). */
export function joinSpans(a: Span, b: Span): Span {
  return { file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/**
 * 1-based line and column of an offset; columns count UTF-16 code units, as editors do.
 * @example positionAt("a\nbc", 3) // { line: 2, column: 2 }
 */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** The full text of the 1-based line `line`, without its newline. */
export function lineText(text: string, line: number): string {
  return text.split(/\r?\n/)[line - 1] ?? '';
}

/** East Asian wide characters take two terminal columns. */
export function isWide(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) ||
    ch === '“' || ch === '”';
}

/** Width of text in terminal columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += isWide(ch) ? 2 : 1;
  return w;
}
