/**
 * Reading over HTTP: the seeded rule sets, one rule set with its inputs, outputs and JSON
 * Schema, versions, JSON Logic, health, the OpenAPI document and the problem catalogue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../helpers.ts';
import { expectProblem, startServer, type TestServer } from './helpers.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

describe('reading rule sets', () => {
  it('lists every seed rule set as published version 1 with its base', async () => {
    const r = await s.call('GET', '/v1/rulesets');
    expect(r.status).toBe(200);
    const byId = Object.fromEntries(r.body.rulesets.map((x: any) => [x.id, x]));
    expect(Object.keys(byId)).toEqual(['cn', 'huangshi', 'jilin', 'jilin-example', 'shenyang']);
    expect(byId['jilin-example']).toMatchObject({ extends: 'jilin', latest_version: 1, tenant: 'jilin-example', has_draft: false, title: '吉林省示例市社区工作者规则（示意）' });
    expect(byId['cn']).toMatchObject({ extends: null, latest_version: 1 });
  });

  it('gets a rule set with source, labelled inputs and outputs, and the JSON Schema of its input', async () => {
    const r = await s.call('GET', '/v1/rulesets/jilin');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: 'jilin', version: 1, latest_version: 1, extends: 'cn', chain: ['cn', 'jilin'], bases: { cn: 1 }, tenant: 'jilin' });
    expect(r.body.source).toContain('ruleset jilin');
    const post = r.body.inputs.find((i: any) => i.name === 'post');
    expect(post).toMatchObject({ label: '岗位类别', type: { k: 'enum', members: ['head', 'committee', 'staff'] } });
    expect(r.body.outputs.map((o: any) => o.name)).toEqual(expect.arrayContaining(['exit_clauses', 'must_exit', 'posts_min', 'task_admitted', 'labor_contract_required']));
    expect(r.body.input_schema.properties.households).toMatchObject({ type: 'integer', minimum: 0, maximum: 100000 });
    expect(r.body.output_schema.type).toBe('object');
  });

  it('gives money bounds in yuan, like every money value in JSON (and like the input schema)', async () => {
    const r = await s.call('GET', '/v1/rulesets/shenyang');
    expect(r.status).toBe(200);
    const pay = r.body.inputs.find((i: any) => i.name === 'monthly_pay');
    expect(pay.type).toEqual({ k: 'money', min: 0, max: 90_000_000 });
    expect(r.body.input_schema.properties.monthly_pay).toMatchObject({ minimum: 0, maximum: 90_000_000 });
  });

  it('declares a money output’s range only where its rules declare one, not the ±90 million yuan of inputs', async () => {
    // Before: every money output said `min: -90000000, max: 90000000`, a range no rule declares.
    const r = await s.call('GET', '/v1/rulesets/jilin');
    expect(r.body.outputs.find((o: any) => o.name === 'monthly_pay').type).toEqual({ k: 'money' });
    expect(r.body.output_schema.properties.monthly_pay).toEqual({ type: 'number', title: expect.any(String) });
    expect(r.body.output_schema.properties.pay_grade).toMatchObject({ type: 'integer', minimum: 1, maximum: 7 });
  });

  it('lists versions with the base versions each is pinned to', async () => {
    const r = await s.call('GET', '/v1/rulesets/jilin-example/versions');
    expect(r.status).toBe(200);
    expect(r.body.versions).toEqual([expect.objectContaining({ version: 1, bases: { cn: 1, jilin: 1 }, published_by: 'system' })]);
  });

  it('serves the same JSON Logic program the compiler lowers the rule set to', async () => {
    const r = await s.call('GET', '/v1/rulesets/jilin-example/json-logic');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ruleset: 'jilin-example', version: 1 });
    expect(r.body.json_logic).toEqual(JSON.parse(JSON.stringify(seed('jilin-example').jsonLogic())));
  });

  it('answers 404 problems for an unknown rule set or version', async () => {
    expectProblem(await s.call('GET', '/v1/rulesets/nowhere'), 404, 'ruleset-not-found');
    expectProblem(await s.call('GET', '/v1/rulesets/cn?version=9'), 404, 'version-not-found');
    expectProblem(await s.call('GET', '/v1/rulesets/cn?version=abc'), 400, 'invalid-request');
  });

  it('reports health', async () => {
    const r = await s.call('GET', '/healthz');
    expect(r).toMatchObject({ status: 200, body: { ok: true, rulesets: 5 } });
  });
});

describe('the API description and its errors', () => {
  it('publishes an OpenAPI 3.1 document generated from the request schemas', async () => {
    const r = await s.call('GET', '/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    // Every endpoint is in it, the API's own description included.
    for (const path of ['/', '/openapi.json', '/problems/{code}', '/healthz']) expect(r.body.paths[path]?.get, path).toBeDefined();
    expect(r.body.paths['/problems/{code}'].get.security).toEqual([]);
    const problemType = r.body.paths['/problems/{code}'].get.responses['200'].content['application/json'].schema;
    expect(problemType.properties.title).toMatchObject({ type: 'object', required: ['en', 'zh'] });
    const evaluate = r.body.paths['/v1/rulesets/{id}/evaluate'].post;
    const body = evaluate.requestBody.content['application/json'].schema;
    expect(body).toMatchObject({ type: 'object', required: ['input'], additionalProperties: false });
    expect(Object.keys(body.properties)).toEqual(['input', 'outputs', 'as_of', 'version', 'explain']);
    expect(body.properties.as_of).toMatchObject({ type: 'string', format: 'date' });
    expect(evaluate.responses['400'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(r.body.components.schemas.Problem.properties).toHaveProperty('type');
    for (const path of ['/v1/rulesets', '/v1/rulesets/{id}', '/v1/rulesets/{id}/evaluate/batch', '/v1/rulesets/{id}/evaluate/table', '/v1/check', '/v1/rulesets/{id}/draft', '/v1/rulesets/{id}/publish', '/v1/rulesets/{id}/rollback', '/v1/rulesets/{id}/versions', '/v1/rulesets/{id}/json-logic', '/v1/rulesets/{id}/audit', '/v1/tokens', '/healthz']) {
      expect(r.body.paths, path).toHaveProperty([path]);
    }
    expect(r.body.paths['/v1/rulesets/{id}/draft'].put['x-required-role']).toBe('editor');
    // `bases` refuses lists with a check of its own; the document still describes the map itself.
    expect(r.body.paths['/v1/check'].post.requestBody.content['application/json'].schema.properties.bases).toMatchObject({ type: 'object', propertyNames: { type: 'string', pattern: expect.any(String) }, additionalProperties: { type: 'string' }, description: expect.any(String) });
    // `lang` is read on every route, so every operation lists it (it used to be only on those with other query parameters).
    for (const [path, ops] of Object.entries(r.body.paths as Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>)) {
      for (const [method, op] of Object.entries(ops)) expect(op.parameters?.filter((p) => p.in === 'query').map((p) => p.name), `${method} ${path}`).toContain('lang');
    }
    const lang = evaluate.parameters.find((p: { name: string }) => p.name === 'lang');
    expect(lang).toMatchObject({ in: 'query', required: false, schema: { type: 'string' } });
    // The pattern as other systems read it (no regex flags in JSON Schema) accepts what the server does.
    expect(['zh', 'en', 'zh-CN', 'ZH-tw', 'zh-Hans-CN', 'en-US', 'fr', 'zh_CN'].filter((x) => new RegExp(lang.schema.pattern).test(x))).toEqual(['zh', 'en', 'zh-CN', 'ZH-tw', 'zh-Hans-CN', 'en-US']);
  });

  it('answers unknown routes and methods with problem+json, and describes each problem type', async () => {
    expectProblem(await s.call('GET', '/v2/nothing'), 404, 'route-not-found');
    // A trailing slash is another path (the router is strict), not a method the route lacks.
    expectProblem(await s.call('GET', '/openapi.json/'), 404, 'route-not-found');
    const m = expectProblem(await s.call('DELETE', '/v1/rulesets/jilin'), 405, 'method-not-allowed');
    expect(m.detail).toContain('GET');
    const t = await s.call('GET', '/problems/precondition-failed');
    expect(t.body).toMatchObject({ code: 'precondition-failed', status: 412, title: { zh: expect.any(String), en: expect.any(String) } });
    expect(t.body.description.en).toContain('ETag');
    expect(t.body.description.zh).toContain('ETag');
  });

  it('answers an unknown problem code with problem-not-found, saying where the codes are listed, in both languages', async () => {
    const en = expectProblem(await s.call('GET', '/problems/nope'), 404, 'problem-not-found');
    expect([en.title, en.detail]).toEqual(['No such problem type', 'there is no problem type `nope`; the codes are those in the `type` of error answers, listed for each endpoint in /openapi.json']);
    const zh = expectProblem(await s.call('GET', '/problems/nope?lang=zh'), 404, 'problem-not-found');
    expect([zh.title, zh.detail]).toEqual(['问题类型不存在', '不存在问题类型 `nope`；问题代码即错误应答中 `type` 的最后一段，/openapi.json 列出了每个接口可能返回的代码']);
    // Inherited object keys are no codes either.
    expectProblem(await s.call('GET', '/problems/constructor'), 404, 'problem-not-found');
    expect((await s.call('GET', '/problems/problem-not-found')).body.description.en).toContain('/openapi.json');
  });

  it('words problems in Chinese with ?lang=zh or Accept-Language', async () => {
    expect((await s.call('GET', '/v1/rulesets/nowhere?lang=zh')).body.detail).toBe('不存在规则集 `nowhere`');
    const r = await s.call('GET', '/v1/rulesets/nowhere', { headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' } });
    expect(r.body.title).toBe('规则集不存在');
    expect(r.headers.get('content-language')).toBe('zh');
    expect((await s.call('GET', '/v1/rulesets/nowhere', { headers: { 'accept-language': 'en-US' } })).body.title).toBe('No such rule set');
  });

  it('takes language tags in ?lang (zh-CN, zh-Hans, en-US) as Accept-Language does, and refuses other languages', async () => {
    for (const lang of ['zh-CN', 'zh-Hans', 'ZH-tw', 'zh-Hans-CN']) expect((await s.call('GET', `/v1/rulesets/nowhere?lang=${lang}`)).body.detail, lang).toBe('不存在规则集 `nowhere`');
    const en = await s.call('GET', '/v1/rulesets/nowhere?lang=en-US', { headers: { 'accept-language': 'zh' } });
    expect([en.body.title, en.headers.get('content-language')]).toEqual(['No such rule set', 'en']);
    const evaluated = await s.call('POST', '/v1/rulesets/jilin/evaluate?lang=zh-CN', { body: { input: { households: 4321 }, outputs: ['posts_min'] } });
    expect(evaluated.status).toBe(200);
    const fr = expectProblem(await s.call('GET', '/v1/rulesets/jilin?lang=fr-FR'), 400, 'invalid-request');
    expect(fr.errors).toEqual([expect.objectContaining({ field: 'lang', expected: 'a language: zh or en, or a tag such as zh-CN or en-US' })]);
  });

  it('reads ?lang as it validates it: a malformed tag (zh-, zh_CN) is a 400 naming `lang`, worded by Accept-Language', async () => {
    // Before: `?lang=zh-` chose Chinese for the answer, then was refused as malformed.
    for (const lang of ['zh-', 'zh_CN', 'zh--CN']) {
      const r = await s.call('GET', `/v1/rulesets/jilin?lang=${lang}`);
      expect(expectProblem(r, 400, 'invalid-request').errors, lang).toEqual([{ field: 'lang', code: 'E-REQUEST-INVALID', message: `field \`lang\` = "${lang}" is invalid: expected a language: zh or en, or a tag such as zh-CN or en-US`, expected: 'a language: zh or en, or a tag such as zh-CN or en-US' }]);
      expect(r.headers.get('content-language')).toBe('en');
    }
    const zh = await s.call('GET', '/v1/rulesets/jilin?lang=zh-', { headers: { 'accept-language': 'zh-CN' } });
    expect(expectProblem(zh, 400, 'invalid-request').errors[0].expected).toBe('语言：zh 或 en，或 zh-CN、en-US 等语言标记');
    // Accept-Language reads tags the same way: `zh-` is skipped for the next one.
    expect((await s.call('GET', '/v1/rulesets/nowhere', { headers: { 'accept-language': 'zh-, en;q=0.5' } })).body.title).toBe('No such rule set');
    expect((await s.call('GET', '/v1/rulesets/nowhere', { headers: { 'accept-language': 'en-US ;q=0.5, zh-CN ;q=0.9' } })).body.title).toBe('规则集不存在');
  });

  it('says Content-Language on every answer worded in the caller’s language, not only on problems', async () => {
    // Before: diagnostics and per-record errors came in Chinese with no Content-Language.
    const check = await s.call('POST', '/v1/check?lang=zh', { body: { source: 'ruleset a\ndef x: integer = y' } });
    expect([check.status, check.body.diagnostics.map((d: any) => d.message), check.headers.get('content-language')]).toEqual([200, expect.arrayContaining(['未定义的名称 `y`']), 'zh']);
    expect((await s.call('POST', '/v1/check', { body: { source: 'ruleset a' } })).headers.get('content-language')).toBe('en');
    const batch = await s.call('POST', '/v1/rulesets/jilin/evaluate/batch', { body: { inputs: [{ households: -1 }], outputs: ['posts_min'] }, headers: { 'accept-language': 'zh-CN' } });
    expect([batch.status, batch.headers.get('content-language')]).toEqual([200, 'zh']);
    const table = await s.call('POST', '/v1/rulesets/jilin/evaluate/table?lang=en', { body: { columns: ['households'], rows: [[-1]], outputs: ['posts_min'] }, headers: { 'accept-language': 'zh' } });
    expect([table.status, table.headers.get('content-language')]).toEqual([200, 'en']);
    // An answer with no words in either language claims none.
    expect((await s.call('GET', '/v1/rulesets/jilin?lang=zh')).headers.get('content-language')).toBeNull();
  });

  it('gives each answer its own headers: a CORS or Content-Language answer leaves the next one as it was', async () => {
    const headers = (r: { headers: Headers }) => Object.fromEntries([...r.headers].filter(([k]) => !['content-length', 'date', 'connection', 'keep-alive'].includes(k)));
    const evaluate = () => s.call('POST', '/v1/rulesets/jilin/evaluate', { body: { input: { households: 4321 }, outputs: ['posts_min'] } });
    const plain = { 'content-type': 'application/json', 'x-content-type-options': 'nosniff', vary: 'Accept-Language' };
    expect(headers(await evaluate())).toEqual(plain);
    const localised = await s.call('POST', '/v1/check?lang=zh', { body: { source: 'ruleset a' } });
    expect(headers(localised)).toEqual({ ...plain, 'content-language': 'zh' });
    const cors = await startServer({ corsOrigins: ['https://hr.example.gov.cn'] });
    try {
      const r = await cors.call('POST', '/v1/rulesets/jilin/evaluate', { body: { input: { households: 4321 }, outputs: ['posts_min'] }, headers: { origin: 'https://hr.example.gov.cn' } });
      expect(headers(r)).toMatchObject({ 'access-control-allow-origin': 'https://hr.example.gov.cn', vary: 'Accept-Language, Origin' });
      const other = headers(await cors.call('POST', '/v1/rulesets/jilin/evaluate', { body: { input: { households: 4321 }, outputs: ['posts_min'] } }));
      expect([other['access-control-allow-origin'], other['vary']]).toEqual([undefined, 'Accept-Language, Origin']);
    } finally {
      cors.close();
    }
    expect(headers(await evaluate())).toEqual(plain);
  });

  it('says Vary: Accept-Language on answers, problems included, next to CORS’s Vary: Origin', async () => {
    const vary = (r: { headers: Headers }) => r.headers.get('vary')?.split(/,\s*/).sort();
    expect(vary(await s.call('GET', '/v1/rulesets/nowhere'))).toEqual(['Accept-Language']);
    expect(vary(await s.call('POST', '/v1/check', { body: { source: 'ruleset a' } }))).toEqual(['Accept-Language']);
    expect(vary(await s.call('POST', '/v1/rulesets/jilin/evaluate/batch', { body: { inputs: [{ households: -1 }], outputs: ['posts_min'] } }))).toEqual(['Accept-Language']);
    const cors = await startServer({ corsOrigins: ['https://hr.example.gov.cn'] });
    try {
      const origin = { origin: 'https://hr.example.gov.cn' };
      expect(vary(await cors.call('GET', '/v1/rulesets/jilin', { headers: origin }))).toEqual(['Accept-Language', 'Origin']);
      expect(vary(await cors.call('GET', '/v1/rulesets/nowhere', { headers: origin }))).toEqual(['Accept-Language', 'Origin']);
    } finally {
      cors.close();
    }
  });
});
