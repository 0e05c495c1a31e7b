/**
 * Input values at the limits of what JSON carries, over HTTP: a rule set (a fork of `cn`,
 * published through the API) with an integer input that declares no range.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, expectProblem, startServer, type TestServer } from './helpers.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
  const source = [
    'ruleset cn-inputs',
    '  extends cn',
    'input n: integer',
    'def twice: integer cite "CN-W" = n * 2',
    'output twice',
    '',
  ].join('\n');
  const created = await s.call('POST', '/v1/rulesets', { token: ADMIN, body: { id: 'cn-inputs', extends: 'cn', tenant: 'cn', source } });
  expect(created.body).toMatchObject({ id: 'cn-inputs', ok: true });
  const published = await s.call('POST', '/v1/rulesets/cn-inputs/publish', { token: ADMIN, headers: { 'if-match': `"${created.body.etag}"` } });
  expect(published.status).toBe(201);
});
afterAll(() => s.close());

const evaluate = (raw: string, lang = '') => s.call('POST', `/v1/rulesets/cn-inputs/evaluate${lang}`, { raw });

describe('integer inputs without a declared range', () => {
  it('refuse an integer JSON cannot carry exactly, naming the input, instead of computing with …992', async () => {
    // Before: 9007199254740993 was read as …992 and evaluated (twice = 18014398509481984).
    const p = expectProblem(await evaluate('{"input": {"n": 9007199254740993}, "outputs": ["twice"]}'), 400, 'invalid-input');
    expect(p.errors).toEqual([{
      field: 'n',
      code: 'E-INPUT-RANGE',
      message: 'input `n` = 9007199254740992 is invalid: expected an integer -9007199254740991..9007199254740991 (integers beyond these are not exact in JSON)',
      expected: 'an integer -9007199254740991..9007199254740991',
    }]);
    const zh = expectProblem(await evaluate('{"input": {"n": -9007199254740993}, "outputs": ["twice"]}', '?lang=zh'), 400, 'invalid-input');
    expect(zh.errors[0].message).toBe('输入 `n` 的值 -9007199254740992 无效，应为整数 -9007199254740991..9007199254740991（超出此范围的整数在 JSON 中无法精确表示）');
  });

  it('accept the largest safe integers', async () => {
    const r = await evaluate('{"input": {"n": -4503599627370495}, "outputs": ["twice"]}');
    expect(r.body.outputs).toEqual({ twice: -9007199254740990 });
    expect((await evaluate('{"input": {"n": 9007199254740991}, "outputs": ["twice"]}')).status).toBe(200);
  });

  it('are refused in a batch record and a table row alike (the fast reader checks them)', async () => {
    const batch = await s.call('POST', '/v1/rulesets/cn-inputs/evaluate/batch', { raw: '{"inputs": [{"n": 1e300}, {"n": 2}], "outputs": ["twice"]}' });
    expect(batch.body.results).toEqual([{ ok: false, errors: [expect.objectContaining({ field: 'n', code: 'E-INPUT-RANGE' })] }, { ok: true, outputs: { twice: 4 } }]);
    const table = await s.call('POST', '/v1/rulesets/cn-inputs/evaluate/table', { raw: '{"columns": ["n"], "rows": [[9007199254740993], [3]], "outputs": ["twice"]}' });
    expect(table.body.rows).toEqual([{ errors: [expect.objectContaining({ field: 'n', code: 'E-INPUT-RANGE' })] }, [6]]);
  });

  it('carry the safe range in the input schema', async () => {
    const r = await s.call('GET', '/v1/rulesets/cn-inputs');
    expect(r.body.input_schema.properties.n).toEqual({ type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 });
  });
});
