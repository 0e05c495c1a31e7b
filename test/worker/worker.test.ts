/**
 * The Worker entry (src/server/worker.ts, via wrangler.toml) in real workerd with D1: it
 * migrates and seeds on its first request, evaluates, publishes a new version and reads it
 * back, and keeps the conditional-write and error contracts of the Node server.
 */
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

const ADMIN = 'Bearer worker-test-admin';
const call = async (method: string, path: string, o: { body?: unknown; headers?: Record<string, string> } = {}) => {
  const res = await exports.default.fetch(
    new Request(`http://worker${path}`, { method, headers: { ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}), ...o.headers }, ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}) }),
  );
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
};
const pay = { post: 'committee', years_of_service: 7, education: 'college', certificate: 'senior' };

describe('the Worker on D1', () => {
  it('seeds the rule sets on first start and evaluates the seed contract', async () => {
    const list = await call('GET', '/v1/rulesets');
    expect(list.status).toBe(200);
    expect(list.body.rulesets.map((r: any) => [r.id, r.latest_version])).toEqual([['cn', 1], ['huangshi', 1], ['jilin', 1], ['jilin-example', 1], ['shenyang', 1]]);
    const r = await call('POST', '/v1/rulesets/jilin-example/evaluate', { body: { input: { households: 4321 }, outputs: ['posts_min', 'posts_max', 'local_posts'] } });
    expect(r).toMatchObject({ status: 200, body: { ruleset: 'jilin-example', version: 1, outputs: { posts_min: 12, posts_max: 19, local_posts: 15 } } });
    const before = await call('POST', '/v1/rulesets/jilin-example/evaluate', { body: { input: { ...pay, certificate: 'assistant' }, outputs: ['certificate_allowance'], as_of: '2024-12-31' } });
    const after = await call('POST', '/v1/rulesets/jilin-example/evaluate', { body: { input: { ...pay, certificate: 'assistant' }, outputs: ['certificate_allowance'], as_of: '2025-01-01' } });
    expect([before.body.outputs.certificate_allowance, after.body.outputs.certificate_allowance]).toEqual([300, 350]);
  });

  it('publishes a new version and reads it back, keeping the old one by number', async () => {
    const d = await call('GET', '/v1/rulesets/jilin-example/draft', { headers: { authorization: ADMIN } });
    expect(d.status).toBe(200);
    // The senior allowance changes, and so does the example that shows it (or publication is refused).
    const source = d.body.source.replace('illustrative = 800', 'illustrative = 880').replace('certificate_allowance = 800, monthly_pay = 5600', 'certificate_allowance = 880, monthly_pay = 5680');
    expect(source).not.toBe(d.body.source);
    const saved = await call('PUT', '/v1/rulesets/jilin-example/draft', { body: { source }, headers: { authorization: ADMIN, 'if-match': d.headers.get('etag')! } });
    expect(saved).toMatchObject({ status: 200, body: { ok: true } });
    const stale = await call('PUT', '/v1/rulesets/jilin-example/draft', { body: { source }, headers: { authorization: ADMIN, 'if-match': d.headers.get('etag')! } });
    expect(stale).toMatchObject({ status: 412, body: { type: '/problems/precondition-failed' } });
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    const published = await call('POST', '/v1/rulesets/jilin-example/publish', { headers: { authorization: ADMIN, 'if-match': saved.headers.get('etag')! } });
    expect(published).toMatchObject({ status: 201, body: { version: 2 } });
    const got = await call('GET', '/v1/rulesets/jilin-example');
    expect(got.body).toMatchObject({ version: 2, latest_version: 2, bases: { cn: 1, jilin: 1 } });
    expect(got.body.source).toContain('illustrative = 880');
    const now = await call('POST', '/v1/rulesets/jilin-example/evaluate', { body: { input: pay, outputs: ['certificate_allowance'] } });
    const old = await call('POST', '/v1/rulesets/jilin-example/evaluate', { body: { input: pay, outputs: ['certificate_allowance'], version: 1 } });
    expect([now.body.version, now.body.outputs.certificate_allowance, old.body.version, old.body.outputs.certificate_allowance]).toEqual([2, 880, 1, 800]);
    const audit = await call('GET', '/v1/rulesets/jilin-example/audit', { headers: { authorization: ADMIN } });
    expect(audit.body.entries.map((e: any) => e.action)).toEqual(['publish', 'draft', 'seed']);
  });

  it('streams a batch of 5,000 records (past the point where the hot result builder claims its store sites)', async () => {
    const inputs = Array.from({ length: 5000 }, (_, i) => ({ households: i * 3 }));
    const b = await call('POST', '/v1/rulesets/jilin/evaluate/batch', { body: { inputs, outputs: ['posts_min', 'grids_min'] } });
    expect(b.body).toMatchObject({ count: 5000, failed: 0 });
    expect(b.body.results[4999]).toEqual({ ok: true, outputs: { posts_min: 10 + Math.floor((14997 - 3000) / 500), grids_min: Math.ceil(14997 / 500) } });
    expect(b.body.results.every((r: any, i: number) => r.outputs.grids_min === Math.ceil((i * 3) / 500))).toBe(true);
  });

  it('streams a table of 5,000 rows, a failed row answered in place by its errors', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => (i === 4321 ? ['many'] : [i * 3]));
    const t = await call('POST', '/v1/rulesets/jilin/evaluate/table', { body: { columns: ['households'], rows, outputs: ['grids_min'] } });
    expect(t.body).toMatchObject({ count: 5000, failed: 1, outputs: ['grids_min'] });
    expect(t.body.rows[4321]).toMatchObject({ errors: [{ field: 'households' }] });
    expect(t.body.rows.every((r: any, i: number) => i === 4321 || r[0] === Math.ceil((i * 3) / 500))).toBe(true);
  });

  it('answers a stream of records (NDJSON) line by line, a bad line in its place', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => (i === 1234 ? 'not json' : JSON.stringify([i * 3])));
    const res = await exports.default.fetch(
      new Request('http://worker/v1/rulesets/jilin/evaluate/stream', { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: `${JSON.stringify({ columns: ['households'], outputs: ['grids_min'] })}\n${rows.join('\n')}\n` }),
    );
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    // Decoded by hand: workerd warns on .text() of a type it does not know as text.
    const lines = new TextDecoder().decode(await res.arrayBuffer()).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ ruleset: 'jilin', version: 1, outputs: ['grids_min'] });
    expect(lines.at(-1)).toEqual({ count: 3000, failed: 1 });
    expect(lines[1235]).toMatchObject({ errors: [{ field: '(line)', code: 'E-LINE-JSON' }] });
    expect(lines.slice(1, -1).every((r: any, i: number) => i === 1234 || r[0] === Math.ceil((i * 3) / 500))).toBe(true);
  });

  it('evaluates a batch with per-record errors and answers client mistakes with problems', async () => {
    const b = await call('POST', '/v1/rulesets/jilin/evaluate/batch', { body: { inputs: [{ households: 3500 }, { households: 'many' }], outputs: ['posts_min'] } });
    expect(b.body).toMatchObject({ count: 2, failed: 1, results: [{ ok: true, outputs: { posts_min: 11 } }, { ok: false, errors: [{ field: 'households' }] }] });
    expect(await call('PUT', '/v1/rulesets/jilin/draft', { body: { source: 'x' } })).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
    expect(await call('POST', '/v1/rulesets/jilin/evaluate', { body: { input: { households: 1, __proto__x: 1 } } })).toMatchObject({ status: 400 });
    const polluted = await exports.default.fetch(new Request('http://worker/v1/rulesets/jilin/evaluate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input": {"__proto__": {"households": 1}}}' }));
    expect(polluted.status).toBe(400);
    expect(((await polluted.json()) as any).code).toBe('forbidden-key');
  });
});
