/**
 * Evaluation over HTTP against the seed rule sets' public contract (issue 2): output subsets,
 * `as_of` pinning, explanations, 400s naming each field, and JSON that tries to pollute
 * prototypes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, JILIN_PERSON, startServer, type TestServer } from './helpers.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const evaluate = (id: string, body: unknown, path = '') => s.call('POST', `/v1/rulesets/${id}/evaluate${path}`, { body });

describe('the seed contract over HTTP', () => {
  it('computes only the outputs asked for, needing only their inputs', async () => {
    const r = await evaluate('jilin-example', { input: { households: 4321 }, outputs: ['posts_min', 'posts_max', 'local_posts'] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ruleset: 'jilin-example', version: 1, as_of: expect.stringMatching(/^\d{4}-\d\d-\d\d$/), outputs: { posts_min: 12, posts_max: 19, local_posts: 15 } });
  });

  it.each([
    [3000, 10, 15, 6, 10],
    [4321, 12, 19, 9, 15],
    [2800, 10, 15, 6, 10],
  ])('jilin staffing for %i households: posts %i–%i, grids %i–%i', async (households, min, max, gmin, gmax) => {
    const r = await evaluate('jilin', { input: { households }, outputs: ['posts_min', 'posts_max', 'grids_min', 'grids_max', 'party_building_posts_min'] });
    expect(r.body.outputs).toEqual({ posts_min: min, posts_max: max, grids_min: gmin, grids_max: gmax, party_building_posts_min: 2 });
  });

  it('jilin exit clauses: two consecutive fails, three fails in total, and the five grounds in order', async () => {
    const base = { assessments: [], discipline_breach: false, serious_dereliction: false, agreement_breach_uncorrected: false, incompetent_after_training: false, other_legal_ground: false };
    const exit = async (input: object) => (await evaluate('jilin', { input: { ...base, ...input }, outputs: ['exit_clauses', 'must_exit'] })).body.outputs;
    expect(await exit({ assessments: ['pass', 'fail', 'fail'] })).toEqual({ exit_clauses: [1], must_exit: true });
    expect(await exit({ assessments: ['fail', 'pass', 'fail', 'pass', 'fail'] })).toEqual({ exit_clauses: [1], must_exit: true });
    expect(await exit({ assessments: ['fail', 'pass', 'fail'] })).toEqual({ exit_clauses: [], must_exit: false });
    expect(await exit({ other_legal_ground: true, discipline_breach: true, incompetent_after_training: true })).toEqual({ exit_clauses: [2, 5, 6], must_exit: true });
  });

  it('jilin task admission reasons in contract order', async () => {
    const r = await evaluate('jilin', { input: { task_area: 'demolition', community_role: 'responsible', funded: false, on_admission_list: false, county_approved: false }, outputs: ['task_reasons', 'task_admitted'] });
    expect(r.body.outputs).toEqual({ task_reasons: ['prohibited_area', 'not_listed'], task_admitted: false });
    const ok = await evaluate('jilin', { input: { task_area: 'other', community_role: 'assisting', funded: true, on_admission_list: true, county_approved: false }, outputs: ['task_reasons', 'task_admitted'] });
    expect(ok.body.outputs).toEqual({ task_reasons: [], task_admitted: true });
  });

  it('jilin recruitment: age 40 limit, relaxed groups up to the local limit', async () => {
    const person = { education: 'college', existing_worker: false, certificate: 'none', sociology_graduate: false, veteran: false };
    const rec = async (input: object, id = 'jilin') => (await evaluate(id, { input: { ...person, ...input }, outputs: ['recruit_eligible', 'recruit_priority'] })).body.outputs;
    expect(await rec({ age: 40 })).toEqual({ recruit_eligible: true, recruit_priority: false });
    expect(await rec({ age: 41 })).toEqual({ recruit_eligible: false, recruit_priority: false });
    expect(await rec({ age: 45, veteran: true })).toEqual({ recruit_eligible: true, recruit_priority: true });
    expect(await rec({ age: 30, education: 'highschool' })).toEqual({ recruit_eligible: false, recruit_priority: false });
    expect(await rec({ age: 48, sociology_graduate: true }, 'jilin-example')).toEqual({ recruit_eligible: true, recruit_priority: true });
    expect(await rec({ age: 49, sociology_graduate: true }, 'jilin-example')).toEqual({ recruit_eligible: false, recruit_priority: true });
  });

  it.each([
    ['none', 0],
    ['junior', 100],
    ['intermediate', 200],
    ['senior', 300],
  ])('huangshi career allowance for title %s is %i yuan', async (title, yuan) => {
    const r = await evaluate('huangshi', { input: { social_work_title: title }, outputs: ['career_allowance'] });
    expect(r.body.outputs).toEqual({ career_allowance: yuan });
  });

  it('cn labour contract requirement is inherited by every fork', async () => {
    for (const id of ['cn', 'jilin', 'jilin-example', 'huangshi', 'shenyang']) {
      const yes = await evaluate(id, { input: { civil_servant: false, public_institution_staff: false }, outputs: ['labor_contract_required'] });
      const no = await evaluate(id, { input: { civil_servant: false, public_institution_staff: true }, outputs: ['labor_contract_required'] });
      expect([id, yes.body.outputs, no.body.outputs]).toEqual([id, { labor_contract_required: true }, { labor_contract_required: false }]);
    }
  });

  it('evaluates every output of a full record, money exact to the fen', async () => {
    const r = await evaluate('jilin-example', { input: JILIN_PERSON, as_of: '2025-06-01' });
    expect(r.status).toBe(200);
    expect(r.body.outputs).toMatchObject({ pay_grade: 4, standard_pay: 4800, base_pay: 3360, performance_pay: 1440, certificate_allowance: 350, monthly_pay: 5150, exit_clauses: [], task_admitted: true });
    const staff = await evaluate('jilin-example', { input: { post: 'staff', years_of_service: 10, education: 'college' }, outputs: ['base_pay', 'performance_pay'] });
    expect(staff.body.outputs).toEqual({ base_pay: 3091.2, performance_pay: 1324.8 });
  });
});

describe('compiled rule sets are cached per id and version', () => {
  it('compiles a version once, however many requests evaluate it', async () => {
    const body = { input: { social_work_title: 'senior' }, outputs: ['career_allowance'] };
    expect((await evaluate('huangshi', body)).status).toBe(200);
    const after = s.service.compilations;
    for (let i = 0; i < 20; i++) await evaluate('huangshi', { ...body, version: 1 });
    await s.call('GET', '/v1/rulesets/huangshi');
    await s.call('GET', '/v1/rulesets/huangshi/json-logic');
    expect(s.service.compilations).toBe(after);
    expect((await s.call('GET', '/healthz')).body.compilations).toBe(after);
  });
});

describe('as_of pinning', () => {
  const pay = { post: 'committee', years_of_service: 7, education: 'college', certificate: 'assistant' };
  it('uses the jilin-example allowance in force on the evaluation date (raised on 2025-01-01)', async () => {
    const before = await evaluate('jilin-example', { input: pay, outputs: ['certificate_allowance', 'monthly_pay'], as_of: '2024-12-31' });
    const after = await evaluate('jilin-example', { input: pay, outputs: ['certificate_allowance', 'monthly_pay'], as_of: '2025-01-01' });
    expect(before.body).toMatchObject({ as_of: '2024-12-31', outputs: { certificate_allowance: 300, monthly_pay: 5100 } });
    expect(after.body).toMatchObject({ as_of: '2025-01-01', outputs: { certificate_allowance: 350, monthly_pay: 5150 } });
  });

  it('applies the jilin one-term agreement rule only from 2021-01-01', async () => {
    const at = async (as_of: string) => (await evaluate('jilin', { input: {}, outputs: ['term_agreement_required'], as_of })).body.outputs.term_agreement_required;
    expect(await at('2020-12-31')).toBe(false);
    expect(await at('2021-01-01')).toBe(true);
  });

  it('refuses a date that is not YYYY-MM-DD, naming the field', async () => {
    const shape = expectProblem(await evaluate('jilin', { input: {}, outputs: ['term_agreement_required'], as_of: '1 March 2021' }), 400, 'invalid-request');
    expect(shape.errors).toEqual([expect.objectContaining({ field: 'as_of' })]);
    const calendar = expectProblem(await evaluate('jilin', { input: {}, outputs: ['term_agreement_required'], as_of: '2021-02-30' }), 400, 'invalid-request');
    expect(calendar.errors).toEqual([expect.objectContaining({ field: 'as_of' })]);
  });
});

describe('explanations', () => {
  it('returns a trace with citations, the table row matched and the value in force', async () => {
    const r = await evaluate('jilin-example', { input: { post: 'staff', years_of_service: 8, education: 'master', certificate: 'social_worker' }, outputs: ['pay_grade', 'certificate_allowance'], as_of: '2025-03-01', explain: true });
    expect(r.status).toBe(200);
    const [grade, allowance] = r.body.explanation;
    expect(grade).toMatchObject({ name: 'pay_grade', kind: 'table', value: 4, cite: 'JL-W §2(4)', row: { index: 5 } });
    expect(grade.children.map((c: any) => c.name)).toEqual(expect.arrayContaining(['post', 'years_of_service', 'education']));
    const param = JSON.stringify(allowance);
    expect(param).toContain('"in_force_from":"2025-01-01"');
    expect(param).toContain('550');
  });

  it('lists the clauses that fired, with their citations', async () => {
    const r = await evaluate('jilin', { input: { assessments: ['fail', 'fail'], discipline_breach: true, serious_dereliction: false, agreement_breach_uncorrected: false, incompetent_after_training: false, other_legal_ground: false }, outputs: ['exit_clauses'], explain: true });
    expect(r.body.explanation[0]).toMatchObject({ kind: 'clauses', value: [1, 2], fired: [{ key: 1, cite: 'JL-W §2(10)⑴' }, { key: 2, cite: 'JL-W §2(10)⑵' }] });
  });
});

describe('400s name each field and what was expected', () => {
  it('reports missing and ill-typed inputs together', async () => {
    const p = expectProblem(await evaluate('jilin', { input: { households: -5, post: 'boss' }, outputs: ['posts_min', 'pay_grade'] }), 400, 'invalid-input');
    const byField = Object.fromEntries(p.errors.map((e: any) => [e.field, e]));
    expect(byField['households']).toMatchObject({ code: 'E-INPUT-RANGE', expected: expect.stringContaining('0..100000') });
    expect(byField['post']).toMatchObject({ code: 'E-INPUT-TYPE', expected: 'one of head (社区正职), committee (其他“两委”成员), staff (普通工作人员)' });
    expect(byField['years_of_service']).toMatchObject({ code: 'E-INPUT-MISSING' });
    expect(byField['education']).toMatchObject({ code: 'E-INPUT-MISSING' });
    expect(p.detail).toContain('households');
  });

  it('reports an unknown input name, an unknown output and a list item', async () => {
    expect(expectProblem(await evaluate('jilin', { input: { houshold: 3 }, outputs: ['posts_min'] }), 400, 'invalid-input').errors).toContainEqual(expect.objectContaining({ field: 'houshold', code: 'E-INPUT-UNKNOWN' }));
    expect(expectProblem(await evaluate('jilin', { input: {}, outputs: ['salary'] }), 400, 'invalid-input').errors).toEqual([expect.objectContaining({ field: 'outputs', code: 'E-OUTPUT-UNKNOWN' })]);
    const list = expectProblem(await evaluate('jilin', { input: { assessments: ['pass', 'awful'], discipline_breach: false, serious_dereliction: false, agreement_breach_uncorrected: false, incompetent_after_training: false, other_legal_ground: false }, outputs: ['exit_clauses'] }), 400, 'invalid-input');
    expect(list.errors).toEqual([expect.objectContaining({ field: 'assessments.1', code: 'E-INPUT-TYPE' })]);
  });

  it('names each unknown input, with a suggestion where one is near', async () => {
    const p = expectProblem(await evaluate('jilin', { input: { households: 1, bogus: 2, bogus2: 3, housholds: 4 }, outputs: ['posts_min'] }), 400, 'invalid-input');
    expect(p.errors.map((e: any) => [e.field, e.code, e.message])).toEqual([
      ['bogus', 'E-INPUT-UNKNOWN', 'unknown input `bogus`'],
      ['bogus2', 'E-INPUT-UNKNOWN', 'unknown input `bogus2`'],
      ['housholds', 'E-INPUT-UNKNOWN', 'unknown input `housholds`; did you mean `households`?'],
    ]);
    expect(p.detail).toBe('invalid input: bogus, bogus2, housholds');
  });

  it('words field errors in Chinese on request', async () => {
    const p = expectProblem(await s.call('POST', '/v1/rulesets/huangshi/evaluate?lang=zh', { body: { input: { social_work_title: 'expert' }, outputs: ['career_allowance'] } }), 400, 'invalid-input');
    expect(p.errors[0].message).toBe('输入 `social_work_title` 的值 "expert" 无效，应为其中之一：none（无）, junior（初级（助理社会工作师））, intermediate（中级（社会工作师））, senior（高级（高级社会工作师））');
  });

  it('names bad request fields (typos, wrong types) before evaluating', async () => {
    const p = expectProblem(await evaluate('jilin', { inputs: {}, outputs: 'posts_min', version: 0 }), 400, 'invalid-request');
    expect(p.errors.map((e: any) => e.field).sort()).toEqual(['input', 'inputs', 'outputs', 'version']);
  });

  it('names every unknown request field at once, with a suggestion where one is near', async () => {
    // Before: only the first (`foo`) was named; the client learnt of `bar` on its next try.
    const p = expectProblem(await evaluate('jilin', { input: { households: 1 }, as_of: '2025-01-01', foo: 1, bar: 2, outptus: ['posts_min'] }), 400, 'invalid-request');
    const expected = 'one of input, outputs, as_of, version, explain';
    expect(p.errors).toEqual([
      { field: 'foo', code: 'E-REQUEST-UNKNOWN', message: 'unknown field `foo`', expected },
      { field: 'bar', code: 'E-REQUEST-UNKNOWN', message: 'unknown field `bar`', expected },
      { field: 'outptus', code: 'E-REQUEST-UNKNOWN', message: 'unknown field `outptus`; did you mean `outputs`?', expected },
    ]);
    expect(p.detail).toBe('invalid request: foo, bar, outptus');
    const zh = expectProblem(await s.call('POST', '/v1/rulesets/jilin/evaluate/batch?lang=zh', { body: { inputs: [], foo: 1, verison: 1 } }), 400, 'invalid-request');
    expect(zh.errors.map((e: any) => [e.field, e.message, e.expected])).toEqual([
      ['foo', '未知字段 `foo`', '其中之一：inputs, outputs, as_of, version'],
      ['verison', '未知字段 `verison`，是否想写 `version`？', '其中之一：inputs, outputs, as_of, version'],
    ]);
  });

  it('names ten unknown request fields, counts the rest, and still names the other bad fields', async () => {
    const body: Record<string, unknown> = { input: {}, version: 0 };
    for (let i = 1; i <= 12; i++) body[`x${i}`] = i;
    const p = expectProblem(await evaluate('jilin', body), 400, 'invalid-request');
    expect(p.errors.map((e: any) => [e.field, e.code])).toEqual([
      ['version', 'E-REQUEST-INVALID'],
      ...Array.from({ length: 10 }, (_, i) => [`x${i + 1}`, 'E-REQUEST-UNKNOWN']),
      ['(body)', 'E-REQUEST-UNKNOWN'],
    ]);
    expect(p.errors.at(-1).message).toBe('and 2 more unknown fields');
    const zh = expectProblem(await s.call('POST', '/v1/rulesets/jilin/evaluate?lang=zh', { body }), 400, 'invalid-request');
    expect(zh.errors.at(-1).message).toBe('另有 2 个未知字段');
  });

  it('words request rules in Chinese too', async () => {
    const p = expectProblem(await s.call('POST', '/v1/rulesets/jilin/evaluate?lang=zh', { body: { input: {}, as_of: '2024-13-01', version: 0 } }), 400, 'invalid-request');
    expect(p.errors.map((e: any) => e.message)).toEqual(['字段 `as_of` 的值 "2024-13-01" 无效：应为日期，格式为 YYYY-MM-DD', '字段 `version` 的值 0 无效：不能小于 1']);
  });

  it('words wrong JSON types for people, in both languages', async () => {
    const zh = expectProblem(await s.call('POST', '/v1/rulesets/jilin/evaluate?lang=zh', { body: { input: {}, outputs: 'posts_min', explain: 'yes' } }), 400, 'invalid-request');
    expect(zh.errors.map((e: any) => e.message).sort()).toEqual(['字段 `explain` 的值 "yes" 无效：应为布尔值（true 或 false）', '字段 `outputs` 的值 "posts_min" 无效：应为列表（JSON 数组）']);
    const en = expectProblem(await s.call('POST', '/v1/rulesets/jilin/evaluate', { body: { input: {}, outputs: 'posts_min' } }), 400, 'invalid-request');
    expect(en.errors[0].message).toBe('field `outputs` = "posts_min" is invalid: expected a list (JSON array)');
  });

  it('says what each request field expects, in the message and in `expected`', async () => {
    const fields = async (path: string, body?: unknown) => {
      const r = await s.call(body === undefined ? 'GET' : 'POST', path, body === undefined ? {} : { body });
      return expectProblem(r, 400, 'invalid-request').errors.map((e: any) => [e.field, e.expected, e.message]);
    };
    expect(await fields('/v1/rulesets/jilin/evaluate', { input: [1] })).toEqual([['input', 'an object of input values', 'field `input` = [1] is invalid: expected an object of input values']]);
    expect(await fields('/v1/rulesets/jilin/evaluate?lang=zh', { input: 'x' })).toEqual([['input', '输入值对象（JSON 对象，键为输入名）', '字段 `input` 的值 "x" 无效：应为输入值对象（JSON 对象，键为输入名）']]);
    expect(await fields('/v1/rulesets/jilin/evaluate', { input: {}, version: 0 })).toEqual([['version', 'at least 1', 'field `version` = 0 is invalid: expected at least 1']]);
    expect(await fields('/v1/rulesets/jilin/evaluate', { input: {}, version: 1.5 })).toEqual([['version', 'an integer', 'field `version` = 1.5 is invalid: expected an integer']]);
    // Before: 9007199254740993 was read as …992 and looked up (404 "no version 9007199254740992").
    const big = expectProblem(await s.call('POST', '/v1/rulesets/jilin/evaluate', { raw: '{"input": {}, "version": 9007199254740993}' }), 400, 'invalid-request');
    // Worded as an integer input beyond the safe integers is: the range, then why; `expected` is the range.
    expect(big.errors).toEqual([{ field: 'version', code: 'E-REQUEST-INVALID', message: 'field `version` = 9007199254740992 is invalid: expected an integer 1..9007199254740991 (integers beyond these are not exact in JSON)', expected: 'an integer 1..9007199254740991' }]);
    expect(await fields('/v1/rulesets/jilin/evaluate/batch', { inputs: [], version: 1e300 })).toEqual([['version', 'an integer 1..9007199254740991', expect.stringContaining('field `version` = 1e+300 is invalid')]]);
    expect(await fields('/v1/rulesets/jilin/evaluate/table?lang=zh', { columns: [], rows: [], version: 2 ** 60 })).toEqual([['version', '整数 1..9007199254740991', '字段 `version` 的值 1152921504606847000 无效：应为整数 1..9007199254740991（超出此范围的整数在 JSON 中无法精确表示）']]);
    expect(await fields('/v1/rulesets/jilin?version=abc')).toEqual([['version', 'a positive integer', 'field `version` = "abc" is invalid: expected a positive integer']]);
    expect(await fields('/v1/rulesets/jilin?lang=fr')).toEqual([['lang', 'a language: zh or en, or a tag such as zh-CN or en-US', 'field `lang` = "fr" is invalid: expected a language: zh or en, or a tag such as zh-CN or en-US']]);
  });

  it('refuses a date that does not exist (2025-02-30) like one that is not a date at all', async () => {
    for (const as_of of ['2025-02-30', '2025-13-01', '01/01/2025']) {
      const p = expectProblem(await evaluate('jilin', { input: { households: 3000 }, outputs: ['posts_min'], as_of }), 400, 'invalid-request');
      expect(p.errors).toEqual([expect.objectContaining({ field: 'as_of', expected: 'a date YYYY-MM-DD' })]);
    }
  });

  it('refuses bodies that are not JSON, or not sent as JSON', async () => {
    expectProblem(await s.call('POST', '/v1/rulesets/jilin/evaluate', { raw: '{"input": ' }), 400, 'invalid-json');
    // In Chinese, where parsing stopped is said in Chinese (the parser's own words follow).
    const broken = expectProblem(await s.call('POST', '/v1/rulesets/jilin/evaluate?lang=zh', { raw: '{"input": {"a" 1}}' }), 400, 'invalid-json');
    expect(broken.detail).toMatch(/^请求体不是有效的 JSON：第 1 行第 \d+ 列处有误（.+）$/);
    const cut = expectProblem(await s.call('POST', '/v1/rulesets/jilin/evaluate?lang=zh', { raw: '{"input": ' }), 400, 'invalid-json');
    expect(cut.detail).toMatch(/^请求体不是有效的 JSON：(内容在结尾前中断|第 .+处有误)（.+）$/);
    // The parser quotes the body; a body that looks like a location is not read as one.
    const quoted = expectProblem(await s.call('POST', '/v1/rulesets/jilin/evaluate?lang=zh', { raw: 'line 7 column 3' }), 400, 'invalid-json');
    expect(quoted.detail).not.toContain('第 7 行');
    expectProblem(await s.call('POST', '/v1/rulesets/jilin/evaluate', { raw: 'input=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported-media-type');
    for (const raw of ['[]', '[1, 2]', '"input"', 'null']) {
      const p = expectProblem(await s.call('POST', '/v1/rulesets/jilin/evaluate', { raw }), 400, 'invalid-request');
      expect(p.errors).toEqual([{ field: '(body)', code: 'E-REQUEST-OBJECT', message: 'the body must be a JSON object' }]);
    }
    const zh = expectProblem(await s.call('POST', '/v1/rulesets/jilin/evaluate?lang=zh', { raw: '[1]' }), 400, 'invalid-request');
    expect(zh.errors[0].message).toBe('请求体必须是 JSON 对象');
  });

  it('refuses bytes that are not UTF-8, read in one go or streamed, instead of reading U+FFFD in their place', async () => {
    // Rule text whose comment has `é` in Latin-1 (0xE9), or an emoji cut short (F0 9F 98): both
    // used to be checked as if the text had U+FFFD there (200).
    const encode = (x: string) => new TextEncoder().encode(x);
    const body = (bad: number[]) => Uint8Array.from([...encode('{"source": "ruleset a\\n# caf'), ...bad, ...encode('\\n"}')]);
    for (const bytes of [body([0xe9]), body([0xf0, 0x9f, 0x98])]) {
      for (const framing of [{ 'content-length': String(bytes.length) }, {}] as Record<string, string>[]) {
        const res = await s.app.request('/v1/check', { method: 'POST', headers: { 'content-type': 'application/json', ...framing }, body: bytes });
        const p = expectProblem({ status: res.status, headers: res.headers, body: await res.json() }, 400, 'invalid-json');
        expect(p.detail).toBe('the request body is not valid UTF-8: it has bytes that are not UTF-8, or U+FFFD, the character that replaces them');
      }
    }
    // The same text in UTF-8 is read; the character itself can be sent escaped.
    for (const raw of ['{"source": "ruleset a\\n# café\\n"}', '{"source": "ruleset a\\n# caf\\ufffd\\n"}']) expect((await s.call('POST', '/v1/check', { raw })).status, raw).toBe(200);
  });

  it('refuses a charset other than UTF-8 (415) rather than read the body as UTF-8', async () => {
    const raw = JSON.stringify({ input: { households: 4321 }, outputs: ['posts_min'] });
    for (const type of ['application/json; charset=iso-8859-1', 'application/json;charset="windows-1252"', 'application/json; charset=utf-16']) {
      const p = expectProblem(await s.call('POST', '/v1/rulesets/jilin/evaluate', { raw, headers: { 'content-type': type } }), 415, 'unsupported-media-type');
      expect(p.detail).toMatch(/^`charset=[\w-]+` is not supported: send the JSON in UTF-8/);
    }
    const zh = expectProblem(await s.call('POST', '/v1/rulesets/jilin/evaluate?lang=zh', { raw, headers: { 'content-type': 'application/json; charset=gbk' } }), 415, 'unsupported-media-type');
    expect(zh.detail).toBe('不支持 `charset=gbk`：请以 UTF-8 编码发送 JSON（`Content-Type: application/json`）');
    // Before: an empty charset got the generic "send `Content-Type: application/json`", which it had sent.
    for (const type of ['application/json; charset=', 'application/json; charset=""']) {
      const empty = expectProblem(await s.call('POST', '/v1/rulesets/jilin/evaluate', { raw, headers: { 'content-type': type } }), 415, 'unsupported-media-type');
      expect(empty.detail, type).toBe('`charset=` names no charset: send the JSON in UTF-8 (`Content-Type: application/json`)');
    }
    const emptyZh = expectProblem(await s.call('POST', '/v1/rulesets/jilin/evaluate?lang=zh', { raw, headers: { 'content-type': 'application/json;charset=' } }), 415, 'unsupported-media-type');
    expect(emptyZh.detail).toBe('`charset=` 未写明字符集：请以 UTF-8 编码发送 JSON（`Content-Type: application/json`）');
    for (const type of ['application/json; charset=utf-8', 'application/json; charset="UTF-8"', 'application/json;charset=utf8', 'application/json; foo=bar']) {
      expect((await s.call('POST', '/v1/rulesets/jilin/evaluate', { raw, headers: { 'content-type': type } })).status, type).toBe(200);
    }
  });

  it('refuses bodies over 1 MiB on ordinary routes, streamed or with a declared length', async () => {
    const big = JSON.stringify({ input: { households: 1 }, outputs: ['posts_min'], pad: 'x'.repeat(1_100_000) });
    expectProblem(await s.call('POST', '/v1/rulesets/jilin/evaluate', { raw: big }), 413, 'payload-too-large');
    expectProblem(await s.call('POST', '/v1/rulesets/jilin/evaluate', { raw: big, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(big)) } }), 413, 'payload-too-large');
  });

  it('reads a body with a declared length, and marks every answer nosniff', async () => {
    const raw = JSON.stringify({ input: { households: 4321 }, outputs: ['posts_min'], as_of: '2024-06-01' });
    const r = await s.call('POST', '/v1/rulesets/jilin/evaluate', { raw, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(raw)) } });
    expect(r.status).toBe(200);
    expect(r.body.outputs).toEqual({ posts_min: 12 });
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    const bad = await s.call('POST', '/v1/rulesets/jilin/evaluate', { raw: '{' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('values of any depth or size are quoted short, never a 500', () => {
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  const raw = (path: string, text: string) => s.call('POST', `/v1/rulesets/jilin${path}`, { raw: text });
  // Before: quoting these values with JSON.stringify overflowed the stack (500 `internal`, or
  // `E-INTERNAL` for a record of a batch or a row of a table).

  it('names an input nested 5,000 deep, or a megabyte string, with the start of its value', async () => {
    const p = expectProblem(await raw('/evaluate', `{"input":{"households":${deep(5000)}},"outputs":["posts_min"]}`), 400, 'invalid-input');
    expect(p.errors).toEqual([expect.objectContaining({ field: 'households', code: 'E-INPUT-TYPE', message: `input \`households\` = ${'['.repeat(39)}… is invalid: expected an integer[household] 0..100000` })]);
    const long = expectProblem(await evaluate('jilin', { input: { households: 'x'.repeat(1_000_000 - 100) }, outputs: ['posts_min'] }), 400, 'invalid-input');
    expect(long.errors[0].message).toBe(`input \`households\` = "${'x'.repeat(38)}… is invalid: expected an integer[household] 0..100000`);
  });

  it.each([
    ['as_of', `{"input":{},"as_of":${deep(5000)}}`],
    ['version', `{"input":{},"version":${deep(5000)}}`],
    ['explain', `{"input":{},"explain":[{"a":${deep(5000)}}]}`],
    ['outputs.0', `{"input":{},"outputs":[${deep(5000)}]}`],
  ])('names the request field %s nested 5,000 deep', async (field, text) => {
    const p = expectProblem(await raw('/evaluate', text), 400, 'invalid-request');
    expect(p.errors).toEqual([expect.objectContaining({ field, message: expect.stringMatching(/^field `[\w.]+` = [[{]/) })]);
    expect(p.errors[0].message.length).toBeLessThan(120);
  });

  it('answers a deep record of a batch or row of a table in its place, and names deep columns', async () => {
    const batch = await raw('/evaluate/batch', `{"inputs":[{"households":${deep(5000)}},{"households":4321}],"outputs":["posts_min"]}`);
    expect(batch.body.results).toEqual([{ ok: false, errors: [expect.objectContaining({ field: 'households', code: 'E-INPUT-TYPE' })] }, { ok: true, outputs: { posts_min: 12 } }]);
    const table = await raw('/evaluate/table', `{"columns":["households"],"rows":[[${deep(5000)}],[4321]],"outputs":["posts_min"]}`);
    expect(table.body.rows).toEqual([{ errors: [expect.objectContaining({ field: 'households', code: 'E-INPUT-TYPE' })] }, [12]]);
    const columns = expectProblem(await raw('/evaluate/table', `{"columns":[${deep(5000)}],"rows":[]}`), 400, 'invalid-request');
    expect(columns.errors).toEqual([expect.objectContaining({ field: 'columns.0' })]);
  });

  it('quotes a long unknown name short in messages and in `detail`, and names it whole in `field`', async () => {
    const long = 'k'.repeat(100_000);
    const input = expectProblem(await evaluate('jilin', { input: { households: 1, [long]: 1 }, outputs: ['posts_min'] }), 400, 'invalid-input');
    const request = expectProblem(await evaluate('jilin', { input: { households: 1 }, [long]: 1 }), 400, 'invalid-request');
    for (const p of [input, request]) {
      expect(p.errors).toEqual([expect.objectContaining({ field: long, message: expect.stringContaining(`\`${'k'.repeat(39)}…\``) })]);
      expect(p.detail).toMatch(new RegExp(`: ${'k'.repeat(39)}…$`));
    }
  });

  it('looks for forbidden keys at any depth without refusing deep JSON as invalid', async () => {
    // A `\u` escape sends the body through the forbidden-key search (it once recursed, and overflowed).
    const escaped = await raw('/evaluate/batch', `{"inputs":[{"households":4321},${deep(5000)}],"outputs":["posts_min"],"as_of":"2024-06-0\\u0031"}`);
    expect(escaped.status).toBe(200);
    expect(escaped.body.results[1]).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'E-INPUT-OBJECT' })] });
    const hidden = expectProblem(await raw('/evaluate', `{"input":{},"x":${'['.repeat(5000)}{"__proto__":1}${']'.repeat(5000)}}`), 400, 'forbidden-key');
    expect(hidden.detail).toContain('__proto__');
  });
});

describe('prototype pollution', () => {
  it.each([
    ['{"input": {"__proto__": {"households": 5}}, "outputs": ["posts_min"]}', '__proto__'],
    ['{"input": {"households": 5, "constructor": {"prototype": {"polluted": 1}}}, "outputs": ["posts_min"]}', 'constructor'],
    ['{"input": {"households": 5, "constructor": 1}, "outputs": ["posts_min"]}', 'constructor'],
    ['{"__proto__": {"polluted": 1}, "input": {"households": 5}}', '__proto__'],
    ['{"input": {"\\u005f_proto__": {"polluted": 1}}}', '__proto__'],
  ])('refuses %s without polluting anything', async (raw, key) => {
    const p = expectProblem(await s.call('POST', '/v1/rulesets/jilin/evaluate', { raw }), 400, 'forbidden-key');
    expect(p.detail).toContain(key);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['households']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('refuses forbidden keys in batches and drafts as well', async () => {
    expectProblem(await s.call('POST', '/v1/rulesets/jilin/evaluate/batch', { raw: '{"inputs": [{"households": 1}, {"__proto__": {"x": 1}}]}' }), 400, 'forbidden-key');
    expectProblem(await s.call('POST', '/v1/check', { raw: '{"source": "ruleset a", "bases": {"constructor": "x"}}' }), 400, 'forbidden-key');
  });

  it('still accepts the words as values', async () => {
    const r = await s.call('POST', '/v1/check', { raw: '{"source": "# __proto__ constructor prototype\\nruleset a\\n  extends cn\\n"}' });
    expect(r.status).toBe(200);
  });
});

describe('money inputs over HTTP', () => {
  it('are refused (400, naming the input) when they have digits below the fen, as in the CLI', async () => {
    const body = (pay: string) => `{"input":{"monthly_pay":${pay}},"outputs":["below_2017_average"]}`;
    const ok = await s.call('POST', '/v1/rulesets/shenyang/evaluate', { raw: body('5449.99') });
    expect(ok.body.outputs).toEqual({ below_2017_average: true });
    for (const pay of ['0.30000000000000004', '6433.1800001', '89999999.995']) {
      const p = expectProblem(await s.call('POST', '/v1/rulesets/shenyang/evaluate', { raw: body(pay) }), 400, 'invalid-input');
      expect(p.errors).toEqual([expect.objectContaining({ field: 'monthly_pay', code: 'E-INPUT-TYPE', message: expect.stringContaining(`= ${pay} has more than 2 decimal places: expected an amount in yuan with at most 2 decimals`) })]);
    }
  });
});

describe('the default evaluation date', () => {
  it('is today in China (UTC+8) for evaluate, batch and table: at 22:00 UTC on 31 December it is already 1 January', async () => {
    const late = await startServer({ now: () => new Date('2026-12-31T22:00:00Z') });
    try {
      const body = { outputs: ['posts_min'] };
      const one = await late.call('POST', '/v1/rulesets/jilin/evaluate', { body: { ...body, input: { households: 3000 } } });
      expect(one.body.as_of).toBe('2027-01-01');
      const batch = await late.call('POST', '/v1/rulesets/jilin/evaluate/batch', { body: { ...body, inputs: [{ households: 3000 }] } });
      expect(batch.body.as_of).toBe('2027-01-01');
      const table = await late.call('POST', '/v1/rulesets/jilin/evaluate/table', { body: { ...body, columns: ['households'], rows: [[3000]] } });
      expect(table.body.as_of).toBe('2027-01-01');
    } finally {
      late.close();
    }
  });
});
