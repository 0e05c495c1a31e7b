/**
 * @module bench/http
 * HTTP figures against the Node server (`bench/http-server.ts`: the `npm start` wiring plus a
 * bare Hono JSON echo route), on 127.0.0.1 only, with autocannon from this process and a
 * client process of its own for many-record requests (`bench/http-client.ts`):
 * - single evaluations of `jilin-example` (200 different inputs, cycled) against the echo route
 *   with the same bodies, alternating rounds: requests/s and p50/p99 latency, and their ratios;
 *   also with the published `version` in the body, which spares the service a store lookup;
 * - 100,000 records in one request, end to end (send, evaluate, receive, parse), as input
 *   objects (`/evaluate/batch`), as a table of rows (`/evaluate/table`) and as a stream of rows
 *   (`/evaluate/stream`, NDJSON, its answer read line by line as it arrives), with every result
 *   checked against the local closures, and the server's CPU time for each request.
 * The server's outputs are checked against the local closures before anything is timed.
 *
 * `node bench/http.ts [--json out.json]`; `BENCH_HTTP_SECONDS` (default 4) per round.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientFigures } from './http-client.ts';
import { cpuSecondsOf, runScript } from './proc.ts';
import { fmt, ms, printTable, summarize, writeJsonArg } from './stats.ts';
import { compileSeed, generateCases, sameJson, SEED } from './workload.ts';

export interface LoadFigures {
  /** Requests per second, one per round. */
  readonly rounds: number[];
  readonly requestsPerSecond: number;
  /** Latency percentiles in ms, from every response's own duration (median over the rounds). */
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  /** Server CPU (user and system) per request in µs, from /proc over each round (median over the rounds; NaN without /proc). */
  readonly serverCpuUs: number;
}

export interface HttpResult {
  readonly connections: number;
  readonly secondsPerRound: number;
  readonly echo: LoadFigures;
  /** The echo route after spinning {@link HttpResult.spinMicroseconds} of CPU per request. */
  readonly echoSpin: LoadFigures;
  readonly spinMicroseconds: number;
  readonly evaluate: LoadFigures;
  /** The same requests naming the published `version` (the service then skips looking up the latest). */
  readonly evaluatePinned: LoadFigures;
  readonly version: number;
  /** 100,000 input objects in one request. */
  readonly batch: BatchFigures;
  /** The same records as a table (column names once, rows of values). */
  readonly table: BatchFigures;
  /** The same rows as an NDJSON stream. */
  readonly stream: BatchFigures;
}

export interface BatchFigures {
  readonly records: number;
  readonly requestBytes: number;
  readonly responseBytes: number;
  readonly seconds: number[];
  readonly recordsPerSecond: number;
  readonly verified: boolean;
  /** Seconds until the response headers arrived (request sent, read and parsed by the server), per run. */
  readonly headersSeconds: number[];
  /** CPU seconds (user and system) the server spent on each run (NaN where /proc is not there). */
  readonly serverCpuSeconds: number[];
}

/**
 * One many-record request timed by a client process of its own (`bench/http-client.ts`), as a
 * payroll or HR system's would be: the body written to a file and sent as bytes, once untimed
 * (the warm-up, whose answer, every result, is checked here with `verify`), then
 * {@link TIMED_RUNS} times, each timed from sending to the parsed answer (a stream's lines
 * parsed as they arrive, none kept). This process holds every record and expected result
 * (about 200 MB); timing from here timed its heap's collections too (up to 70 ms a run).
 */
function timeRuns(server: number, url: string, type: string, body: string, dir: string, verify: (answer: string) => boolean, log: (line: string) => void): BatchFigures {
  const bodyPath = join(dir, 'body');
  const answerPath = join(dir, 'answer');
  writeFileSync(bodyPath, body);
  const job = { url, type, bodyPath, answerPath, serverPid: server, runs: TIMED_RUNS, records: BATCH_RECORDS };
  const figures = runScript<ClientFigures>('http-client.ts', [JSON.stringify(job)], ['--expose-gc']);
  const name = url.split('/').at(-1);
  const records = BATCH_RECORDS.toLocaleString('en-US');
  if (!verify(readFileSync(answerPath, 'utf8'))) throw new Error(`${url}: results differ from the closures`);
  rmSync(answerPath);
  log(`  ${name} of ${records}: every result matches the closures (warm-up, ${figures.warmupSeconds.toFixed(2)} s)`);
  for (const r of figures.runs) log(`  ${name} of ${records}: ${r.seconds.toFixed(2)} s (headers after ${r.headersSeconds.toFixed(2)} s, server CPU ${r.serverCpuSeconds.toFixed(2)} s)`);
  const seconds = figures.runs.map((r) => r.seconds);
  return {
    records: BATCH_RECORDS,
    requestBytes: Buffer.byteLength(body),
    responseBytes: figures.responseBytes,
    seconds,
    recordsPerSecond: BATCH_RECORDS / summarize(seconds).median,
    verified: true,
    headersSeconds: figures.runs.map((r) => r.headersSeconds),
    serverCpuSeconds: figures.runs.map((r) => r.serverCpuSeconds),
  };
}

/** The lines of an NDJSON answer, parsed. */
const ndjsonLines = (text: string): any[] => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));

const CONNECTIONS = 16;
/** CPU the spinning echo spends per request before answering: near what the 60 % goal leaves the evaluate route. */
const SPIN_MICROSECONDS = 20;
const ROUNDS = 5;
const BATCH_RECORDS = 100_000;
/** Timed runs of each many-record request after its warm-up: the median of five holds on a machine whose speed drifts by ±10 % from run to run. */
const TIMED_RUNS = 5;
const AS_OF = '2025-01-01';

async function startServer(dir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'http-server.ts')], {
    env: { ...process.env, DATABASE_URL: `file:${join(dir, 'rules.db')}`, SPIN_US: String(SPIN_MICROSECONDS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s: ${stderr}`)), 60_000);
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /\{"port":(\d+)\}/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}): ${stderr}`));
    });
  });
  return { child, port };
}

/** A round of load, with the latency percentiles of its successful responses in ms. */
interface Round {
  readonly result: autocannon.Result;
  readonly p50: number;
  readonly p99: number;
  /** Server CPU per request in µs over the round. */
  readonly cpuUs: number;
}

async function load(server: number, base: string, path: string, bodies: readonly string[], seconds: number): Promise<Round> {
  const cpu0 = cpuSecondsOf(server);
  // The promise autocannon returns is also its event emitter (typed as a plain promise).
  const run = autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    requests: bodies.map((body) => ({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body })),
  });
  // autocannon's own percentiles are whole milliseconds (0 or 1 here); each response's
  // duration is measured with hrtime, so the percentiles are taken from those.
  const times: number[] = [];
  (run as unknown as autocannon.Instance).on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) times.push(ms);
  });
  const result = await run;
  const cpuUs = ((cpuSecondsOf(server) - cpu0) * 1e6) / result.requests.total;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
  return { result, p50: at(0.5), p99: at(0.99), cpuUs };
}

function figures(rounds: readonly Round[]): LoadFigures {
  const perRound = rounds.map((r) => r.result.requests.average);
  return {
    rounds: perRound,
    requestsPerSecond: summarize(perRound).median,
    p50: summarize(rounds.map((r) => r.p50)).median,
    p99: summarize(rounds.map((r) => r.p99)).median,
    errors: rounds.reduce((n, r) => n + r.result.errors + r.result.timeouts + r.result.non2xx, 0),
    serverCpuUs: summarize(rounds.map((r) => r.cpuUs)).median,
  };
}

export async function runHttpBench(log: (s: string) => void = console.log): Promise<HttpResult> {
  const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 4);
  const ruleset = compileSeed('jilin-example');
  const dir = mkdtempSync(join(tmpdir(), 'shegong-bench-'));
  const { child, port } = await startServer(dir);
  const base = `http://127.0.0.1:${port}`;
  try {
    const cases = generateCases(200);
    const bodies = cases.map((c) => JSON.stringify({ input: c.input, as_of: c.asOf }));
    const path = '/v1/rulesets/jilin-example/evaluate';
    let version = 0;
    for (let k = 0; k < cases.length; k++) {
      const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[k] });
      const got = (await res.json()) as { outputs?: unknown; version: number };
      version = got.version;
      const want = ruleset.evaluate(cases[k]!.input, { asOf: cases[k]!.asOf });
      if (!res.ok || !want.ok || !sameJson(got.outputs, want.outputs)) throw new Error(`server output differs for input #${k}: ${JSON.stringify(got).slice(0, 300)}`);
    }
    log(`server on ${base}: outputs of ${cases.length} evaluations match the closures`);

    const pinnedBodies = cases.map((c) => JSON.stringify({ input: c.input, as_of: c.asOf, version }));

    const server = child.pid!;
    await load(server, base, '/bench/echo', bodies, 2);
    await load(server, base, path, bodies, 2);
    const echo: Round[] = [];
    const spin: Round[] = [];
    const evaluate: Round[] = [];
    const pinned: Round[] = [];
    const rate = (r: Round[]) => `${fmt(r.at(-1)!.result.requests.average)} req/s`;
    for (let round = 0; round < ROUNDS; round++) {
      echo.push(await load(server, base, '/bench/echo', bodies, seconds));
      spin.push(await load(server, base, '/bench/echo-spin', bodies, seconds));
      evaluate.push(await load(server, base, path, bodies, seconds));
      pinned.push(await load(server, base, path, pinnedBodies, seconds));
      log(`  round ${round + 1}: echo ${rate(echo)}, echo spinning ${SPIN_MICROSECONDS} µs ${rate(spin)}, evaluate ${rate(evaluate)}, with version ${rate(pinned)}`);
    }

    const batchCases = generateCases(BATCH_RECORDS, SEED + 1);
    const want = batchCases.map((c) => ruleset.evaluate(c.input, { asOf: AS_OF }));
    const columns = Object.keys(batchCases[0]!.input);
    const rows = batchCases.map((c) => columns.map((k) => (c.input as unknown as Record<string, unknown>)[k]));
    const sameRow = (outputs: readonly string[], row: unknown[], k: number) => { const w = want[k]!; return w.ok && sameJson(Object.fromEntries(outputs.map((c, i) => [c, row[i]])), w.outputs); };
    const json = 'application/json';
    const objects = timeRuns(server, `${base}/v1/rulesets/jilin-example/evaluate/batch`, json, JSON.stringify({ inputs: batchCases.map((c) => c.input), as_of: AS_OF }), dir, (answer) => {
      const parsed = JSON.parse(answer);
      return parsed.count === BATCH_RECORDS && parsed.failed === 0 && want.every((w, k) => w.ok && sameJson(parsed.results[k].outputs, w.outputs));
    }, log);
    const table = timeRuns(server, `${base}/v1/rulesets/jilin-example/evaluate/table`, json, JSON.stringify({ columns, rows, as_of: AS_OF }), dir, (answer) => {
      const parsed = JSON.parse(answer);
      return parsed.count === BATCH_RECORDS && parsed.failed === 0 && rows.every((_, k) => sameRow(parsed.outputs, parsed.rows[k], k));
    }, log);
    const ndjson = `${JSON.stringify({ columns, as_of: AS_OF })}\n${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
    const stream = timeRuns(server, `${base}/v1/rulesets/jilin-example/evaluate/stream`, 'application/x-ndjson', ndjson, dir, (answer) => {
      const lines = ndjsonLines(answer);
      return lines.length === BATCH_RECORDS + 2 && sameJson(lines.at(-1), { count: BATCH_RECORDS, failed: 0 }) && rows.every((_, k) => sameRow(lines[0].outputs, lines[k + 1], k));
    }, log);
    const result: HttpResult = {
      connections: CONNECTIONS,
      secondsPerRound: seconds,
      echo: figures(echo),
      echoSpin: figures(spin),
      spinMicroseconds: SPIN_MICROSECONDS,
      evaluate: figures(evaluate),
      evaluatePinned: figures(pinned),
      version,
      batch: objects,
      table,
      stream,
    };
    if (log === console.log) {
      console.log('');
      printTable(HTTP_HEADER, httpRows(result));
      console.log('');
      printTable(BATCH_HEADER, batchRows(result));
      console.log('');
    }
    return result;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Throughput as a share of the echo route's: the median of the ratios of rounds run back to back. */
export function shareOfEcho(f: LoadFigures, echo: LoadFigures): number {
  return summarize(f.rounds.map((x, i) => x / echo.rounds[i]!)).median;
}

export const HTTP_HEADER = ['route', 'requests/s (median)', 'rounds', 'p50', 'p99', 'throughput vs echo', 'p50 vs echo', 'p99 vs echo', 'server CPU per request'];
export function httpRows(r: HttpResult): string[][] {
  const row = (name: string, f: LoadFigures) => [
    name, fmt(f.requestsPerSecond), f.rounds.map(fmt).join(', '), ms(f.p50), ms(f.p99),
    `${fmt(shareOfEcho(f, r.echo) * 100)}%`, `${fmt(f.p50 / r.echo.p50)}×`, `${fmt(f.p99 / r.echo.p99)}×`, `${fmt(f.serverCpuUs)} µs`,
  ];
  return [
    row('POST /bench/echo (bare Hono JSON echo)', r.echo),
    row(`POST /bench/echo-spin (the echo, spinning ${r.spinMicroseconds} µs of CPU first)`, r.echoSpin),
    row('POST /v1/rulesets/jilin-example/evaluate', r.evaluate),
    row(`… the same with \`"version": ${r.version}\``, r.evaluatePinned),
  ];
}

export const BATCH_HEADER = ['batch', 'records/s (median)', 'runs', 'response headers after', 'server CPU', 'request', 'response'];
export function batchRows(r: HttpResult): string[][] {
  const row = (name: string, b: BatchFigures) => [
    `${name}, ${b.records.toLocaleString('en-US')} records`,
    fmt(b.recordsPerSecond), b.seconds.map((s) => `${s.toFixed(2)} s`).join(', '), b.headersSeconds.map((s) => `${s.toFixed(2)} s`).join(', '), b.serverCpuSeconds.map((s) => `${s.toFixed(2)} s`).join(', '),
    `${fmt(b.requestBytes / 2 ** 20)} MiB`, `${fmt(b.responseBytes / 2 ** 20)} MiB`,
  ];
  return [
    row('POST /v1/rulesets/jilin-example/evaluate/batch (input objects)', r.batch),
    row('POST /v1/rulesets/jilin-example/evaluate/table (rows)', r.table),
    row('POST /v1/rulesets/jilin-example/evaluate/stream (NDJSON rows)', r.stream),
  ];
}

if (import.meta.main) writeJsonArg(await runHttpBench());
