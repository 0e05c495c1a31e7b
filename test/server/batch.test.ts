/**
 * Batch evaluation: 100,000 full records in one request (about 55 MB of JSON, far over the
 * ordinary 1 MiB body limit), one result per record in order, and per-record errors that do not
 * fail the batch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, JILIN_PERSON, startServer, type TestServer } from './helpers.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const batch = (id: string, body: unknown) => s.call('POST', `/v1/rulesets/${id}/evaluate/batch`, { body });

describe('batch evaluation', () => {
  it('evaluates 100,000 full records in one request, in order', async () => {
    const inputs = Array.from({ length: 100_000 }, (_, i) => ({ ...JILIN_PERSON, households: i % 10_000 }));
    const body = JSON.stringify({ inputs, outputs: ['posts_min', 'posts_max', 'monthly_pay', 'must_exit'], as_of: '2025-06-01' });
    expect(body.length).toBeGreaterThan(50_000_000);
    const r = await s.call('POST', '/v1/rulesets/jilin-example/evaluate/batch', { raw: body });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ruleset: 'jilin-example', version: 1, as_of: '2025-06-01', count: 100_000, failed: 0 });
    expect(r.body.results).toHaveLength(100_000);
    expect(r.body.results[4321]).toEqual({ ok: true, outputs: { posts_min: 12, posts_max: 19, monthly_pay: 5150, must_exit: false } });
    expect(r.body.results[3000]).toEqual({ ok: true, outputs: { posts_min: 10, posts_max: 15, monthly_pay: 5150, must_exit: false } });
    expect(r.body.results[99_999].outputs.posts_min).toBe(10 + Math.floor((9999 - 3000) / 500));
  }, 120_000);

  it('streams results chunk by chunk: every record once, in order, with the failures counted at the end', async () => {
    const inputs = Array.from({ length: 5001 }, (_, i) => (i % 1000 === 999 ? { households: -1 } : { households: i }));
    const r = await batch('jilin', { inputs, outputs: ['posts_min'] });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.body).toMatchObject({ count: 5001, failed: 5 });
    expect(r.body.results).toHaveLength(5001);
    r.body.results.forEach((x: { ok: boolean; outputs?: { posts_min: number } }, i: number) => {
      if (i % 1000 === 999) expect(x.ok).toBe(false);
      else expect(x).toEqual({ ok: true, outputs: { posts_min: i <= 3000 ? 10 : 10 + Math.floor((i - 3000) / 500) } });
    });
  });

  it('answers an empty batch', async () => {
    const r = await batch('jilin', { inputs: [] });
    expect(r.body).toMatchObject({ count: 0, failed: 0, results: [] });
  });

  it('reports a bad record in its own result without failing the others', async () => {
    const r = await batch('jilin', {
      inputs: [{ households: 3500 }, { households: -1 }, {}, 'not an object', null, { households: 3500, typo: 1 }, { households: 6000 }, [3500]],
      outputs: ['posts_min'],
    });
    expect(r.status).toBe(200);
    expect(r.body.count).toBe(8);
    expect(r.body.failed).toBe(6);
    const [a, b, c, d, e, f, g, h] = r.body.results;
    // An array is not an object with keys "0", "1", …
    expect(h).toEqual({ ok: false, errors: [{ field: '(input)', code: 'E-INPUT-OBJECT', message: 'input must be a JSON object', expected: 'a JSON object' }] });
    expect(a).toEqual({ ok: true, outputs: { posts_min: 11 } });
    expect(b).toEqual({ ok: false, errors: [expect.objectContaining({ field: 'households', code: 'E-INPUT-RANGE' })] });
    expect(c).toEqual({ ok: false, errors: [expect.objectContaining({ field: 'households', code: 'E-INPUT-MISSING' })] });
    expect(d).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'E-INPUT-OBJECT' })] });
    expect(e).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'E-INPUT-OBJECT' })] });
    expect(f).toEqual({ ok: false, errors: [expect.objectContaining({ field: 'typo', code: 'E-INPUT-UNKNOWN' })] });
    expect(g).toEqual({ ok: true, outputs: { posts_min: 16 } });
  });

  it('words record errors in Chinese on request', async () => {
    const r = await s.call('POST', '/v1/rulesets/jilin/evaluate/batch?lang=zh', { body: { inputs: [{}], outputs: ['posts_min'] } });
    expect(r.body.results[0].errors[0].message).toContain('缺少输入 `households`');
  });

  it('fails the whole call only for call-level mistakes: an unknown output or rule set', async () => {
    const p = expectProblem(await batch('jilin', { inputs: [{ households: 1 }], outputs: ['nothing'] }), 400, 'invalid-input');
    expect(p.errors).toEqual([expect.objectContaining({ field: 'outputs', code: 'E-OUTPUT-UNKNOWN' })]);
    expectProblem(await batch('nowhere', { inputs: [] }), 404, 'ruleset-not-found');
    expectProblem(await batch('jilin', { input: {} }), 400, 'invalid-request');
  });

  it('caps a batch at 100,000 records', async () => {
    const p = expectProblem(await s.call('POST', '/v1/rulesets/cn/evaluate/batch', { raw: `{"inputs": [${'{},'.repeat(100_000)}{}]}` }), 400, 'invalid-request');
    expect(p.errors).toEqual([expect.objectContaining({ field: 'inputs', message: 'field `inputs` has 100001 items; at most 100000 are allowed' })]);
  });

  it('pins a version and an evaluation date for the whole batch', async () => {
    const pay = { post: 'committee', years_of_service: 7, education: 'college', certificate: 'assistant' };
    const r = await batch('jilin-example', { inputs: [pay, pay], outputs: ['certificate_allowance'], as_of: '2024-12-31', version: 1 });
    expect(r.body).toMatchObject({ version: 1, as_of: '2024-12-31', results: [{ ok: true, outputs: { certificate_allowance: 300 } }, { ok: true, outputs: { certificate_allowance: 300 } }] });
  });
});
