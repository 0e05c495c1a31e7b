/**
 * @module bench/http-client
 * The client of the many-record HTTP figures, in a process of its own as a payroll or HR
 * system's would be: it holds nothing but the request body (read from a file, as bytes), sends
 * it once untimed (the warm-up, whose answer it writes to a file for `bench/http.ts` to check
 * every result), then times `runs` more sends, each from sending to the parsed answer: a JSON
 * answer read and parsed whole, an NDJSON answer parsed line by line as it arrives (no line
 * kept: the count and the last line are checked). It reads the server's CPU time around each
 * run from `/proc` and prints one JSON line of figures. Run with `--expose-gc`: it collects its
 * garbage before each run.
 *
 * `node --expose-gc bench/http-client.ts '{"url", "type", "bodyPath", "answerPath", "serverPid", "runs", "records"}'`
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpuSecondsOf } from './proc.ts';

interface Job {
  readonly url: string;
  /** The request's content type; `application/x-ndjson` answers are read line by line. */
  readonly type: string;
  readonly bodyPath: string;
  /** Where the warm-up's answer goes, as received. */
  readonly answerPath: string;
  readonly serverPid: number;
  readonly runs: number;
  /** Records sent: an NDJSON answer has this many lines and two more (head, `{count, failed}`). */
  readonly records: number;
}

/** One timed run: seconds to the parsed answer, to the headers, and the server's CPU seconds. */
export interface ClientRun {
  readonly seconds: number;
  readonly headersSeconds: number;
  readonly serverCpuSeconds: number;
}

export interface ClientFigures {
  readonly responseBytes: number;
  readonly warmupSeconds: number;
  readonly runs: ClientRun[];
}

const job = JSON.parse(process.argv[2]!) as Job;
const body = readFileSync(job.bodyPath);
const ndjson = job.type === 'application/x-ndjson';
const collectGarbage: () => void = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** An NDJSON answer parsed line by line as it arrives: its line count and last line (and all of its text when kept). */
async function readLines(res: Response, keep: boolean): Promise<{ bytes: number; count: number; last: unknown; text: string }> {
  const decoder = new TextDecoder();
  let rest = '';
  let bytes = 0;
  let count = 0;
  let last: unknown;
  let text = '';
  for await (const chunk of res.body!) {
    bytes += chunk.byteLength;
    const decoded = decoder.decode(chunk, { stream: true });
    if (keep) text += decoded;
    const parts = (rest + decoded).split('\n');
    rest = parts.pop()!;
    for (const line of parts) {
      last = JSON.parse(line);
      count++;
    }
  }
  return { bytes, count, last, text };
}

const runs: ClientRun[] = [];
let responseBytes = 0;
let warmupSeconds = 0;
for (let run = 0; run <= job.runs; run++) {
  collectGarbage();
  const cpu0 = cpuSecondsOf(job.serverPid);
  const t0 = performance.now();
  const res = await fetch(job.url, { method: 'POST', headers: { 'content-type': job.type }, body });
  const headersSeconds = (performance.now() - t0) / 1000;
  if (!res.ok) throw new Error(`${job.url} failed: ${res.status} ${(await res.text()).slice(0, 300)}`);
  const warmup = run === 0;
  let text = '';
  if (ndjson) {
    const got = await readLines(res, warmup);
    const end = got.last as { count?: number; failed?: number } | undefined;
    if (got.count !== job.records + 2 || end?.count !== job.records) throw new Error(`${job.url}: ${got.count} lines, the last ${JSON.stringify(got.last)}`);
    responseBytes = got.bytes;
    text = got.text;
  } else {
    text = await res.text();
    JSON.parse(text);
    responseBytes = Buffer.byteLength(text);
  }
  const seconds = (performance.now() - t0) / 1000;
  if (warmup) {
    warmupSeconds = seconds;
    writeFileSync(job.answerPath, text);
  } else runs.push({ seconds, headersSeconds, serverCpuSeconds: cpuSecondsOf(job.serverPid) - cpu0 });
}
console.log(JSON.stringify({ responseBytes, warmupSeconds, runs } satisfies ClientFigures));
