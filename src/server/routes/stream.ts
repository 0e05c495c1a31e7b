/**
 * @module server/routes/stream
 * A stream of records (NDJSON, one JSON text per line), answered line by line as it arrives:
 * the first line says what follows (`{columns?, outputs?, as_of?, version?}`), every later
 * line is a record — a row of values in the order of `columns`, or an input object — and the
 * answer is a head line, one line per record in order, and `{count, failed}` at the end. Any
 * number of records: the server holds one chunk of the request at a time, and reads on while
 * the answer is read (see {@link STREAM_MAX_UNREAD}).
 */
import type { Locale } from '../../diagnostics.ts';
import { M, type Message } from '../../messages.ts';
import type { FieldError } from '../../ruleset.ts';
import type { RecordStream } from '../../service/batch.ts';
import type { RulesService } from '../../service/rules.ts';
import { needsJsonChecks, parseJson, validateRequest } from '../http.ts';
import { lineAt, lines, TOO_LONG, type Line, type Lines } from '../lines.ts';
import { jsonReasonZh } from '../problems.ts';
import { raise, route, type Route } from '../route.ts';
import { StreamHead, StreamHeader } from '../schemas.ts';
import { unwrap } from './util.ts';

/** Longest line read, in characters (a full record of the largest seed takes under 2,000). */
export const STREAM_MAX_LINE = 1024 * 1024;

/**
 * Bytes of answer a client has not read yet that the server holds before it stops reading the
 * request: a client that reads as it sends never gets there; one that sends everything before
 * reading can send about this much answer's worth of records (with a Node client, 200,000 full
 * rows of `jilin-example` went through and 300,000 stalled; 30,000 input objects, not 60,000;
 * the README advises 150,000 rows, leaving room for socket buffers of other sizes).
 */
export const STREAM_MAX_UNREAD = 16 * 1024 * 1024;

const MEDIA_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines'];

export function streamRoutes(service: RulesService): Route[] {
  return [
    route(
      {
        method: 'post', path: '/v1/rulesets/:id/evaluate/stream', operationId: 'evaluateStream', tag: 'evaluation', access: 'public',
        rawBody: {
          mediaTypes: MEDIA_TYPES,
          description: `NDJSON (also accepted as ${MEDIA_TYPES.slice(1).map((t) => `\`${t}\``).join(', ')}): a first line \`{columns?, outputs?, as_of?, version?}\`, then one record per line — with \`columns\`, a JSON array of input values in that order (\`null\` for a value not given); without, an input object. Blank lines (nothing, or only spaces and tabs) are skipped; lines end with \`\\n\` (or \`\\r\\n\`) and may be up to ${STREAM_MAX_LINE} characters. Any number of lines.`,
        },
        summary: 'Evaluate a stream of records (NDJSON)',
        description: `Answers each record as it arrives, in order, so a client can send millions of records in one request and read the answers while it sends (memory then stays constant on both sides). The answer is NDJSON: a head line (the line schema below), then one line per record — with \`columns\`, its output values in the order of the head's \`outputs\`, or \`{errors}\`; without, \`{ok: true, outputs}\` or \`{ok: false, errors}\` — and last \`{count, failed}\` (a stream cut short has no such line). A line that is not a JSON text is answered by its errors in its place (\`E-LINE-JSON\`, \`E-LINE-LENGTH\`, \`E-LINE-UTF8\`, \`E-LINE-KEY\` for a forbidden key). Mistakes in the first line fail the call. The server holds up to ${STREAM_MAX_UNREAD} bytes of answer the client has not read; past that it waits for the client to read before it reads more.`,
        response: { status: 200, schema: StreamHead, description: 'NDJSON: this head line, one line per record, then `{count, failed}`', localised: true, mediaType: 'application/x-ndjson' },
        problems: ['invalid-input', 'invalid-json', 'forbidden-key', 'unsupported-media-type', 'ruleset-not-found', 'version-not-found', 'not-published', 'stored-ruleset-invalid'],
      },
      async ({ c, params, locale, stream }) => {
        const input = lines(c.req.raw.body ?? new Blob([]).stream(), STREAM_MAX_LINE);
        try {
          const { header, rest } = await headerOf(input);
          const h = headerValue(header, locale);
          const r = unwrap(await service.evaluateStream(params['id']!, { ...(h.columns ? { columns: h.columns } : {}), ...(h.outputs ? { outputs: h.outputs } : {}), ...(h.as_of ? { asOf: h.as_of } : {}), ...(h.version ? { version: h.version } : {}) }, locale));
          return stream(answers(r, input, rest, locale));
        } catch (e) {
          await input.return(undefined);
          throw e;
        }
      },
    ),
  ];
}

const NO_LINES: Lines = { text: '', starts: [], ends: [] };

/** A line of nothing but JSON's whitespace (spaces and tabs; line ends are gone): skipped. Other spaces, such as U+00A0, are not JSON. */
const blank = (line: string) => line.length === 0 || /^[ \t]*$/.test(line);

/** The first line that is not blank (undefined for an empty stream), and the lines read after it. */
async function headerOf(input: AsyncGenerator<Lines>): Promise<{ header: Line | undefined; rest: Lines }> {
  for (;;) {
    const next = await input.next();
    if (next.done) return { header: undefined, rest: NO_LINES };
    const b = next.value;
    for (let k = 0; k < b.starts.length; k++) {
      const line = lineAt(b, k);
      if (line === TOO_LONG || !blank(line)) return { header: line, rest: { text: b.text, starts: b.starts.slice(k + 1), ends: b.ends.slice(k + 1) } };
    }
  }
}

/** The first line as a valid header, or the call's problem. */
function headerValue(header: Line | undefined, locale: Locale) {
  const refuse = (msg: Message): never => raise({ ok: false, problem: 'invalid-request', params: { fields: '(header)' }, errors: [fieldError('(header)', msg, locale)] });
  if (header === undefined) return refuse(M.streamNoHeader());
  if (header === TOO_LONG) return refuse(M.lineTooLong(STREAM_MAX_LINE));
  const parsed = parseJson(header);
  if (!parsed.ok) raise(parsed.problem === 'invalid-json' ? { ...parsed, params: { ...parsed.params, line: 'header' } } : parsed);
  if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) refuse(M.streamNoHeader());
  const valid = validateRequest(StreamHeader, parsed.value, locale, 'body');
  if (!valid.ok) raise(valid);
  return valid.value;
}

const fieldError = (field: string, msg: Message, locale: Locale): FieldError => ({ field, code: msg.code, message: msg.message[locale] });

/**
 * A record line as a value, or why it is not one. `checked`: its text needs no checks beyond
 * `JSON.parse` (see {@link needsJsonChecks}).
 */
function recordOf(line: Line, checked: boolean, locale: Locale): { ok: true; value: unknown } | { ok: false; errors: FieldError[] } {
  if (line === TOO_LONG) return { ok: false, errors: [fieldError('(line)', M.lineTooLong(STREAM_MAX_LINE), locale)] };
  if (checked) {
    try {
      return { ok: true, value: JSON.parse(line) };
    } catch {
      // parseJson words the problem
    }
  }
  const parsed = parseJson(line);
  if (parsed.ok) return parsed;
  const p = parsed.params ?? {};
  const reason = String(p['reason']);
  const msg = parsed.problem === 'forbidden-key' ? M.lineForbiddenKey(String(p['key'])) : p['encoding'] ? M.lineNotUtf8() : M.lineNotJson(reason, jsonReasonZh(reason));
  return { ok: false, errors: [fieldError('(line)', msg, locale)] };
}

/** The answer lines to the records among `batch`'s lines (none for blank lines). */
function answered(r: RecordStream, batch: Lines, locale: Locale): string {
  let text = '';
  // Looked for once per chunk, and only when a line has to be parsed (rows read from their text need no such checks).
  let checked: boolean | undefined;
  const { text: chunk, starts, ends } = batch;
  // Most lines are records read straight from the chunk's text, all computed together; the others are parsed first.
  const together = r.answerTextMany(chunk, starts, ends);
  for (let k = 0; k < starts.length; k++) {
    const fast = together[k];
    if (fast !== undefined) {
      text += `${JSON.stringify(fast)}\n`;
      continue;
    }
    const line = lineAt(batch, k);
    if (line !== TOO_LONG && blank(line)) continue;
    const record = recordOf(line, (checked ??= !needsJsonChecks(batch.text)), locale);
    text += `${JSON.stringify(record.ok ? r.answer(record.value) : r.unreadable(record.errors))}\n`;
  }
  return text;
}

/**
 * The answer: the head line, then per chunk of the request the answers to the records it
 * completed, then `{count, failed}`. Read from the request while under {@link STREAM_MAX_UNREAD}
 * bytes of answer wait to be sent.
 */
function answers(r: RecordStream, input: AsyncGenerator<Lines>, first: Lines, locale: Locale): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let batch = first;
  const head = { ruleset: r.ruleset, version: r.version, as_of: r.asOf, ...(r.outputs ? { outputs: r.outputs } : {}) };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(`${JSON.stringify(head)}\n`));
      },
      async pull(controller) {
        // Reads until it has something to send: a pull that enqueues nothing is not called again
        // while the client waits, so a chunk of blank lines only must not end it.
        for (;;) {
          while (batch.starts.length === 0) {
            const next = await input.next();
            if (next.done) {
              controller.enqueue(encoder.encode(`${JSON.stringify({ count: r.count, failed: r.failed })}\n`));
              controller.close();
              return;
            }
            batch = next.value;
          }
          const text = answered(r, batch, locale);
          batch = NO_LINES;
          if (text) {
            controller.enqueue(encoder.encode(text));
            return;
          }
        }
      },
      async cancel() {
        await input.return(undefined);
      },
    },
    { highWaterMark: STREAM_MAX_UNREAD, size: (chunk) => chunk.byteLength },
  );
}
