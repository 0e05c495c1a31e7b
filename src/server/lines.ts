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
  // The start of the line being read, or, once it passed the limit, nothing (it is dropped).
  let partial = '';
  let dropping = false;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      finished = done;
      const text = partial + (done ? decoder.decode() : decoder.decode(value, { stream: true }));
      const out: Line[] = [];
      let from = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
        out.push(dropping ? TOO_LONG : lineOf(text.slice(from, nl), maxChars));
        dropping = false;
        from = nl + 1;
      }
      partial = dropping ? '' : text.slice(from);
      // One more character than the limit may be the `\r` of a `\r\n` split across chunks.
      if (partial.length > maxChars + 1) {
        partial = '';
        dropping = true;
      }
      if (done) {
        if (dropping) out.push(TOO_LONG);
        else if (partial) out.push(lineOf(partial, maxChars));
        if (out.length) yield { lines: out, text };
        return;
      }
      if (out.length) yield { lines: out, text };
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
