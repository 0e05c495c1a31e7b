/**
 * Tables of inputs over HTTP (`/evaluate/table`): column names once, rows of values; per row,
 * in place, the output values in order or the row's errors. The answers are those of the
 * object batch for the same records; mistakes in the columns fail the call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, expectProblem, JILIN_PERSON, startServer, type TestServer } from './helpers.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const table = (id: string, body: unknown, lang = '') => s.call('POST', `/v1/rulesets/${id}/evaluate/table${lang}`, { body });
const COLUMNS = Object.keys(JILIN_PERSON);
const rowOf = (input: Record<string, unknown>) => COLUMNS.map((c) => input[c] ?? null);

describe('table evaluation', () => {
  it('evaluates 100,000 full rows in one request, as the object batch does', async () => {
    const inputs = Array.from({ length: 100_000 }, (_, i) => ({
      ...JILIN_PERSON,
      households: i % 10_000,
      years_of_service: i % 40,
      certificate: ['none', 'assistant', 'social_worker', 'senior'][i % 4]!,
      assessments: i % 7 === 0 ? ['fail', 'fail'] : ['pass'],
    }));
    const r = await table('jilin-example', { columns: COLUMNS, rows: inputs.map(rowOf), as_of: '2025-06-01' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ruleset: 'jilin-example', version: 1, as_of: '2025-06-01', count: 100_000, failed: 0 });
    expect(r.body.rows).toHaveLength(100_000);
    // The same records through the object batch: every row holds the same values, in `columns` order.
    const sample = [0, 1, 2, 3, 7, 4321, 50_000, 99_999];
    const b = await s.call('POST', '/v1/rulesets/jilin-example/evaluate/batch', { body: { inputs: sample.map((i) => inputs[i]), as_of: '2025-06-01' } });
    sample.forEach((i, k) => expect(r.body.rows[i]).toEqual(r.body.outputs.map((c: string) => b.body.results[k].outputs[c])));
    expect(r.body.outputs).toEqual(Object.keys(b.body.results[0].outputs));
  }, 120_000);

  it('streams rows chunk by chunk, each failed row answered in place by its errors', async () => {
    const rows = Array.from({ length: 5001 }, (_, i) => (i % 1000 === 999 ? [-1] : [i]));
    const res = await s.app.request('/v1/rulesets/jilin/evaluate/table', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ columns: ['households'], rows, outputs: ['posts_min', 'grids_min'] }) });
    expect(res.status).toBe(200);
    // Written as it is computed: the head, three chunks of at most 2,000 rows, the tail.
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let pieces = 0;
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      pieces++;
      text += decoder.decode(part.value, { stream: true });
    }
    expect(pieces).toBe(5);
    const body = JSON.parse(text);
    expect(body).toMatchObject({ count: 5001, failed: 5, outputs: ['posts_min', 'grids_min'] });
    body.rows.forEach((row: unknown, i: number) => {
      if (i % 1000 === 999) expect(row).toEqual({ errors: [expect.objectContaining({ field: 'households', code: 'E-INPUT-RANGE' })] });
      else expect((row as number[])[0]).toBe(i <= 3000 ? 10 : 10 + Math.floor((i - 3000) / 500));
    });
  });

  it('keeps no failed row in memory until the end: 100,000 failed rows stream like any others', async () => {
    const r = await table('jilin', { columns: ['households'], rows: Array.from({ length: 100_000 }, () => [-1]), outputs: ['posts_min'] });
    expect(r.body).toMatchObject({ count: 100_000, failed: 100_000 });
    expect(r.body.rows[99_999]).toEqual({ errors: [expect.objectContaining({ field: 'households', code: 'E-INPUT-RANGE' })] });
  }, 60_000);

  it('takes null for a value not given, and words each bad row in the caller’s language', async () => {
    const r = await table('jilin', { columns: ['households', 'post'], rows: [[3500, null], [null, 'head'], 'row', [1]], outputs: ['posts_min'] }, '?lang=zh');
    expect(r.body.rows).toEqual([
      [11],
      { errors: [expect.objectContaining({ field: 'households', code: 'E-INPUT-MISSING', message: expect.stringContaining('缺少输入 `households`') })] },
      { errors: [expect.objectContaining({ field: '(row)', code: 'E-ROW-ARRAY', message: '每行必须是 JSON 数组，按列给出 2 个值' })] },
      { errors: [expect.objectContaining({ field: '(row)', code: 'E-ROW-LENGTH', message: '此行有 1 个值，而表有 2 列' })] },
    ]);
    expect(r.body.failed).toBe(3);
  });

  it('answers an empty table', async () => {
    const r = await table('jilin', { columns: ['households'], rows: [], outputs: ['posts_min'] });
    expect(r.body).toMatchObject({ count: 0, failed: 0, outputs: ['posts_min'], rows: [] });
  });

  it('fails the call for a column that is unknown, repeated or missing, and for an unknown output', async () => {
    const p = expectProblem(await table('jilin', { columns: ['houseolds', 'post', 'post'], rows: [] , outputs: ['posts_min'] }), 400, 'invalid-input');
    expect(p.errors).toEqual([
      expect.objectContaining({ field: 'columns.0', code: 'E-COLUMN-UNKNOWN', message: 'column `houseolds` is not an input of this rule set; did you mean `households`?' }),
      expect.objectContaining({ field: 'columns.2', code: 'E-COLUMN-REPEATED' }),
      expect.objectContaining({ field: 'columns', code: 'E-COLUMN-MISSING' }),
    ]);
    const q = expectProblem(await table('jilin', { columns: ['households'], rows: [[1]], outputs: ['nothing'] }), 400, 'invalid-input');
    expect(q.errors).toEqual([expect.objectContaining({ field: 'outputs', code: 'E-OUTPUT-UNKNOWN' })]);
    // Every input missing is one mistake, named once in the detail.
    const none = expectProblem(await table('jilin-example', { columns: [], rows: [] }), 400, 'invalid-input');
    expect(none.errors).toHaveLength(1);
    expect(none.errors[0].expected.split(', ')).toHaveLength(22);
    expect(none.detail).toBe('invalid input: columns');
    // All at once: an unknown output does not hide a column mistake.
    const both = expectProblem(await table('jilin', { columns: ['households', 'typo'], rows: [], outputs: ['nothing'] }), 400, 'invalid-input');
    expect(both.errors.map((e: { field: string }) => e.field)).toEqual(['outputs', 'columns.1']);
    expectProblem(await table('nowhere', { columns: [], rows: [] }), 404, 'ruleset-not-found');
    expectProblem(await table('jilin', { columns: ['households'] }), 400, 'invalid-request');
    expectProblem(await table('jilin', { columns: 'households', rows: [] }), 400, 'invalid-request');
  });

  it('pins a version and an evaluation date for the whole table', async () => {
    // Version 2 raises the senior allowance (and the example that shows it).
    const d = await s.call('GET', '/v1/rulesets/jilin-example/draft', { token: ADMIN });
    const source = d.body.source.replace('illustrative = 800', 'illustrative = 880').replace('certificate_allowance = 800, monthly_pay = 5600', 'certificate_allowance = 880, monthly_pay = 5680');
    const saved = await s.call('PUT', '/v1/rulesets/jilin-example/draft', { token: ADMIN, body: { source }, headers: { 'if-match': d.headers.get('etag')! } });
    expect((await s.call('POST', '/v1/rulesets/jilin-example/publish', { token: ADMIN, headers: { 'if-match': saved.headers.get('etag')! } })).status).toBe(201);
    const columns = ['post', 'years_of_service', 'education', 'certificate'];
    const rows = [['committee', 7, 'college', 'assistant'], ['committee', 7, 'college', 'senior']];
    const v1 = await table('jilin-example', { columns, rows, outputs: ['certificate_allowance'], as_of: '2024-12-31', version: 1 });
    expect(v1.body).toMatchObject({ version: 1, as_of: '2024-12-31', rows: [[300], [800]] });
    const latest = await table('jilin-example', { columns, rows, outputs: ['certificate_allowance'], as_of: '2025-06-01' });
    expect(latest.body).toMatchObject({ version: 2, rows: [[350], [880]] });
  });
});
