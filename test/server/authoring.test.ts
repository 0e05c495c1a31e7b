/**
 * Writing over HTTP: tokens and roles per tenant (401/403), drafts with ETags (428/412),
 * publication with version pinning (of the rule set and of its bases), rollback, forks, checks,
 * and the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, expectProblem, startServer, type TestServer } from './helpers.ts';

let s: TestServer;
let jilinEditor: string;
let jilinPublisher: string;
let cityPublisher: string;
let cityViewer: string;
beforeAll(async () => {
  s = await startServer();
  jilinEditor = await s.token('jilin', 'editor');
  jilinPublisher = await s.token('jilin', 'publisher');
  cityPublisher = await s.token('jilin-example', 'publisher');
  cityViewer = await s.token('jilin-example', 'viewer');
});
afterAll(() => s.close());

const quoted = (etag: string) => `"${etag}"`;
const draftOf = async (id: string, token: string) => {
  const r = await s.call('GET', `/v1/rulesets/${id}/draft`, { token });
  expect(r.status).toBe(200);
  expect(r.headers.get('etag')).toBe(quoted(r.body.etag));
  return r.body as { etag: string; source: string; has_draft: boolean; diagnostics: unknown[] };
};
const putDraft = (id: string, token: string | undefined, source: string, etag?: string) =>
  s.call('PUT', `/v1/rulesets/${id}/draft`, { ...(token ? { token } : {}), body: { source }, headers: etag ? { 'if-match': quoted(etag) } : {} });
const publish = (id: string, token: string, etag?: string, note?: string) =>
  s.call('POST', `/v1/rulesets/${id}/publish`, { token, headers: etag ? { 'if-match': quoted(etag) } : {}, ...(note ? { body: { note } } : {}) });
const pay = { post: 'committee', years_of_service: 7, education: 'college', certificate: 'senior' };
const allowance = async (version?: number) => {
  const r = await s.call('POST', '/v1/rulesets/jilin-example/evaluate', { body: { input: pay, outputs: ['certificate_allowance'], as_of: '2025-06-01', ...(version ? { version } : {}) } });
  expect(r.status).toBe(200);
  return [r.body.version, r.body.outputs.certificate_allowance];
};

describe('tokens and roles', () => {
  it('refuses writes without a token (401 with WWW-Authenticate) and with an unknown token', async () => {
    const r = expectProblem(await putDraft('jilin', undefined, 'ruleset jilin'), 401, 'unauthorized');
    expect(r.detail).toContain('Bearer');
    expect((await putDraft('jilin', undefined, 'x')).headers.get('www-authenticate')).toContain('Bearer');
    expectProblem(await putDraft('jilin', 'sgr_not-a-real-token', 'x', 'e'), 401, 'unauthorized');
    expectProblem(await s.call('GET', '/v1/rulesets', { token: 'sgr_wrong' }), 401, 'unauthorized');
    expectProblem(await s.call('POST', '/v1/tokens', { body: { tenant: 'jilin', role: 'admin' } }), 401, 'unauthorized');
  });

  it('issues tokens that are shown once and stored only as hashes', async () => {
    const r = await s.call('POST', '/v1/tokens', { token: ADMIN, body: { tenant: 'huangshi', role: 'viewer', label: '黄石 viewer' } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ id: expect.stringMatching(/^tok_/), token: expect.stringMatching(/^sgr_[A-Za-z0-9_-]{43}$/), tenant: 'huangshi', role: 'viewer', label: '黄石 viewer' });
    expect(r.headers.get('cache-control')).toBe('no-store');
    const { createClient } = await import('@libsql/client');
    const db = createClient({ url: s.url });
    const rows = (await db.execute('SELECT * FROM tokens')).rows;
    db.close();
    expect(JSON.stringify(rows)).not.toContain(r.body.token);
    expect(rows.find((x) => x['id'] === r.body.id)?.['hash']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lets a tenant admin issue tokens only for its own tenant', async () => {
    const jilinAdmin = await s.token('jilin', 'admin');
    expect((await s.call('POST', '/v1/tokens', { token: jilinAdmin, body: { tenant: 'jilin', role: 'editor' } })).status).toBe(201);
    // The detail names the tenant once (it used to repeat it as the thing concerned).
    expect(expectProblem(await s.call('POST', '/v1/tokens', { token: jilinAdmin, body: { tenant: 'huangshi', role: 'editor' } }), 403, 'forbidden').detail).toBe('this needs the `admin` role for tenant `huangshi`');
    expectProblem(await s.call('POST', '/v1/tokens', { token: jilinAdmin, body: { tenant: '*', role: 'admin' } }), 403, 'forbidden');
    expectProblem(await s.call('POST', '/v1/tokens', { token: jilinPublisher, body: { tenant: 'jilin', role: 'viewer' } }), 403, 'forbidden');
    const p = expectProblem(await s.call('POST', '/v1/tokens', { token: ADMIN, body: { tenant: 'jilin', role: 'owner' } }), 400, 'invalid-request');
    expect(p.errors[0].message).toMatch(/^field `role` = "owner" is invalid: expected one of viewer, editor, publisher, admin$/);
  });

  it('revokes a token: it stops working at once, and only its tenant’s admins may revoke it', async () => {
    const issued = await s.call('POST', '/v1/tokens', { token: ADMIN, body: { tenant: 'shenyang', role: 'editor' } });
    const { id, token } = issued.body;
    expect((await s.call('GET', '/v1/rulesets/shenyang/draft', { token })).status).toBe(200);
    expectProblem(await s.call('DELETE', `/v1/tokens/${id}`, { token: await s.token('jilin', 'admin') }), 403, 'forbidden');
    const r = await s.call('DELETE', `/v1/tokens/${id}`, { token: await s.token('shenyang', 'admin') });
    expect(r).toMatchObject({ status: 200, body: { id, revoked: true } });
    expectProblem(await s.call('GET', '/v1/rulesets/shenyang/draft', { token }), 401, 'unauthorized');
    expectProblem(await s.call('DELETE', `/v1/tokens/${id}`, { token: ADMIN }), 404, 'token-not-found');
  });

  it('lists a tenant’s tokens to its admins (revoked ones marked, never the secrets)', async () => {
    const a = await s.call('POST', '/v1/tokens', { token: ADMIN, body: { tenant: 'wuhan', role: 'viewer', label: '武汉 viewer' } });
    const b = await s.call('POST', '/v1/tokens', { token: ADMIN, body: { tenant: 'wuhan', role: 'admin' } });
    await s.call('DELETE', `/v1/tokens/${a.body.id}`, { token: ADMIN });
    const mine = await s.call('GET', '/v1/tokens', { token: b.body.token });
    expect(mine.status).toBe(200);
    expect(mine.body.tokens.map((t: any) => [t.id, t.role, t.label ?? null, !!t.revoked_at])).toEqual([[a.body.id, 'viewer', '武汉 viewer', true], [b.body.id, 'admin', null, false]]);
    expect(JSON.stringify(mine.body)).not.toContain(a.body.token);
    expectProblem(await s.call('GET', '/v1/tokens?tenant=jilin', { token: b.body.token }), 403, 'forbidden');
    expectProblem(await s.call('GET', '/v1/tokens', { token: await s.token('wuhan', 'publisher') }), 403, 'forbidden');
    expectProblem(await s.call('GET', '/v1/tokens'), 401, 'unauthorized');
    const all = await s.call('GET', '/v1/tokens', { token: ADMIN });
    expect(new Set(all.body.tokens.map((t: any) => t.tenant))).toContain('wuhan');
    expect((await s.call('GET', '/v1/tokens?tenant=wuhan', { token: ADMIN })).body.tokens.length).toBeGreaterThanOrEqual(2);
  });

  it('forbids writing another tenant’s rule set: a city cannot edit its province', async () => {
    const d = await draftOf('jilin', jilinEditor);
    const p = expectProblem(await putDraft('jilin', cityPublisher, d.source, d.etag), 403, 'forbidden');
    expect(p.detail).toContain('jilin');
    expectProblem(await publish('jilin', cityPublisher, d.etag), 403, 'forbidden');
    expectProblem(await s.call('GET', '/v1/rulesets/jilin/draft', { token: cityViewer }), 403, 'forbidden');
  });

  it('forbids roles below what a write needs', async () => {
    const d = await draftOf('jilin-example', cityViewer);
    expectProblem(await putDraft('jilin-example', cityViewer, d.source, d.etag), 403, 'forbidden');
    expectProblem(await publish('jilin', jilinEditor, (await draftOf('jilin', jilinEditor)).etag), 403, 'forbidden');
  });
});

describe('drafts, ETags and publication', () => {
  it('needs If-Match on draft writes (428), refuses a stale one (412) and loses no edit', async () => {
    const d = await draftOf('jilin-example', cityPublisher);
    expect(d.has_draft).toBe(false);
    expectProblem(await putDraft('jilin-example', cityPublisher, d.source), 428, 'precondition-required');
    // Raising the allowance changes the rule set's own example too, or the draft could not be published.
    const raised = d.source
      .replace('allowance_senior: money "高级社会工作师证书津贴（元/月）" illustrative = 800', 'allowance_senior: money "高级社会工作师证书津贴（元/月）" illustrative = 900')
      .replace('certificate_allowance = 800, monthly_pay = 5600', 'certificate_allowance = 900, monthly_pay = 5700');
    const first = await putDraft('jilin-example', cityPublisher, raised, d.etag);
    expect(first.status).toBe(200);
    expect(first.body.ok).toBe(true);
    expect(first.headers.get('etag')).toBe(quoted(first.body.etag));
    const stale = expectProblem(await putDraft('jilin-example', cityPublisher, d.source + '\n# someone else', d.etag), 412, 'precondition-failed');
    expect(stale.detail).toContain('jilin-example');
    const now = await draftOf('jilin-example', cityViewer);
    expect(now).toMatchObject({ has_draft: true, etag: first.body.etag });
    expect(now.source).toContain('illustrative = 900');
    expect(now.source).not.toContain('someone else');
  });

  it('publishes the draft as version 2 and keeps version 1 evaluable by number', async () => {
    const d = await draftOf('jilin-example', cityPublisher);
    expectProblem(await publish('jilin-example', cityPublisher), 428, 'precondition-required');
    expectProblem(await publish('jilin-example', cityPublisher, 'stale-etag'), 412, 'precondition-failed');
    const r = await publish('jilin-example', cityPublisher, d.etag, 'raise the senior allowance');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ id: 'jilin-example', version: 2 });
    expect(await allowance()).toEqual([2, 900]);
    expect(await allowance(1)).toEqual([1, 800]);
    expect(await allowance(2)).toEqual([2, 900]);
    expect((await s.call('GET', '/v1/rulesets/jilin-example?version=1')).body.source).toContain('illustrative = 800');
    expect((await draftOf('jilin-example', cityViewer)).has_draft).toBe(false);
    expectProblem(await publish('jilin-example', cityPublisher, (await draftOf('jilin-example', cityViewer)).etag), 409, 'no-draft');
  });

  it('pins published versions to their base versions, and new drafts to the latest base', async () => {
    // jilin raises the province-wide minimum party-building posts in version 2.
    const d = await draftOf('jilin', jilinEditor);
    // The province's own examples change with it (a draft whose examples fail cannot be published).
    const changed = d.source
      .replace('param party_building_posts: integer[post] "党建专职岗位最低数（不含书记、副书记）" in 2.. cite "JL-W §2(2)" = 2', 'param party_building_posts: integer[post] "党建专职岗位最低数（不含书记、副书记）" in 2.. cite "JL-W §2(2)" = 3')
      .replaceAll('party_building_posts_min = 2', 'party_building_posts_min = 3');
    expect(changed).not.toBe(d.source);
    const saved = await putDraft('jilin', jilinEditor, changed, d.etag);
    expect(saved.body.ok).toBe(true);
    expect((await publish('jilin', jilinPublisher, saved.body.etag)).body.version).toBe(2);
    const posts = async (id: string, version?: number) => (await s.call('POST', `/v1/rulesets/${id}/evaluate`, { body: { input: {}, outputs: ['party_building_posts_min'], ...(version ? { version } : {}) } })).body.outputs.party_building_posts_min;
    expect(await posts('jilin')).toBe(3);
    expect(await posts('jilin', 1)).toBe(2);
    // The city's published version 2 was compiled against jilin 1 and stays so.
    expect(await posts('jilin-example')).toBe(2);
    // Its next publication picks up jilin 2.
    const cd = await draftOf('jilin-example', cityPublisher);
    const saved2 = await putDraft('jilin-example', cityPublisher, cd.source.replaceAll('party_building_posts_min = 2', 'party_building_posts_min = 3'), cd.etag);
    expect(saved2.body.ok).toBe(true);
    const v3 = await publish('jilin-example', cityPublisher, saved2.body.etag);
    expect(v3.body.version).toBe(3);
    expect(await posts('jilin-example')).toBe(3);
    const versions = (await s.call('GET', '/v1/rulesets/jilin-example/versions')).body.versions;
    expect(versions.map((v: any) => [v.version, v.bases])).toEqual([[1, { cn: 1, jilin: 1 }], [2, { cn: 1, jilin: 1 }], [3, { cn: 1, jilin: 2 }]]);
  });

  it('stores a draft with errors, answers its diagnostics, and refuses to publish it', async () => {
    const d = await draftOf('huangshi', ADMIN);
    const broken = d.source + '\ndef oops: money "x" = social_work_title + 1\n';
    const saved = await putDraft('huangshi', ADMIN, broken, d.etag);
    expect(saved.status).toBe(200);
    expect(saved.body.ok).toBe(false);
    const diag = saved.body.diagnostics.find((x: any) => x.severity === 'error');
    expect(diag).toMatchObject({ code: expect.stringMatching(/^E-/), message: expect.any(String), span: { file: 'huangshi.rules', start: expect.any(Number), end: expect.any(Number) } });
    expect(Object.keys(diag).every((k) => ['code', 'severity', 'message', 'help', 'span', 'related'].includes(k))).toBe(true);
    expect((await draftOf('huangshi', ADMIN)).source).toBe(broken);
    const p = expectProblem(await publish('huangshi', ADMIN, saved.body.etag), 422, 'draft-has-errors');
    expect(p.diagnostics).toEqual(saved.body.diagnostics);
    expect((await s.call('GET', '/v1/rulesets/huangshi')).body.version).toBe(1);
  });

  it('refuses a draft whose text names another rule set', async () => {
    const d = await draftOf('shenyang', ADMIN);
    const p = expectProblem(await putDraft('shenyang', ADMIN, d.source.replace('ruleset shenyang', 'ruleset jilin'), d.etag), 422, 'id-mismatch');
    expect(p.detail).toContain('`jilin`');
  });
});

describe('rollback', () => {
  it('publishes a copy of an older version as the newest, with the same pinned bases', async () => {
    const before = (await s.call('GET', '/v1/rulesets/jilin-example')).body.version;
    expectProblem(await s.call('POST', '/v1/rulesets/jilin-example/rollback', { token: cityPublisher, body: { to: 99 } }), 404, 'version-not-found');
    // A version JSON cannot carry exactly is refused by name, not rounded and looked up.
    const big = expectProblem(await s.call('POST', '/v1/rulesets/jilin-example/rollback', { token: cityPublisher, raw: '{"to": 9007199254740993}' }), 400, 'invalid-request');
    expect(big.errors).toEqual([expect.objectContaining({ field: 'to', expected: 'an integer 1..9007199254740991' })]);
    expectProblem(await s.call('POST', '/v1/rulesets/jilin-example/rollback', { token: cityViewer, body: { to: 1 } }), 403, 'forbidden');
    expectProblem(await s.call('POST', '/v1/rulesets/jilin-example/rollback', { token: cityPublisher, body: { to: 1 }, headers: { 'if-match': '"stale"' } }), 412, 'precondition-failed');
    const r = await s.call('POST', '/v1/rulesets/jilin-example/rollback', { token: cityPublisher, body: { to: 1, note: 'undo the allowance change' } });
    expect(r.status).toBe(201);
    expect(r.body.version).toBe(before + 1);
    expect(await allowance()).toEqual([before + 1, 800]);
    const v = (await s.call('GET', '/v1/rulesets/jilin-example/versions')).body.versions.at(-1);
    expect(v).toMatchObject({ version: before + 1, copied_from: 1, bases: { cn: 1, jilin: 1 }, note: 'undo the allowance change' });
  });
});

describe('forks', () => {
  it('lets a city tenant fork its province under its own name, then publish and evaluate it', async () => {
    const changchun = await s.token('jilin-changchun', 'publisher');
    const created = await s.call('POST', '/v1/rulesets', { token: changchun, body: { id: 'jilin-changchun', extends: 'jilin', title: '长春市社区工作者规则（示意）', jurisdiction: '吉林省长春市' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/v1/rulesets/jilin-changchun');
    expect(created.body).toMatchObject({ id: 'jilin-changchun', ok: true });
    expectProblem(await s.call('POST', '/v1/rulesets/jilin-changchun/evaluate', { body: { input: {}, outputs: ['party_building_posts_min'] } }), 404, 'not-published');
    const list = (await s.call('GET', '/v1/rulesets')).body.rulesets.find((r: any) => r.id === 'jilin-changchun');
    expect(list).toMatchObject({ extends: 'jilin', tenant: 'jilin-changchun', latest_version: null, has_draft: true });
    const d = await draftOf('jilin-changchun', changchun);
    expect(d.source).toBe('ruleset jilin-changchun\n  extends jilin\n  title "长春市社区工作者规则（示意）"\n  jurisdiction "吉林省长春市"\n');
    // The city's numbers change three inherited examples; it says so with `override example`.
    const city = [
      'override param base_posts: integer[post] "核定员额" illustrative = 14',
      'override example "员额：3000户及以下为10至15个" { given households = 2800 expect posts_min = 10, posts_max = 15, local_posts = 14, party_building_posts_min = 3, grids_min = 6, grids_max = 10, local_grids = 6 }',
      'override example "员额：恰好3000户" { given households = 3000 expect posts_min = 10, posts_max = 15, local_posts = 14, grids_min = 6, grids_max = 10 }',
      'override example "员额：4321户，每300至500户增设一岗" { given households = 4321 expect posts_min = 12, posts_max = 19, local_posts = 16, grids_min = 9, grids_max = 15, local_grids = 9 }',
      '',
    ].join('\n');
    const saved = await putDraft('jilin-changchun', changchun, d.source + city, d.etag);
    expect(saved.body).toMatchObject({ ok: true });
    expect((await publish('jilin-changchun', changchun, saved.body.etag)).body.version).toBe(1);
    const r = await s.call('POST', '/v1/rulesets/jilin-changchun/evaluate', { body: { input: { households: 2000 }, outputs: ['local_posts', 'party_building_posts_min'] } });
    expect(r.body).toMatchObject({ ruleset: 'jilin-changchun', version: 1, outputs: { local_posts: 14, party_building_posts_min: 3 } });
    // Fork limits are enforced at publication: the province allows 10–15 base posts.
    const d2 = await draftOf('jilin-changchun', changchun);
    const bad = await putDraft('jilin-changchun', changchun, d2.source.replace('= 14', '= 16'), d2.etag);
    expect(bad.body.ok).toBe(false);
    expectProblem(await publish('jilin-changchun', changchun, bad.body.etag), 422, 'draft-has-errors');
  });

  it('refuses forks named after another tenant, of unknown bases, or of taken ids', async () => {
    const named = expectProblem(await s.call('POST', '/v1/rulesets', { token: cityPublisher, body: { id: 'huangshi-2', extends: 'jilin' } }), 403, 'fork-name');
    expect(named.detail).toContain('`jilin-example-…`');
    expectProblem(await s.call('POST', '/v1/rulesets', { token: cityViewer, body: { id: 'jilin-example-2', extends: 'jilin' } }), 403, 'forbidden');
    expectProblem(await s.call('POST', '/v1/rulesets', { token: cityPublisher, body: { id: 'jilin-example-2', extends: 'nowhere' } }), 422, 'base-not-found');
    expectProblem(await s.call('POST', '/v1/rulesets', { token: jilinEditor, body: { id: 'jilin', extends: 'cn' } }), 409, 'ruleset-exists');
    expectProblem(await s.call('POST', '/v1/rulesets', { body: { id: 'x', extends: 'cn' } }), 401, 'unauthorized');
    const p = expectProblem(await s.call('POST', '/v1/rulesets', { token: ADMIN, body: { id: 'Bad Id', extends: 'cn' } }), 400, 'invalid-request');
    expect(p.errors).toEqual([expect.objectContaining({ field: 'id' })]);
  });
});

describe('check', () => {
  it('refuses a draft that drops or changes the base its rule set extends', async () => {
    const d = await draftOf('jilin-example', cityPublisher);
    const escaped = expectProblem(await putDraft('jilin-example', cityPublisher, d.source.replace('  extends jilin\n', ''), d.etag), 422, 'base-mismatch');
    expect(escaped.detail).toContain('`jilin`');
    expectProblem(await putDraft('jilin-example', cityPublisher, d.source.replace('  extends jilin\n', '  extends shenyang\n'), d.etag), 422, 'base-mismatch');
  });

  it('refuses to publish a draft whose examples fail, naming the example', async () => {
    const d = await draftOf('huangshi', ADMIN);
    const published = (await s.call('GET', '/v1/rulesets/huangshi')).body.source as string;
    const saved = await putDraft('huangshi', ADMIN, published.replace('| senior       | 300 |', '| senior       | 350 |'), d.etag);
    expect(saved.body.ok).toBe(false);
    const errors = saved.body.diagnostics.filter((x: any) => x.severity === 'error');
    expect(errors.map((x: any) => x.code)).toEqual(['E-EXAMPLE-FAILED']);
    expect(errors[0].message).toContain('高级：300元/月');
    expectProblem(await publish('huangshi', ADMIN, saved.body.etag), 422, 'draft-has-errors');
  });

  it('checks text against the stored base, or against base texts given in the request', async () => {
    const ok = await s.call('POST', '/v1/check', { body: { source: 'ruleset jilin-x\n  extends jilin\noverride param households_per_grid: integer[household] "x" illustrative = 500\n' } });
    expect(ok.body).toMatchObject({ ok: true, diagnostics: [], ruleset: { id: 'jilin-x', extends: 'jilin', chain: ['cn', 'jilin', 'jilin-x'] } });
    const limit = await s.call('POST', '/v1/check?lang=zh', { body: { source: 'ruleset jilin-x\n  extends jilin\noverride param base_posts: integer[post] "x" illustrative = 20\n' } });
    expect(limit.body.ok).toBe(false);
    expect(limit.body.diagnostics[0]).toMatchObject({ severity: 'error', span: { file: 'jilin-x.rules' } });
    expect(limit.body.diagnostics[0].message).toMatch(/[\u4e00-\u9fff]/);
    const given = await s.call('POST', '/v1/check', { body: { source: 'ruleset b\n  extends a\noutput y\n', bases: { a: 'ruleset a\ninput x: integer\ndef y: integer = x + 1\noutput y\n' } } });
    expect(given.body).toMatchObject({ ok: true, ruleset: { chain: ['a', 'b'] } });
    const unknown = await s.call('POST', '/v1/check', { body: { source: 'ruleset b\n  extends nowhere\n' } });
    expect(unknown.body.diagnostics.map((d: any) => d.code)).toContain('E-BASE-UNKNOWN');
  });

  it('says `bases` must be an object of rule texts by id, and names a bad id as a key, not as the value', async () => {
    // Before: a list was read as an object keyed by its indexes ("`bases.0` = "0" is invalid").
    for (const bases of [[5], ['ruleset a\n'], 'ruleset a\n']) {
      const p = expectProblem(await s.call('POST', '/v1/check', { body: { source: 'ruleset b\n', bases } }), 400, 'invalid-request');
      expect(p.errors).toEqual([{ field: 'bases', code: 'E-REQUEST-INVALID', message: `field \`bases\` = ${JSON.stringify(bases)} is invalid: expected an object of rule texts by rule set id`, expected: 'an object of rule texts by rule set id' }]);
    }
    const zh = expectProblem(await s.call('POST', '/v1/check?lang=zh', { body: { source: 'ruleset b\n', bases: [5] } }), 400, 'invalid-request');
    expect(zh.errors[0].message).toBe('字段 `bases` 的值 [5] 无效：应为对象（JSON 对象），键为规则集标识，值为规则文本');
    const key = expectProblem(await s.call('POST', '/v1/check', { body: { source: 'ruleset b\n', bases: { 'Jilin City': 'ruleset a\n' } } }), 400, 'invalid-request');
    expect(key.errors).toEqual([expect.objectContaining({ field: 'bases.Jilin City', message: 'key `Jilin City` in `bases` is invalid: expected a lower-case id such as `jilin-example`' })]);
    expect((await s.call('POST', '/v1/check', { body: { source: 'ruleset b\n', bases: {} } })).status).toBe(200);
  });

  it('summarises a checked rule set with money bounds in yuan', async () => {
    const r = await s.call('POST', '/v1/check', { body: { source: 'ruleset m\ninput pay: money in 0..5000\ndef half: money in 0..2500 cite "x" = pay / 2\ndef twice: money cite "x" = pay * 2\noutput half, twice\n' } });
    expect(r.body.ok).toBe(true);
    expect(r.body.ruleset.inputs).toEqual([expect.objectContaining({ name: 'pay', type: { k: 'money', min: 0, max: 5000 } })]);
    // An output has the range its rules declare, and none where they declare none.
    expect(r.body.ruleset.outputs.map((o: any) => o.type)).toEqual([{ k: 'money', min: 0, max: 2500 }, { k: 'money' }]);
  });

  it('answers absurdly nested or long text with a positioned limit diagnostic, not a 500', async () => {
    const deep = `ruleset a\ninput x: integer\ndef y: integer = ${'('.repeat(2000)}x${')'.repeat(2000)}\noutput y\n`;
    const r = await s.call('POST', '/v1/check', { body: { source: deep } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: false, diagnostics: [{ code: 'E-LIMIT-NESTING', severity: 'error' }] });
    const long = `ruleset a\ninput x: integer\ndef y: integer = x${' + x'.repeat(5000)}\noutput y\n`;
    expect((await s.call('POST', '/v1/check', { body: { source: long } })).body.diagnostics.map((d: { code: string }) => d.code)).toContain('E-LIMIT-LENGTH');
  });
});

describe('audit trail', () => {
  it('records who wrote what, when, and from which version', async () => {
    const r = await s.call('GET', '/v1/rulesets/jilin-example/audit', { token: cityViewer });
    expect(r.status).toBe(200);
    const actions = r.body.entries.map((e: any) => [e.action, e.from_version, e.to_version]);
    expect(actions).toEqual([
      ['rollback', 3, 4],
      ['publish', 2, 3],
      ['draft', 2, null],
      ['publish', 1, 2],
      ['draft', 1, null],
      ['seed', null, 1],
    ]);
    const publisherId = (await s.call('GET', '/v1/rulesets/jilin-example/versions')).body.versions[1].published_by;
    expect(r.body.entries[3]).toMatchObject({ actor: publisherId, actor_tenant: 'jilin-example', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), detail: { note: 'raise the senior allowance' } });
    expect(r.body.entries[0].detail).toMatchObject({ copied_from: 1 });
    expect(publisherId).toMatch(/^tok_/);
  });

  it('records refused writes nowhere and needs a token of the tenant to read', async () => {
    expectProblem(await s.call('GET', '/v1/rulesets/jilin-example/audit'), 401, 'unauthorized');
    expectProblem(await s.call('GET', '/v1/rulesets/jilin-example/audit', { token: jilinEditor }), 403, 'forbidden');
    const jilin = await s.call('GET', '/v1/rulesets/jilin/audit', { token: jilinEditor });
    expect(jilin.body.entries.map((e: any) => e.action)).toEqual(['publish', 'draft', 'seed']);
  });
});

describe('token-only deployments', () => {
  it('requires a token for reads and evaluation when public reading is switched off', async () => {
    const closed = await startServer({ publicRead: false });
    try {
      expectProblem(await closed.call('GET', '/v1/rulesets'), 401, 'unauthorized');
      expectProblem(await closed.call('POST', '/v1/rulesets/cn/evaluate', { body: { input: { civil_servant: true, public_institution_staff: false } } }), 401, 'unauthorized');
      const viewer = await closed.token('huangshi', 'viewer');
      expect((await closed.call('GET', '/v1/rulesets', { token: viewer })).status).toBe(200);
      expect((await closed.call('POST', '/v1/rulesets/cn/evaluate', { token: viewer, body: { input: { civil_servant: true, public_institution_staff: false } } })).body.outputs).toEqual({ labor_contract_required: false });
      // The API's description of itself stays open, whatever token comes with the call.
      for (const path of ['/', '/openapi.json', '/problems/unauthorized']) {
        expect((await closed.call('GET', path)).status, path).toBe(200);
        expect((await closed.call('GET', path, { token: 'bogus' })).status, path).toBe(200);
      }
    } finally {
      closed.close();
    }
  });
});
