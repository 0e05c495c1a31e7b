/**
 * @module server/lines
 * The lines of a UTF-8 byte stream as they arrive (NDJSON: one JSON text per line), on any
 * runtime with web streams. A line ends at `\n` (a `\r` before it is dropped); the last line
 * needs no `\n`. Bytes that are not UTF-8 become U+FFFD, which the JSON reader refuses. A line
 * longer than the limit is not kept: it comes as {@link TOO_LONG}, in its place.
 */

/** In place of a line longer than the limit (its text was dropped as it arrived). */
export const TOO_LONG: unique symbol = Symbol('line too long');

export type Line = string | typeof TOO_LONG;

/** The lines one chunk completed, and text holding all of them (to look for something in them at once). */
export interface Lines {
  readonly lines: Line[];
  readonly text: string;
}

/**
 * Reads `body` and yields, per chunk received, the lines it completed (when it completed any).
 * @example for await (const { lines: batch } of lines(req.body, 1 << 20)) for (const line of batch) …
 */
export async function* lines(body: ReadableStream<Uint8Array>, maxChars: number): AsyncGenerator<Lines> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  // The line being read, in the pieces of it that came so far (joined once, when it ends: a
  // long line sent in small chunks and joined as they came would be copied once per chunk),
  // and its length; nothing once it passed the limit (it is dropped).
  let pieces: string[] = [];
  let length = 0;
  let dropping = false;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      finished = done;
      const chunk = done ? decoder.decode() : decoder.decode(value, { stream: true });
      // At the end, the line being read ends too (it needs no `\n`).
      let text = done && (length > 0 || dropping || chunk !== '') ? `${chunk}\n` : chunk;
      if (length > 0 && text.includes('\n')) {
        // The first line this chunk ends started before it: the text of its lines starts there.
        text = pieces.join('') + text;
        pieces = [];
        length = 0;
      }
      const out: Line[] = [];
      let from = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
        out.push(dropping ? TOO_LONG : lineOf(text.slice(from, nl), maxChars));
        dropping = false;
        from = nl + 1;
      }
      if (!dropping && from < text.length) {
        pieces.push(text.slice(from));
        length += text.length - from;
        // One more character than the limit may be the `\r` of a `\r\n` split across chunks.
        if (length > maxChars + 1) {
          pieces = [];
          length = 0;
          dropping = true;
        }
      }
      if (out.length) yield { lines: out, text };
      if (done) return;
    }
  } finally {
    // Stopped early (the answer was cancelled, or the first line refused): the rest is not wanted.
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** A complete line without its `\r`, or {@link TOO_LONG}. */
function lineOf(text: string, maxChars: number): Line {
  const line = text.endsWith('\r') ? text.slice(0, -1) : text;
  return line.length > maxChars ? TOO_LONG : line;
}
