/**
 * Streams of records (`/evaluate/stream`, NDJSON): a header line, then one record per line,
 * answered line by line — the same answers as `/table` (rows) and `/batch` (objects); lines
 * that are not JSON answered in place; mistakes of the header failing the call. Over a real
 * socket, the answer to the first records arrives while the client is still sending, and a
 * stream may hold more records than a batch request may.
 */
import { serve, type ServerType } from '@hono/node-server';
import { request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, linesOf, TOO_LONG } from '../../src/server/lines.ts';
import { NODE_SERVER_OPTIONS } from '../../src/server/node-options.ts';
import { STREAM_MAX_LINE } from '../../src/server/routes/stream.ts';
import { expectProblem, JILIN_PERSON, startServer, type Reply, type TestServer } from './helpers.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const NDJSON = { 'content-type': 'application/x-ndjson' };
/** Posts `body` (text, or bytes) as NDJSON; the answer's lines parsed. */
async function stream(id: string, body: string | Uint8Array<ArrayBuffer>, query = '', headers: Record<string, string> = NDJSON): Promise<{ status: number; headers: Headers; lines: any[]; problem?: Reply }> {
  const res = await s.app.request(`/v1/rulesets/${id}/evaluate/stream${query}`, { method: 'POST', headers, body });
  const text = await res.text();
  if (res.status !== 200) return { status: res.status, headers: res.headers, lines: [], problem: { status: res.status, headers: res.headers, body: JSON.parse(text) } };
  expect(text.endsWith('\n')).toBe(true);
  return { status: res.status, headers: res.headers, lines: text.slice(0, -1).split('\n').map((l) => JSON.parse(l)) };
}
/** A request body that comes in these chunks (text, or bytes), one per read (as a socket delivers what the client wrote). */
const chunked = (parts: (string | number[])[]) => {
  let at = 0;
  const bytes = (p: string | number[]) => (typeof p === 'string' ? new TextEncoder().encode(p) : new Uint8Array(p));
  return new ReadableStream<Uint8Array>({ pull: (c) => (at < parts.length ? c.enqueue(bytes(parts[at++]!)) : c.close()) });
};
/** Posts a body that comes in `parts`; the answer's lines after the head. */
async function streamChunks(id: string, parts: (string | number[])[]): Promise<any[]> {
  const res = await s.app.request(`/v1/rulesets/${id}/evaluate/stream`, { method: 'POST', headers: NDJSON, body: chunked(parts), duplex: 'half' } as RequestInit);
  expect(res.status).toBe(200);
  return (await res.text()).trimEnd().split('\n').slice(1).map((l) => JSON.parse(l));
}
const ndjson = (...values: unknown[]) => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n') + '\n';

const COLUMNS = Object.keys(JILIN_PERSON);
const PEOPLE = [
  JILIN_PERSON,
  { ...JILIN_PERSON, post: 'head', years_of_service: 12, certificate: 'senior', assessments: ['fail', 'fail'] },
  { ...JILIN_PERSON, households: 8123, education: 'master', age: 41 },
  { ...JILIN_PERSON, households: -5 },
];

describe('streams of records', () => {
  it('answers rows as /table answers them, line by line, with a head and a tail', async () => {
    const rows = PEOPLE.map((p) => COLUMNS.map((c) => (p as Record<string, unknown>)[c]));
    const r = await stream('jilin-example', ndjson({ columns: COLUMNS, as_of: '2025-06-01' }, ...rows));
    expect(r.headers.get('content-type')).toBe('application/x-ndjson');
    const t = await s.call('POST', '/v1/rulesets/jilin-example/evaluate/table', { body: { columns: COLUMNS, rows, as_of: '2025-06-01' } });
    expect(r.lines[0]).toEqual({ ruleset: 'jilin-example', version: 1, as_of: '2025-06-01', outputs: t.body.outputs });
    expect(r.lines.slice(1, -1)).toEqual(t.body.rows);
    expect(r.lines.at(-1)).toEqual({ count: 4, failed: 1 });
    expect(r.lines[4]).toEqual({ errors: [expect.objectContaining({ field: 'households', code: 'E-INPUT-RANGE' })] });
  });

  it('answers input objects as /batch answers them when the header has no columns', async () => {
    const r = await stream('jilin-example', ndjson({ outputs: ['monthly_pay', 'exit_clauses'], as_of: '2024-06-01' }, ...PEOPLE));
    const b = await s.call('POST', '/v1/rulesets/jilin-example/evaluate/batch', { body: { inputs: PEOPLE, outputs: ['monthly_pay', 'exit_clauses'], as_of: '2024-06-01' } });
    expect(r.lines[0]).toEqual({ ruleset: 'jilin-example', version: 1, as_of: '2024-06-01' });
    expect(r.lines.slice(1, -1)).toEqual(b.body.results);
    expect(r.lines.at(-1)).toEqual({ count: 4, failed: 1 });
  });

  it('answers a line that is not JSON, too long or not UTF-8 in its place, and reads on', async () => {
    const long = `[${'1,'.repeat(STREAM_MAX_LINE / 2)}1]`;
    const body = ndjson({ columns: ['households'], outputs: ['posts_min'] }, [3500], 'not json', long, '{"__proto__": [1]}', '', '   ', '[4000]\r', '["\uFFFD"]', '[1');
    const r = await stream('jilin', body);
    expect(r.lines.slice(1)).toEqual([
      [11],
      { errors: [expect.objectContaining({ field: '(line)', code: 'E-LINE-JSON', message: expect.stringContaining('this line is not valid JSON: Unexpected token') })] },
      { errors: [expect.objectContaining({ field: '(line)', code: 'E-LINE-LENGTH', message: `this line is longer than ${STREAM_MAX_LINE} characters; it was not read` })] },
      { errors: [expect.objectContaining({ field: '(line)', code: 'E-LINE-KEY', message: 'the key `__proto__` is not allowed anywhere in a record' })] },
      [12],
      { errors: [expect.objectContaining({ field: '(line)', code: 'E-LINE-UTF8' })] },
      { errors: [expect.objectContaining({ field: '(line)', code: 'E-LINE-JSON' })] },
      { count: 7, failed: 5 },
    ]);
    // Bytes that are not UTF-8 (a lone 0xFF) are refused like a literal U+FFFD; the last line needs no newline.
    const bytes: Uint8Array<ArrayBuffer> = new Uint8Array([...new TextEncoder().encode('{"columns":["households"],"outputs":["posts_min"]}\n["'), 0xff, ...new TextEncoder().encode('"]\n[3000]')]);
    expect((await stream('jilin', bytes)).lines.slice(1)).toEqual([{ errors: [expect.objectContaining({ code: 'E-LINE-UTF8' })] }, [10], { count: 2, failed: 1 }]);
  });

  it('words the errors of records in the caller’s language, objects answered as batch records', async () => {
    const r = await stream('jilin', ndjson({ outputs: ['posts_min'] }, { households: 3500 }, 'x', { households: 'many' }), '?lang=zh');
    expect(r.headers.get('content-language')).toBe('zh');
    expect(r.lines.slice(1)).toEqual([
      { ok: true, outputs: { posts_min: 11 } },
      { ok: false, errors: [expect.objectContaining({ field: '(line)', code: 'E-LINE-JSON', message: expect.stringContaining('此行不是有效的 JSON：出现了不该出现的字符') })] },
      { ok: false, errors: [expect.objectContaining({ field: 'households', code: 'E-INPUT-TYPE' })] },
      { count: 3, failed: 2 },
    ]);
  });

  it('answers a stream with no records by its head and tail, skipping blank lines before the header', async () => {
    expect((await stream('jilin', `\n\r\n${JSON.stringify({ columns: ['households'], outputs: ['posts_min'] })}`)).lines).toEqual([{ ruleset: 'jilin', version: 1, as_of: expect.any(String), outputs: expect.any(Array) }, { count: 0, failed: 0 }]);
  });

  it('reads on past chunks that hold only blank lines (a client sending keep-alive newlines)', async () => {
    // Each chunk of newlines answers nothing; the answer must still go on to the records after them.
    const parts = [ndjson({ columns: ['households'], outputs: ['posts_min'] }, [3500]), '\n', '\r\n', '  \n', '[4000]\n'];
    expect(await streamChunks('jilin', parts)).toEqual([[11], [12], { count: 2, failed: 0 }]);
  });

  it('skips lines of spaces and tabs only, and answers a line of other spaces as not JSON, wherever they start', async () => {
    const r = await stream('jilin', ndjson({ columns: ['households'], outputs: ['posts_min'] }, ' \t ', '\u00a0', ' \u00a0', '\u3000', [3500]));
    expect(r.lines.slice(1).map((l) => l.errors?.[0]?.code ?? l)).toEqual(['E-LINE-JSON', 'E-LINE-JSON', 'E-LINE-JSON', [11], { count: 4, failed: 3 }]);
  });

  it('refuses a forbidden key, and bytes that are not UTF-8, split across chunks as in one piece', async () => {
    // Records are checked a chunk at a time: the start of a line carried over from the chunk before counts too.
    const parts = [ndjson({ outputs: ['posts_min'] }) + '{"households": 3500, "__pro', 'to__": {}}\n{"households": 3500, "\\', 'u0063onstructor": 1}\n{"households": 3500, "prototy', 'pe": 1}\n{"households": "', [0xe7, 0xa4], '"}\n{"households": 3500}\n{"households": "', [0xe7]];
    expect(await streamChunks('jilin', parts)).toEqual([
      { ok: false, errors: [expect.objectContaining({ field: '(line)', code: 'E-LINE-KEY', message: 'the key `__proto__` is not allowed anywhere in a record' })] },
      { ok: false, errors: [expect.objectContaining({ code: 'E-LINE-KEY', message: 'the key `constructor` is not allowed anywhere in a record' })] },
      { ok: false, errors: [expect.objectContaining({ code: 'E-LINE-KEY', message: 'the key `prototype` is not allowed anywhere in a record' })] },
      { ok: false, errors: [expect.objectContaining({ code: 'E-LINE-UTF8' })] },
      { ok: true, outputs: { posts_min: 11 } },
      { ok: false, errors: [expect.objectContaining({ code: 'E-LINE-UTF8' })] },
      { count: 6, failed: 5 },
    ]);
  });

  it('reads a body that starts with a UTF-8 byte order mark as JSON parsers do (a mark later on is not JSON)', async () => {
    const parts = [[0xef, 0xbb], [0xbf], ndjson({ columns: ['households'], outputs: ['posts_min'] }, [3500]), '\uFEFF[4000]\n'];
    expect(await streamChunks('jilin', parts)).toEqual([[11], { errors: [expect.objectContaining({ code: 'E-LINE-JSON' })] }, { count: 2, failed: 1 }]);
  });

  it('stops reading the request when the answer is cancelled (the client went away), mid-record too', async () => {
    for (const pending of ['', '[40']) {
      // An endless request: records as long as they are read, the last one unfinished.
      let cancelled = false;
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull: (c) => c.enqueue(new TextEncoder().encode(sent++ === 0 ? ndjson({ columns: ['households'], outputs: ['posts_min'] }) : `[3500]\n${pending}`)),
        cancel: () => void (cancelled = true),
      });
      const res = await s.app.request('/v1/rulesets/jilin/evaluate/stream', { method: 'POST', headers: NDJSON, body, duplex: 'half' } as RequestInit);
      const reader = res.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toContain('"ruleset":"jilin"');
      await reader.cancel('gone');
      expect(cancelled, pending).toBe(true);
    }
  });

  it('fails the call for a missing or bad header, bad columns, an unknown rule set and a body that is not NDJSON', async () => {
    const header = async (body: string, code: string, status = 400) => expectProblem((await stream('jilin', body)).problem!, status, code);
    expect((await header('', 'invalid-request')).errors).toEqual([expect.objectContaining({ field: '(header)', code: 'E-STREAM-HEADER' })]);
    expect((await header('[1]\n[2]\n', 'invalid-request')).errors).toEqual([expect.objectContaining({ field: '(header)', code: 'E-STREAM-HEADER' })]);
    expect((await header(`"${'x'.repeat(STREAM_MAX_LINE)}"\n`, 'invalid-request')).errors).toEqual([expect.objectContaining({ field: '(header)', code: 'E-LINE-LENGTH' })]);
    // Before: the whole-body wording, "the request body is not valid JSON", for a stream whose later lines were never read.
    expect((await header('{"columns": \n', 'invalid-json')).detail).toMatch(/^the stream's first line \(its header\) is not valid JSON: /);
    await header('{"__proto__": {}}\n', 'forbidden-key');
    expect((await header('{"colums": ["households"]}\n', 'invalid-request')).errors).toEqual([expect.objectContaining({ field: 'colums' })]);
    expect((await header('{"as_of": "2025-02-30"}\n', 'invalid-request')).errors).toEqual([expect.objectContaining({ field: 'as_of' })]);
    const columns = await header('{"columns": ["househods"], "outputs": ["posts_min"]}\n[1]\n', 'invalid-input');
    expect(columns.errors.map((e: { code: string }) => e.code)).toEqual(['E-COLUMN-UNKNOWN', 'E-COLUMN-MISSING']);
    expectProblem((await stream('nowhere', '{}\n')).problem!, 404, 'ruleset-not-found');
    expectProblem((await stream('jilin', '{"version": 9}\n')).problem!, 404, 'version-not-found');
    const json = expectProblem((await stream('jilin', '{}\n', '', { 'content-type': 'application/json' })).problem!, 415, 'unsupported-media-type');
    expect([json.title, json.detail]).toEqual(["This endpoint does not accept the request body's media type", 'send `Content-Type: application/x-ndjson`']);
    const latin1 = expectProblem((await stream('jilin', '{}\n', '', { 'content-type': 'application/x-ndjson; charset=latin1' })).problem!, 415, 'unsupported-media-type');
    expect(latin1.detail).toBe('`charset=latin1` is not supported: send the JSON in UTF-8 (`Content-Type: application/x-ndjson`)');
    expect((await stream('jilin', '{"columns": ["households"], "outputs": ["posts_min"]}\n[1]\n', '', { 'content-type': 'application/jsonl; charset=utf-8' })).lines.at(-1)).toEqual({ count: 1, failed: 0 });
  });
});

describe('the stream in the OpenAPI document', () => {
  it('lists every media type the route accepts, and the NDJSON answer', async () => {
    const op = (await s.call('GET', '/openapi.json')).body.paths['/v1/rulesets/{id}/evaluate/stream'].post;
    const accepted = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines'];
    for (const type of accepted) expect((await stream('jilin', '{}\n', '', { 'content-type': type })).lines.at(-1), type).toEqual({ count: 0, failed: 0 });
    expect(Object.keys(op.requestBody.content)).toEqual(accepted);
    expect(Object.keys(op.responses['200'].content)).toEqual(['application/x-ndjson']);
  });
});

describe('lines of a byte stream', () => {
  const bytesOf = (parts: (string | number[])[]) => parts.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : new Uint8Array(p)));
  const read = async (chunks: Uint8Array[], max = 100) => {
    const body = new ReadableStream<Uint8Array>({ start(c) { for (const x of chunks) c.enqueue(x); c.close(); } });
    const out: unknown[] = [];
    for await (const batch of lines(body, max)) {
      for (const line of linesOf(batch)) if (line !== TOO_LONG) expect(batch.text).toContain(line);
      out.push(...linesOf(batch));
    }
    return out;
  };

  it('joins lines and characters split across chunks, byte by byte', async () => {
    const text = '社区\r\n工作者\n\nlast';
    const oneByOne = [...new TextEncoder().encode(text)].map((b) => new Uint8Array([b]));
    expect(await read(oneByOne)).toEqual(['社区', '工作者', '', 'last']);
    expect(await read(bytesOf(['a\nb', 'c\n', 'd']))).toEqual(['a', 'bc', 'd']);
    expect(await read(bytesOf(['a\n']))).toEqual(['a']);
  });

  it('splits any body alike however its bytes come in chunks (5,000 bodies, split at random)', async () => {
    // A fixed sequence of pseudo-random numbers: the same bodies and splits on every run.
    let seed = 1;
    const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) >>> 8) % n;
    const pieces = ['a', 'b', '\n', '\r', '社', '\r\n', 'xxxxxxx'];
    for (let i = 0; i < 5000; i++) {
      const bytes = [...new TextEncoder().encode(Array.from({ length: random(30) }, () => pieces[random(pieces.length)]).join(''))];
      if (random(5) === 0) bytes.splice(random(bytes.length + 1), 0, 0xff);
      const chunks: number[][] = [];
      for (let at = 0; at < bytes.length; ) chunks.push(bytes.slice(at, (at += 1 + random(6))));
      const max = 1 + random(6);
      expect(await read(bytesOf(chunks), max), JSON.stringify({ chunks, max })).toEqual(await read(bytesOf([bytes]), max));
    }
  });

  it('skips a byte order mark at the start of the body only, however its bytes are split', async () => {
    // As a decoder of the whole body does: a BOM later on is a character of its line (and not JSON).
    expect(await read(bytesOf(['\uFEFF{"a":1}\n\uFEFF[1]\n']))).toEqual(['{"a":1}', '\uFEFF[1]']);
    expect(await read(bytesOf([[0xef], [0xbb, 0xbf], 'x\ny']))).toEqual(['x', 'y']);
    expect(await read(bytesOf([[0xef, 0xbb, 0xbf]]))).toEqual([]);
  });

  it('does not count a byte order mark against the first line\'s limit, in one chunk or many', async () => {
    const bom = [0xef, 0xbb, 0xbf];
    // 3 characters of 3 bytes each and a `\r`: the longest line allowed at 3 characters, after the BOM.
    expect(await read(bytesOf([bom, 'あああ\r', '\n[1]\n']), 3)).toEqual(['あああ', '[1]']);
    expect(await read(bytesOf([[...bom, ...new TextEncoder().encode('あああ\r')], '\n[1]\n']), 3)).toEqual(['あああ', '[1]']);
    expect(await read(bytesOf([[...bom, ...new TextEncoder().encode('ああああ')], '\n[1]\n']), 3)).toEqual([TOO_LONG, '[1]']);
  });

  it('drops a line past the limit as it arrives, and keeps the lines around it', async () => {
    expect(await read(bytesOf(['ok\n', 'x'.repeat(6), 'y'.repeat(6), 'z\nnext\n', 'w'.repeat(11)]), 10)).toEqual(['ok', TOO_LONG, 'next', TOO_LONG]);
    expect(await read(bytesOf(['x'.repeat(10), '\r\n'.repeat(1)]), 10)).toEqual(['x'.repeat(10)]);
  });

  it('reads a line of the longest length alike wherever the chunks split its `\\r\\n`', async () => {
    const line = 'x'.repeat(10);
    // The `\r` may end one chunk and the `\n` start the next: the line is still 10 characters.
    for (const parts of [[`${line}\r\n`], [line, '\r\n'], [`${line}\r`, '\n']]) expect(await read(bytesOf([...parts, 'next\n']), 10), JSON.stringify(parts)).toEqual([line, 'next']);
    // At the end of the body, too.
    expect(await read(bytesOf([`${line}\r`]), 10)).toEqual([line]);
  });
});

describe('a stream over a real socket', () => {
  let server: ServerType;
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      server = serve({ fetch: s.app.fetch, port: 0, hostname: '127.0.0.1', serverOptions: NODE_SERVER_OPTIONS }, (info) => {
        port = info.port;
        resolve();
      });
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** A POST whose body the caller writes; its answer's lines as they come. */
  const open = () => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/rulesets/jilin/evaluate/stream', headers: NDJSON });
    const got: string[] = [];
    let waiting: { n: number; resolve: () => void } | undefined;
    const done = new Promise<void>((resolve, reject) => {
      req.on('error', reject);
      req.on('response', (res) => {
        let rest = '';
        res.setEncoding('utf8');
        res.on('data', (text: string) => {
          const parts = (rest + text).split('\n');
          rest = parts.pop()!;
          got.push(...parts);
          if (waiting && got.length >= waiting.n) waiting.resolve();
        });
        res.on('end', () => resolve());
      });
    });
    const linesReceived = (n: number) => (got.length >= n ? Promise.resolve() : new Promise<void>((resolve) => (waiting = { n, resolve })));
    return { req, got, done, linesReceived };
  };

  it('runs on a server (as `npm start` does) that gives a request as long as the client takes to send it', () => {
    // Node's default cuts any request still arriving after 5 minutes (`requestTimeout`), a stream
    // of records being answered included; headers must still come within `headersTimeout`.
    expect((server as Server).requestTimeout).toBe(0);
    expect((server as Server).headersTimeout).toBe(60_000);
  });

  it('answers the first records while the client is still sending', async () => {
    const c = open();
    c.req.write(ndjson({ columns: ['households'], outputs: ['posts_min'] }, [3500]));
    // The request is not finished: the head and the first answer still arrive.
    await c.linesReceived(2);
    expect(c.got.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ ruleset: 'jilin', outputs: ['posts_min'] }), [11]]);
    c.req.end(ndjson([4000], [-1]));
    await c.done;
    expect(c.got.slice(2).map((l) => JSON.parse(l))).toEqual([[12], { errors: [expect.objectContaining({ code: 'E-INPUT-RANGE' })] }, { count: 3, failed: 1 }]);
  });

  it('goes on answering others after a client hangs up mid-stream, in the middle of a record', async () => {
    await new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/rulesets/jilin/evaluate/stream', headers: NDJSON });
      req.on('error', () => {});
      req.on('close', resolve);
      req.on('response', (res) => res.once('data', () => req.destroy()));
      req.write(ndjson({ columns: ['households'], outputs: ['posts_min'] }, [3500]) + '[40');
    });
    const after = open();
    after.req.end(ndjson({ columns: ['households'], outputs: ['posts_min'] }, [3500]));
    await after.done;
    expect(after.got.map((l) => JSON.parse(l)).slice(1)).toEqual([[11], { count: 1, failed: 0 }]);
  });

  it('takes more records than a batch request may hold (250,000), reading as it answers', async () => {
    const c = open();
    const n = 250_000;
    c.req.write(ndjson({ columns: ['households'], outputs: ['grids_min'] }));
    for (let at = 0; at < n; at += 10_000) {
      const part = Array.from({ length: 10_000 }, (_, i) => `[${at + i}]`).join('\n') + '\n';
      if (!c.req.write(part)) await new Promise((r) => c.req.once('drain', r));
    }
    c.req.end();
    await c.done;
    expect(c.got).toHaveLength(n + 2);
    expect(JSON.parse(c.got.at(-1)!)).toEqual({ count: n, failed: n - 100_001 });
    expect(c.got.slice(1, 1 + 100_001).every((l, i) => l === `[${Math.ceil(i / 500)}]`)).toBe(true);
  }, 60_000);
});
