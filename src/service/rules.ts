/**
 * @module service/rules
 * The service's domain logic between the HTTP layer and the store: compiling stored rule sets
 * (cached per id and version), evaluating them, drafts with ETags, publication and rollback,
 * forks, tokens, seeding and the permission rules. Runtime-neutral (no `node:` imports) so
 * the Node server and the Worker run the very same code.
 *
 * A published version is immutable, and so is what it means: it records the versions of its
 * bases it was compiled against (`bases`), and is always compiled against exactly those. A
 * draft (and so the next publication) compiles against the latest published version of its
 * direct base, seen exactly as that version is evaluated (with the bases it pinned).
 *
 * @example
 * const service = new RulesService({ store, seeds });
 * await service.ready();
 * const r = await service.evaluate('jilin', { input: { households: 4000 }, outputs: ['posts_min'] }, 'en');
 */
import type { Diagnostic, Locale } from '../diagnostics.ts';
import { withExamples } from '../examples.ts';
import { hasErrors } from '../diagnostics.ts';
import { clip } from '../preview.ts';
import { compile, type CompileOptions, type CompileResult, type ExplainNode, type FieldError, type Ruleset } from '../ruleset.ts';
import { Lru } from '../lru.ts';
import { M } from '../messages.ts';
import { declaredId, declaredIdAt, duplicateIds, extendsOf, fileNameOf } from '../rule-files.ts';
import type { SourceFile } from '../source.ts';
import { chinaDate } from '../runtime.ts';
import type { Actor, AuditEntry, RulesetRecord, RuleStore, TokenRecord, VersionRecord, VersionSummary } from '../store/store.ts';
import { allowed, ALL_TENANTS, atLeast, hashToken, mayName, newEtag, newToken, type Principal, type Role } from './auth.ts';
import { batchOf, streamOf, tableOf, type BatchEvaluation, type BatchRequest, type RecordStream, type StreamRequest, type TableEvaluation, type TableRequest } from './batch.ts';
import { fail, ok, type Failure, type Result } from './result.ts';

export type { BatchEvaluation, BatchRequest, RecordResult, TableEvaluation, TableRequest } from './batch.ts';

export interface ServiceOptions {
  readonly store: RuleStore;
  /** Rule files published as version 1 on first start (ids already stored are left alone). */
  readonly seeds?: readonly SourceFile[];
  /** The deployment's bootstrap admin secret (`ADMIN_TOKEN`), an admin of every tenant. */
  readonly adminToken?: string;
  /** Compiled rule sets kept in memory (default 64). */
  readonly cacheSize?: number;
  readonly now?: () => Date;
  readonly log?: (line: string) => void;
}

export interface Compiled {
  readonly record: VersionRecord;
  readonly ruleset: Ruleset;
}

export interface EvaluateRequest {
  readonly input: unknown;
  readonly outputs?: readonly string[];
  readonly asOf?: string;
  readonly version?: number;
  readonly explain?: boolean;
}

export interface Evaluation {
  readonly ruleset: string;
  readonly version: number;
  readonly asOf: string;
  readonly outputs: Record<string, unknown>;
  readonly explanation?: ExplainNode[];
}

export interface CheckResult {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly ruleset?: Ruleset;
}

export interface DraftView {
  readonly id: string;
  readonly etag: string;
  /** The draft, or the latest published source when there is no draft. */
  readonly source: string;
  readonly hasDraft: boolean;
  readonly basedOn: number;
  readonly updatedAt?: string;
  readonly updatedBy?: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** `*` or the entity tags listed in `If-Match`; undefined when the header is absent. */
export type IfMatch = '*' | readonly string[] | undefined;

const fileOf = (id: string, text: string): SourceFile => ({ name: fileNameOf(id), text });

/** How long a rule set's latest version number is trusted without reading the store. */
export const LATEST_TTL_MS = 1000;

export class RulesService {
  readonly store: RuleStore;
  private readonly seeds: readonly SourceFile[];
  private readonly adminHash: Promise<string | undefined>;
  private readonly cache: Lru<Promise<Result<Compiled>>>;
  private readonly now: () => Date;
  private readonly log: (line: string) => void;
  private readying?: Promise<void>;
  /** {@link ready} has succeeded: callers on a hot path may skip awaiting it. */
  isReady = false;
  /** How many times a stored version was compiled (cache misses), for health and tests. */
  compilations = 0;

  constructor(o: ServiceOptions) {
    this.store = o.store;
    this.seeds = o.seeds ?? [];
    this.adminHash = o.adminToken ? hashToken(o.adminToken) : Promise.resolve(undefined);
    this.cache = new Lru(o.cacheSize ?? 64);
    this.now = o.now ?? (() => new Date());
    this.log = o.log ?? (() => {});
  }

  private at(): string {
    return this.now().toISOString();
  }

  /** The default evaluation date: today in China (UTC+8), not in UTC. */
  private today(): string {
    return chinaDate(this.now().getTime());
  }

  /** Migrates and seeds once; a failure is retried on the next call. */
  ready(): Promise<void> {
    this.readying ??= (async () => {
      await this.store.migrate();
      await this.seed();
      this.isReady = true;
    })().catch((e: unknown) => {
      this.readying = undefined;
      throw e;
    });
    return this.readying;
  }

  /** Publishes each seed file whose id is not stored yet as version 1, bases first. */
  private async seed(): Promise<void> {
    if (!this.seeds.length) return;
    // Two files with one id: whichever sorts first would win unseen, so neither is seeded.
    const clashes = duplicateIds(this.seeds);
    for (const [id, same] of clashes) this.log(`error: seed files ${same.map((f) => f.name).join(' and ')} declare the same rule set id ${id}; ${id} is not seeded from any of them — give each file its own id`);
    const seeds = this.seeds.filter((f) => !clashes.has(declaredIdAt(f)?.id ?? ''));
    const records = await this.store.listRulesets();
    const stored = new Set(records.map((r) => r.id));
    // A seed file edited after the first start is not published silently: say so.
    for (const f of seeds) {
      const rec = records.find((r) => r.id === declaredId(f.text));
      if (!rec || rec.latestVersion === 0) continue;
      const latest = await this.store.getVersion(rec.id, rec.latestVersion);
      if (latest && latest.source !== f.text) this.log(`note: ${f.name} differs from published ${rec.id} v${rec.latestVersion}; the file is not republished — send it as a draft and publish it through the API`);
    }
    let pending = seeds.filter((f) => !stored.has(declaredId(f.text) ?? ''));
    const system: Actor = { id: 'system', tenant: ALL_TENANTS };
    while (pending.length) {
      const ready = pending.filter((f) => {
        const base = extendsOf(f.text);
        return !base || stored.has(base) || !pending.some((g) => declaredId(g.text) === base);
      });
      if (!ready.length) break;
      for (const f of ready) {
        const prepared = await this.prepare(f.text, declaredId(f.text) ?? f.name.replace(/\.rules$/, ''), 'en');
        const rs = prepared.result.ruleset;
        if (!rs) {
          this.log(`seed ${f.name} does not compile: ${prepared.result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`).join('; ')}`);
          continue;
        }
        const inserted = await this.store.importPublished(rs.id, rs.id, { source: f.text, bases: prepared.bases, ...meta(rs) }, system, this.at());
        if (inserted) this.log(`seeded ${rs.id} v1`);
        stored.add(rs.id);
      }
      pending = pending.filter((f) => !ready.includes(f));
    }
    for (const f of pending) this.log(`seed ${f.name} skipped: its base is missing`);
  }

  /**
   * Compiles rule text against the latest published bases (or the `given` base texts), and
   * returns the base versions it used.
   */
  async prepare(text: string, id: string, locale: Locale, given?: ReadonlyMap<string, string>): Promise<{ result: CompileResult; bases: Record<string, number> }> {
    const known = new Map<string, SourceFile>();
    const bases: Record<string, number> = {};
    const load = async (baseId: string | undefined): Promise<void> => {
      while (baseId && !known.has(baseId)) {
        const text = given?.get(baseId);
        if (text !== undefined) {
          known.set(baseId, fileOf(baseId, text));
          baseId = extendsOf(text);
          continue;
        }
        const latest = await this.store.getVersion(baseId);
        if (!latest) return;
        known.set(baseId, fileOf(baseId, latest.source));
        bases[baseId] = latest.version;
        const chain = Object.entries(latest.bases).filter(([b]) => !known.has(b));
        const loaded = await Promise.all(chain.map(([b, v]) => this.store.getVersion(b, v)));
        for (const v of loaded) {
          if (!v) continue;
          known.set(v.rulesetId, fileOf(v.rulesetId, v.source));
          bases[v.rulesetId] = v.version;
        }
        return;
      }
    };
    await load(extendsOf(text));
    const self = fileOf(id, text);
    for (let round = 0; ; round++) {
      const missing = new Set<string>();
      const result = withExamples(safeCompile(self, { locale, resolve: (b) => known.get(b) ?? (missing.add(b), undefined) }), locale);
      const fetchable = [...missing].filter((m) => m !== id);
      if (!fetchable.length || round >= 3) return { result, bases };
      const before = known.size;
      for (const m of fetchable) await load(m);
      if (known.size === before) return { result, bases };
    }
  }

  /**
   * Latest published version per rule set, remembered for {@link LATEST_TTL_MS} so evaluations
   * do not read the database each time. Publications through this service update it at once;
   * other instances (several Workers isolates) see a new version within the TTL.
   */
  private readonly latest = new Map<string, { version: number; at: number }>();

  /**
   * A published version, compiled (cached per id and version). Not `async`: a cached version is
   * the cached promise itself, without the extra turns of an async function returning a promise.
   */
  published(id: string, version?: number): Promise<Result<Compiled>> {
    if (version !== undefined) return this.compiled(id, version);
    const known = this.latest.get(id);
    const now = Date.now();
    if (known && now - known.at < LATEST_TTL_MS) return this.compiled(id, known.version);
    return this.latestFromStore(id, now);
  }

  private async latestFromStore(id: string, now: number): Promise<Result<Compiled>> {
    const r = await this.store.getRuleset(id);
    if (!r) return fail('ruleset-not-found', { id });
    if (r.latestVersion === 0) return fail('not-published', { id });
    this.latest.set(id, { version: r.latestVersion, at: now });
    return this.compiled(id, r.latestVersion);
  }

  /** Version `version` of `id`, compiled once and cached. */
  private compiled(id: string, version: number): Promise<Result<Compiled>> {
    const key = `${id}@${version}`;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.compileVersion(id, version);
      this.cache.set(key, hit);
      hit.then((r) => !r.ok && this.cache.delete(key), () => this.cache.delete(key));
    }
    return hit;
  }

  private async compileVersion(id: string, version: number): Promise<Result<Compiled>> {
    const record = await this.store.getVersion(id, version);
    if (!record) return (await this.store.getRuleset(id)) ? fail('version-not-found', { id, version }) : fail('ruleset-not-found', { id });
    const chain = await Promise.all(Object.entries(record.bases).map(([b, v]) => this.store.getVersion(b, v)));
    const known = new Map(chain.filter((v) => !!v).map((v) => [v.rulesetId, fileOf(v.rulesetId, v.source)]));
    this.compilations++;
    const result = safeCompile(fileOf(id, record.source), { resolve: (b) => known.get(b) });
    if (!result.ruleset) return fail('stored-ruleset-invalid', { id, version }, { diagnostics: result.diagnostics });
    return ok({ record, ruleset: result.ruleset });
  }

  /** A published version with the rule set's current state (tenant, latest version). */
  async describe(id: string, version?: number): Promise<Result<Compiled & { current: RulesetRecord }>> {
    const current = await this.store.getRuleset(id);
    if (!current) return fail('ruleset-not-found', { id });
    const c = await this.published(id, version ?? (current.latestVersion || undefined));
    return c.ok ? ok({ ...c.value, current }) : c;
  }

  async evaluate(id: string, req: EvaluateRequest, locale: Locale): Promise<Result<Evaluation>> {
    const c = await this.published(id, req.version);
    if (!c.ok) return c;
    const asOf = req.asOf ?? this.today();
    const r = c.value.ruleset.evaluate(req.input, { ...(req.outputs ? { outputs: req.outputs } : {}), asOf, explain: !!req.explain, locale });
    if (!r.ok) return inputFailure(r.errors);
    return ok({ ruleset: id, version: c.value.record.version, asOf, outputs: r.outputs, ...(r.explanation ? { explanation: r.explanation } : {}) });
  }

  /** Evaluates many records; a record's problems are its own result, not the batch's. */
  async evaluateBatch(id: string, req: BatchRequest, locale: Locale): Promise<Result<BatchEvaluation>> {
    const c = await this.published(id, req.version);
    if (!c.ok) return c;
    const r = batchOf(c.value.ruleset, { ruleset: id, version: c.value.record.version }, req, req.asOf ?? this.today(), locale);
    return r.ok ? r : inputFailure(r.errors);
  }

  /** Evaluates the rows of a table of inputs; a row's problems are its own, not the call's. */
  async evaluateTable(id: string, req: TableRequest, locale: Locale): Promise<Result<TableEvaluation>> {
    const c = await this.published(id, req.version);
    if (!c.ok) return c;
    const r = tableOf(c.value.ruleset, { ruleset: id, version: c.value.record.version }, req, req.asOf ?? this.today(), locale);
    return r.ok ? r : inputFailure(r.errors);
  }

  /** Records of a stream, answered one at a time as they arrive; a record's problems are its own. */
  async evaluateStream(id: string, req: StreamRequest, locale: Locale): Promise<Result<RecordStream>> {
    const c = await this.published(id, req.version);
    if (!c.ok) return c;
    const r = streamOf(c.value.ruleset, { ruleset: id, version: c.value.record.version }, req, req.asOf ?? this.today(), locale);
    return r.ok ? r : inputFailure(r.errors);
  }

  /** Checks rule text (against stored bases, or the base texts given). */
  async check(source: string, given: ReadonlyMap<string, string> | undefined, locale: Locale): Promise<CheckResult> {
    const { result } = await this.prepare(source, declaredId(source) ?? 'input', locale, given);
    return { ok: !hasErrors(result.diagnostics), diagnostics: result.diagnostics, ...(result.ruleset ? { ruleset: result.ruleset } : {}) };
  }

  async list(): Promise<RulesetRecord[]> {
    return this.store.listRulesets();
  }

  async versions(id: string): Promise<Result<VersionSummary[]>> {
    if (!(await this.store.getRuleset(id))) return fail('ruleset-not-found', { id });
    return ok(await this.store.listVersions(id));
  }

  /** The rule set if `p` has `role` on it. */
  private async owned(p: Principal | undefined, id: string, role: Role): Promise<Result<RulesetRecord>> {
    if (!p) return fail('unauthorized');
    const r = await this.store.getRuleset(id);
    if (!r) return fail('ruleset-not-found', { id });
    if (!allowed(p, r.tenant, role)) return fail('forbidden', { tenant: r.tenant, role, id });
    return ok(r);
  }

  async audit(p: Principal | undefined, id: string, limit: number): Promise<Result<AuditEntry[]>> {
    const r = await this.owned(p, id, 'viewer');
    if (!r.ok) return r;
    return ok(await this.store.listAudit(id, limit));
  }

  async draft(p: Principal | undefined, id: string, locale: Locale): Promise<Result<DraftView>> {
    const r = await this.owned(p, id, 'viewer');
    if (!r.ok) return r;
    const rec = r.value;
    const source = rec.draft?.source ?? (rec.latestVersion ? (await this.store.getVersion(id, rec.latestVersion))?.source ?? '' : '');
    const { result } = await this.prepare(source, id, locale);
    return ok({
      id,
      etag: rec.etag,
      source,
      hasDraft: !!rec.draft,
      basedOn: rec.latestVersion,
      ...(rec.draft ? { updatedAt: rec.draft.updatedAt, updatedBy: rec.draft.updatedBy } : {}),
      diagnostics: result.diagnostics,
    });
  }

  /** A failure unless `ifMatch` names the current ETag (428 when absent and required, 412 when stale). */
  private precondition(rec: RulesetRecord, ifMatch: IfMatch, required: boolean): Failure | undefined {
    if (ifMatch === undefined) return required ? fail('precondition-required', { id: rec.id }) : undefined;
    if (ifMatch === '*' || ifMatch.includes(rec.etag)) return undefined;
    return fail('precondition-failed', { id: rec.id, etag: rec.etag });
  }

  /** The text must name this rule set and keep its base: a fork cannot escape its province. */
  private mismatch(rec: RulesetRecord, result: CompileResult, text: string): Failure | undefined {
    const declared = result.program?.id ?? declaredId(text);
    if (declared !== undefined && declared !== rec.id) return fail('id-mismatch', { id: rec.id, declared });
    const base = result.program ? result.program.base : extendsOf(text);
    if (rec.latestVersion > 0 && (base ?? '') !== (rec.base ?? '')) return fail('base-mismatch', { id: rec.id, expected: rec.base ?? '', declared: base ?? '' });
    return undefined;
  }

  async saveDraft(p: Principal | undefined, id: string, source: string, ifMatch: IfMatch, locale: Locale): Promise<Result<{ etag: string; diagnostics: readonly Diagnostic[] }>> {
    const r = await this.owned(p, id, 'editor');
    if (!r.ok) return r;
    const pre = this.precondition(r.value, ifMatch, true);
    if (pre) return pre;
    const { result } = await this.prepare(source, id, locale);
    const bad = this.mismatch(r.value, result, source);
    if (bad) return bad;
    const etag = newEtag();
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    const w = await this.store.saveDraft(id, source, r.value.etag, etag, actor(p!), this.at(), { errors, warnings: result.diagnostics.length - errors });
    if (!w.ok) return w.reason === 'not-found' ? fail('ruleset-not-found', { id }) : fail('precondition-failed', { id });
    return ok({ etag, diagnostics: result.diagnostics });
  }

  async publish(p: Principal | undefined, id: string, ifMatch: IfMatch, note: string | undefined, locale: Locale): Promise<Result<{ version: number; etag: string }>> {
    const r = await this.owned(p, id, 'publisher');
    if (!r.ok) return r;
    const rec = r.value;
    const pre = this.precondition(rec, ifMatch, true);
    if (pre) return pre;
    if (!rec.draft) return fail('no-draft', { id });
    const { result, bases } = await this.prepare(rec.draft.source, id, locale);
    const bad = this.mismatch(rec, result, rec.draft.source);
    if (bad) return bad;
    if (!result.ruleset) return fail('draft-has-errors', { id }, { diagnostics: result.diagnostics });
    const etag = newEtag();
    const w = await this.store.publish(id, { source: rec.draft.source, bases, ...meta(result.ruleset), ...(note ? { note } : {}) }, 'publish', rec.etag, etag, actor(p!), this.at());
    if (!w.ok) return w.reason === 'not-found' ? fail('ruleset-not-found', { id }) : fail('precondition-failed', { id });
    this.cache.set(`${id}@${w.value.version}`, Promise.resolve(ok({ record: (await this.store.getVersion(id, w.value.version))!, ruleset: result.ruleset })));
    this.latest.set(id, { version: w.value.version, at: Date.now() });
    return ok({ version: w.value.version, etag });
  }

  /** Publishes a copy of version `to` (same source, same pinned bases) as the newest version. */
  async rollback(p: Principal | undefined, id: string, to: number, ifMatch: IfMatch, note: string | undefined): Promise<Result<{ version: number; etag: string }>> {
    const r = await this.owned(p, id, 'publisher');
    if (!r.ok) return r;
    const pre = this.precondition(r.value, ifMatch, false);
    if (pre) return pre;
    const old = await this.store.getVersion(id, to);
    if (!old) return fail('version-not-found', { id, version: to });
    const etag = newEtag();
    const w = await this.store.publish(
      id,
      { source: old.source, bases: old.bases, ...pick(old), copiedFrom: to, ...(note ? { note } : {}) },
      'rollback',
      ifMatch === undefined ? undefined : r.value.etag,
      etag,
      actor(p!),
      this.at(),
    );
    if (!w.ok) return w.reason === 'not-found' ? fail('ruleset-not-found', { id }) : fail('precondition-failed', { id });
    this.latest.set(id, { version: w.value.version, at: Date.now() });
    return ok({ version: w.value.version, etag });
  }

  /** Creates a fork of a published rule set, owned by the caller's tenant, holding a draft. */
  async createFork(
    p: Principal | undefined,
    req: { id: string; extends: string; title?: string; jurisdiction?: string; source?: string; tenant?: string },
    locale: Locale,
  ): Promise<Result<{ record: RulesetRecord; diagnostics: readonly Diagnostic[] }>> {
    if (!p) return fail('unauthorized');
    if (!atLeast(p.role, 'editor')) return fail('forbidden', { tenant: p.tenant, role: 'editor', id: req.id });
    if (req.tenant !== undefined && p.tenant !== ALL_TENANTS && req.tenant !== p.tenant) return fail('forbidden', { tenant: req.tenant, role: 'editor', id: req.id });
    if (!mayName(p, req.id)) return fail('fork-name', { tenant: p.tenant, id: req.id });
    const base = await this.store.getRuleset(req.extends);
    if (!base || base.latestVersion === 0) return fail('base-not-found', { id: req.extends });
    const source = req.source ?? skeleton(req);
    const { result } = await this.prepare(source, req.id, locale);
    const declared = result.program?.id ?? declaredId(source);
    if (declared !== undefined && declared !== req.id) return fail('id-mismatch', { id: req.id, declared });
    const declaredBase = result.program?.base ?? extendsOf(source);
    if (declaredBase !== req.extends) return fail('base-mismatch', { id: req.id, expected: req.extends, declared: declaredBase ?? '' });
    const tenant = p.tenant === ALL_TENANTS ? req.tenant ?? req.id : p.tenant;
    const rs = result.ruleset;
    const w = await this.store.createRuleset(
      { id: req.id, tenant, base: req.extends, ...optional('title', req.title ?? rs?.title), ...optional('jurisdiction', req.jurisdiction ?? rs?.jurisdiction), draft: source },
      newEtag(),
      actor(p),
      this.at(),
    );
    if (!w.ok) return fail('ruleset-exists', { id: req.id });
    return ok({ record: w.value, diagnostics: result.diagnostics });
  }

  /** The principal a bearer token stands for, if any (revoked tokens stand for none). */
  async authenticate(bearer: string): Promise<Principal | undefined> {
    const hash = await hashToken(bearer);
    if (hash === (await this.adminHash)) return { id: 'env:ADMIN_TOKEN', tenant: ALL_TENANTS, role: 'admin' };
    const t = await this.store.findToken(hash);
    if (!t || t.revokedAt) return undefined;
    return { id: t.id, tenant: t.tenant, role: t.role, ...(t.label ? { label: t.label } : {}) };
  }

  /** Issues a token (admins only, for their own tenant unless they are the deployment admin). */
  async issueToken(p: Principal | undefined, req: { tenant: string; role: Role; label?: string }): Promise<Result<{ token: string; record: TokenRecord }>> {
    if (!p) return fail('unauthorized');
    if (!allowed(p, req.tenant, 'admin')) return fail('forbidden', { tenant: req.tenant, role: 'admin', id: req.tenant });
    return ok(await this.createToken(req, actor(p)));
  }

  /** Revokes a token (admins of its tenant, or the deployment admin); it stops working at once. */
  async revokeToken(p: Principal | undefined, id: string): Promise<Result<TokenRecord>> {
    if (!p) return fail('unauthorized');
    const t = await this.store.getToken(id);
    if (!t || t.revokedAt) return fail('token-not-found', { id });
    if (!allowed(p, t.tenant, 'admin')) return fail('forbidden', { tenant: t.tenant, role: 'admin', id });
    if (!(await this.store.revokeToken(id, actor(p), this.at()))) return fail('token-not-found', { id });
    return ok(t);
  }

  /**
   * The tokens of a tenant (never their secrets): a tenant's admins see their own tenant's; the
   * deployment admin any tenant's, or every tenant's when `tenant` is not given.
   */
  async listTokens(p: Principal | undefined, tenant: string | undefined): Promise<Result<TokenRecord[]>> {
    if (!p) return fail('unauthorized');
    const of = tenant ?? (p.tenant === ALL_TENANTS ? undefined : p.tenant);
    if (!allowed(p, of ?? ALL_TENANTS, 'admin')) return fail('forbidden', { tenant: of ?? ALL_TENANTS, role: 'admin', id: of ?? ALL_TENANTS });
    return ok(await this.store.listTokens(of));
  }

  /** Creates a token without a caller (the `rules token` command, run by the operator). */
  async createToken(req: { tenant: string; role: Role; label?: string }, by: Actor): Promise<{ token: string; record: TokenRecord }> {
    const { id, secret } = newToken();
    const record: TokenRecord = { id, tenant: req.tenant, role: req.role, ...(req.label ? { label: req.label } : {}), createdAt: this.at(), createdBy: by.id };
    await this.store.createToken(record, await hashToken(secret), by);
    return { token: secret, record };
  }
}

/**
 * `compile`, except that an exception (a compiler bug, e.g. a stack overflow on deeply nested
 * text) becomes an error diagnostic instead of a crash: text a client sends never causes a 500.
 */
export function safeCompile(file: SourceFile, options: CompileOptions): CompileResult {
  try {
    return compile(file, options);
  } catch {
    const locale = options.locale ?? 'en';
    const msg = M.compilerLimit();
    const diagnostic: Diagnostic = { code: msg.code, severity: 'error', message: msg.message[locale], help: msg.help![locale], span: { file: file.name, start: 0, end: 0 } };
    return { diagnostics: [diagnostic], files: new Map([[file.name, file]]) };
  }
}

function inputFailure(errors: readonly FieldError[]): Failure {
  const evalFailure = errors.find((e) => !/^E-(INPUT|OUTPUT|COLUMN)/.test(e.code) && e.field !== 'as_of');
  return fail(evalFailure ? 'evaluation-failed' : 'invalid-input', { fields: [...new Set(errors.map((e) => clip(e.field)))].join(', ') }, { errors });
}

function actor(p: Principal): Actor {
  return { id: p.id, tenant: p.tenant, ...(p.label ? { label: p.label } : {}) };
}

const optional = <K extends string>(k: K, v: string | undefined): { [P in K]?: string } => (v === undefined ? {} : ({ [k]: v } as { [P in K]?: string }));

function meta(rs: Ruleset): { base?: string; title?: string; jurisdiction?: string } {
  return { ...optional('base', rs.base), ...optional('title', rs.title), ...optional('jurisdiction', rs.jurisdiction) };
}

function pick(v: VersionSummary): { base?: string; title?: string; jurisdiction?: string } {
  return { ...optional('base', v.base), ...optional('title', v.title), ...optional('jurisdiction', v.jurisdiction) };
}

function skeleton(req: { id: string; extends: string; title?: string; jurisdiction?: string }): string {
  const q = (s: string) => `"${s.replace(/["\n\\]/g, ' ')}"`;
  return [`ruleset ${req.id}`, `  extends ${req.extends}`, ...(req.title ? [`  title ${q(req.title)}`] : []), ...(req.jurisdiction ? [`  jurisdiction ${q(req.jurisdiction)}`] : []), ''].join('\n');
}
