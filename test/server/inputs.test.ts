/**
 * Input values at the limits of what JSON carries, over HTTP: a rule set (a fork of `cn`,
 * published through the API) with an integer input that declares no range and a text input;
 * and the lengths of the request's own strings, counted in characters.
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
    'input code: text',
    'def twice: integer cite "CN-W" = n * 2',
    'def known: bool cite "CN-W" = code = "a"',
    'output twice, known',
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
    expect((await evaluate('{"input": {"n": 9007199254740991, "code": "a"}, "outputs": ["known"]}')).status).toBe(200);
  });

  it('fail the evaluation (422, naming the value) when the rules compute an integer past the safe ones, instead of answering an inexact number', async () => {
    // Before: n = 9007199254740991 gave `twice` = 18014398509481982, and `n + 1` gave …992 (not exact).
    const p = expectProblem(await evaluate('{"input": {"n": 9007199254740991}, "outputs": ["twice"]}'), 422, 'evaluation-failed');
    expect(p.errors).toEqual([{ field: 'twice', code: 'E-EVAL-RANGE', message: '`twice` = 18014398509481982 is not exact: integers are computed exactly only within -9007199254740991..9007199254740991' }]);
    const zh = expectProblem(await evaluate('{"input": {"n": -4503599627370496}, "outputs": ["twice"]}', '?lang=zh'), 422, 'evaluation-failed');
    expect(zh.errors[0].message).toBe('`twice` = -9007199254740992 不精确：整数只在 -9007199254740991..9007199254740991 范围内能精确计算');
    // A batch record and a table row alike, the others answered.
    const batch = await s.call('POST', '/v1/rulesets/cn-inputs/evaluate/batch', { raw: '{"inputs": [{"n": 4503599627370496}, {"n": 2}], "outputs": ["twice"]}' });
    expect(batch.body.results).toEqual([{ ok: false, errors: [expect.objectContaining({ field: 'twice', code: 'E-EVAL-RANGE' })] }, { ok: true, outputs: { twice: 4 } }]);
    const table = await s.call('POST', '/v1/rulesets/cn-inputs/evaluate/table', { raw: '{"columns": ["n"], "rows": [[3], [-4503599627370496]], "outputs": ["twice"]}' });
    expect(table.body.rows).toEqual([[6], { errors: [expect.objectContaining({ field: 'twice', code: 'E-EVAL-RANGE' })] }]);
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

describe('text lengths count characters, not UTF-16 units', () => {
  // 𠀀 (U+20000, a rare CJK character) and 😀 are one character each, two units in JavaScript.
  const call = (body: unknown, lang = '') => s.call('POST', `/v1/rulesets/cn-inputs/evaluate${lang}`, { body });

  it('takes a text input of 10,000 characters, whatever they are, and refuses 10,001 saying so', async () => {
    // Before: 5,001 of these characters (10,002 units) were refused as over 10,000.
    expect((await call({ input: { code: '𠀀'.repeat(10_000) }, outputs: ['known'] })).body.outputs).toEqual({ known: false });
    const p = expectProblem(await call({ input: { code: '😀'.repeat(10_001) }, outputs: ['known'] }), 400, 'invalid-input');
    expect(p.errors).toEqual([expect.objectContaining({ field: 'code', code: 'E-INPUT-RANGE', expected: 'text of at most 10000 characters' })]);
    const zh = expectProblem(await call({ input: { code: 'x'.repeat(10_001) }, outputs: ['known'] }, '?lang=zh'), 400, 'invalid-input');
    expect(zh.errors[0].expected).toBe('文本（最多 10000 个字符）');
  });

  it('limits request strings in characters and says the limit, in both languages', async () => {
    // An output name of 200 characters passes the envelope (it is then unknown); 201 do not.
    const name = '名😀'.repeat(100);
    expect(expectProblem(await call({ input: {}, outputs: [name] }), 400, 'invalid-input').errors).toEqual([expect.objectContaining({ field: 'outputs', code: 'E-OUTPUT-UNKNOWN' })]);
    const en = expectProblem(await call({ input: {}, outputs: [`${name}x`] }), 400, 'invalid-request');
    expect(en.errors).toEqual([expect.objectContaining({ field: 'outputs.0', code: 'E-REQUEST-INVALID', message: expect.stringMatching(/ is invalid: expected at most 200 characters$/), expected: 'at most 200 characters' })]);
    const zh = expectProblem(await call({ input: {}, outputs: [`${name}x`] }, '?lang=zh'), 400, 'invalid-request');
    expect(zh.errors[0]).toMatchObject({ message: expect.stringMatching(/ 无效：不能超过 200 个字符$/), expected: '不能超过 200 个字符' });
  });

  it('takes a note of 1,000 Chinese characters with emoji (1,200 UTF-16 units), and refuses 1,001', async () => {
    const note = '回滚说明😀'.repeat(200);
    const rollback = (n: string) => s.call('POST', '/v1/rulesets/cn-inputs/rollback', { token: ADMIN, body: { to: 1, note: n } });
    const r = await rollback(note);
    expect(r.status).toBe(201);
    const versions = (await s.call('GET', '/v1/rulesets/cn-inputs/versions')).body.versions;
    expect(versions.find((x: any) => x.version === r.body.version).note).toBe(note);
    expect(expectProblem(await rollback(`${note}。`), 400, 'invalid-request').errors).toEqual([expect.objectContaining({ field: 'note', expected: 'at most 1000 characters' })]);
  });
});
