/**
 * @module server/lines
 * The lines of a UTF-8 byte stream as they arrive (NDJSON: one JSON text per line), on any
 * runtime with web streams. A line ends at `\n` (a `\r` before it is dropped); the last line
 * needs no `\n` (a `\r` ending it is dropped too). Bytes that are not UTF-8 become U+FFFD,
 * which the JSON reader refuses. A line longer than the limit is not kept: it comes as
 * {@link TOO_LONG}, in its place.
 *
 * Lines are cut at `\n` bytes before decoding (a `\n` byte is never part of another character),
 * so the complete lines of each chunk are decoded at once into one flat string and given as
 * places in it: reading a row straight from that string is faster than from a slice of it.
 */

/** In place of a line longer than the limit (its text was dropped as it arrived). */
export const TOO_LONG: unique symbol = Symbol('line too long');

export type Line = string | typeof TOO_LONG;

/** The lines one chunk completed: line k is `text.slice(starts[k], ends[k])`, or {@link TOO_LONG} where `ends[k]` is -1. */
export interface Lines {
  /** The text of all these lines, as decoded. */
  readonly text: string;
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

/** Line `k` of a chunk's lines. */
export const lineAt = (b: Lines, k: number): Line => (b.ends[k]! < 0 ? TOO_LONG : b.text.slice(b.starts[k], b.ends[k]));

/** The lines of a chunk as strings (or {@link TOO_LONG}). */
export const linesOf = (b: Lines): Line[] => b.starts.map((_, k) => lineAt(b, k));

/**
 * Reads `body` and yields, per chunk received, the lines it completed (when it completed any).
 * @example for await (const batch of lines(req.body, 1 << 20)) for (const line of linesOf(batch)) …
 */
export async function* lines(body: ReadableStream<Uint8Array>, maxChars: number): AsyncGenerator<Lines> {
  const reader = body.getReader();
  // The BOM is kept here and skipped at the start of the body only, as a decoder of the whole body would.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  // UTF-8 takes at most 3 bytes per UTF-16 unit: a line (with its `\r`) of more bytes than this is too long.
  const maxBytes = 3 * (maxChars + 1);
  // The bytes of the line being read, in the pieces of it that came so far; none once it passed
  // the limit (it is dropped).
  let pieces: Uint8Array[] = [];
  let carried = 0;
  let dropping = false;
  let atStart = true;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      finished = done;
      const bytes = done ? new Uint8Array(0) : value;
      const starts: number[] = [];
      const ends: number[] = [];
      let from = 0;
      if (dropping) {
        const nl = bytes.indexOf(10);
        if (nl < 0 && !done) continue;
        starts.push(0);
        ends.push(-1);
        dropping = false;
        from = nl + 1;
      }
      // The end of the last line this chunk completes; at the end of the body the line being read ends too.
      const cut = done ? 0 : Math.max(from, bytes.lastIndexOf(10) + 1);
      let text = '';
      if (cut > from || (done && carried > 0)) {
        text = decoder.decode(carried > 0 ? joined(pieces, carried, bytes.subarray(from, cut)) : bytes.subarray(from, cut));
        pieces = [];
        carried = 0;
        split(text, atStart && text.charCodeAt(0) === 0xfeff ? 1 : 0, done, maxChars, starts, ends);
        atStart = false;
      }
      if (cut < bytes.length) {
        // The start of the next line: kept (copied: the runtime may reuse the chunk's memory).
        const rest = bytes.slice(cut);
        pieces.push(rest);
        carried += rest.byteLength;
        // A byte order mark at the start of the body is not part of the first line.
        if (carried > maxBytes + (atStart ? 3 : 0)) {
          pieces = [];
          carried = 0;
          dropping = true;
          atStart = false;
        }
      }
      if (starts.length) yield { text, starts, ends };
      if (done) return;
    }
  } finally {
    // Stopped early (the answer was cancelled, or the first line refused): the rest is not wanted.
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** The pieces of a line, then `tail`, as one byte array. */
function joined(pieces: readonly Uint8Array[], carried: number, tail: Uint8Array): Uint8Array {
  const out = new Uint8Array(carried + tail.byteLength);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.byteLength;
  }
  out.set(tail, at);
  return out;
}

/**
 * Adds the places of the lines of `text` from `from` (each ending at `\n`, or at the end of
 * the body when `last`), without their `\r`; a line longer than `maxChars` is -1 in `ends`.
 */
function split(text: string, from: number, last: boolean, maxChars: number, starts: number[], ends: number[]): void {
  for (let nl = text.indexOf('\n', from); ; nl = text.indexOf('\n', from)) {
    if (nl < 0) {
      if (!last || from >= text.length) return;
      nl = text.length;
    }
    const end = text.charCodeAt(nl - 1) === 13 && nl > from ? nl - 1 : nl;
    starts.push(from);
    ends.push(end - from > maxChars ? -1 : end);
    from = nl + 1;
  }
}
