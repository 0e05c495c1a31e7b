/**
 * @module store/sql-store
 * The {@link RuleStore} over drizzle's asynchronous SQLite API, shared by the libSQL and D1
 * stores (they differ only in how the drizzle database is made). Conditional writes are single
 * batches (a transaction on both drivers): the rule set row is updated only when its ETag
 * matches, and the version and audit rows are inserted only when that update happened, which
 * the batch detects by the fresh ETag it just wrote.
 */
import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { applyMigrations, type Migration } from './migrate.ts';
import { audit, rulesets, schema, tokens, versions } from './schema.ts';
import type { Actor, AuditAction, AuditEntry, Role, RulesetRecord, RuleStore, TokenRecord, VersionSummary } from './store.ts';

/** A drizzle SQLite database that can run batches (libSQL and D1 both can). */
export type BatchDb = BaseSQLiteDatabase<'async', any, typeof schema> & {
  batch(items: readonly [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]): Promise<unknown[]>;
};

type RulesetRow = typeof rulesets.$inferSelect;
type VersionRow = typeof versions.$inferSelect;

const opt = <K extends string, V>(k: K, v: V | null | undefined): { [P in K]?: V } => (v === null || v === undefined ? {} : ({ [k]: v } as { [P in K]?: V }));

function toRuleset(r: RulesetRow): RulesetRecord {
  return {
    id: r.id,
    tenant: r.tenant,
    ...opt('base', r.base),
    ...opt('title', r.title),
    ...opt('jurisdiction', r.jurisdiction),
    latestVersion: r.latestVersion,
    etag: r.etag,
    ...(r.draftSource !== null ? { draft: { source: r.draftSource, updatedAt: r.draftUpdatedAt ?? r.createdAt, updatedBy: r.draftUpdatedBy ?? r.createdBy } } : {}),
    createdAt: r.createdAt,
    createdBy: r.createdBy,
  };
}

function toToken(r: typeof tokens.$inferSelect): TokenRecord {
  return { id: r.id, tenant: r.tenant, role: r.role as Role, ...opt('label', r.label), createdAt: r.createdAt, createdBy: r.createdBy, ...opt('revokedAt', r.revokedAt) };
}

function toSummary(r: Omit<VersionRow, 'source'>): VersionSummary {
  return {
    rulesetId: r.rulesetId,
    version: r.version,
    bases: parseObject(r.bases) as Record<string, number>,
    ...opt('base', r.base),
    ...opt('title', r.title),
    ...opt('jurisdiction', r.jurisdiction),
    ...opt('copiedFrom', r.copiedFrom),
    ...opt('note', r.note),
    publishedAt: r.publishedAt,
    publishedBy: r.publishedBy,
  };
}

function parseObject(text: string | null): Record<string, unknown> {
  if (!text) return {};
  const v: unknown = JSON.parse(text);
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

const summaryColumns = {
  rulesetId: versions.rulesetId,
  version: versions.version,
  bases: versions.bases,
  base: versions.base,
  title: versions.title,
  jurisdiction: versions.jurisdiction,
  copiedFrom: versions.copiedFrom,
  note: versions.note,
  publishedAt: versions.publishedAt,
  publishedBy: versions.publishedBy,
};

/**
 * Builds the store over a drizzle database.
 * @example const store = sqlStore(drizzle(client, { schema }), migrations);
 */
export function sqlStore(db: BatchDb, migrations: readonly Migration[]): RuleStore {
  /** Audit row inserted only if the rule set now carries `etag` (i.e. the write happened). */
  const auditIf = (id: string, etag: string, actor: Actor, at: string, action: AuditAction, from: SQL | number | null, to: SQL | number | null, detail?: Record<string, unknown>) =>
    db.insert(audit).select(sql`SELECT NULL, ${at}, ${actor.id}, ${actor.tenant}, ${id}, ${action}, ${from}, ${to}, ${detail ? JSON.stringify(detail) : null}
      FROM rulesets WHERE id = ${id} AND etag = ${etag}`);

  const store: RuleStore = {
    migrate: () => applyMigrations(db, migrations),

    async listRulesets() {
      const rows = await db.select().from(rulesets).orderBy(rulesets.id).all();
      return rows.map(toRuleset);
    },

    async getRuleset(id) {
      const row = await db.select().from(rulesets).where(eq(rulesets.id, id)).get();
      return row ? toRuleset(row) : undefined;
    },

    async getVersion(id, version) {
      const where = version === undefined
        ? and(eq(versions.rulesetId, id), eq(versions.version, sql`(SELECT latest_version FROM rulesets WHERE id = ${id})`))
        : and(eq(versions.rulesetId, id), eq(versions.version, version));
      const row = await db.select().from(versions).where(where).get();
      return row ? { ...toSummary(row), source: row.source } : undefined;
    },

    async listVersions(id) {
      const rows = await db.select(summaryColumns).from(versions).where(eq(versions.rulesetId, id)).orderBy(versions.version).all();
      return rows.map(toSummary);
    },

    async importPublished(id, tenant, meta, actor, at) {
      const etag = `seed-${id}-1`;
      const [inserted] = (await db.batch([
        db.insert(rulesets).values({ id, tenant, base: meta.base ?? null, title: meta.title ?? null, jurisdiction: meta.jurisdiction ?? null, latestVersion: 1, etag, createdAt: at, createdBy: actor.id }).onConflictDoNothing().returning({ id: rulesets.id }),
        db.insert(versions).values({ rulesetId: id, version: 1, source: meta.source, bases: JSON.stringify(meta.bases), base: meta.base ?? null, title: meta.title ?? null, jurisdiction: meta.jurisdiction ?? null, note: meta.note ?? null, publishedAt: at, publishedBy: actor.id }).onConflictDoNothing(),
        db.insert(audit).select(sql`SELECT NULL, ${at}, ${actor.id}, ${actor.tenant}, ${id}, 'seed', NULL, 1, NULL
          WHERE NOT EXISTS (SELECT 1 FROM audit WHERE ruleset_id = ${id} AND action = 'seed')`),
      ])) as [unknown[]];
      return inserted.length > 0;
    },

    async createRuleset(r, etag, actor, at) {
      const [inserted] = (await db.batch([
        db.insert(rulesets).values({ id: r.id, tenant: r.tenant, base: r.base, title: r.title ?? null, jurisdiction: r.jurisdiction ?? null, latestVersion: 0, etag, draftSource: r.draft, draftUpdatedAt: at, draftUpdatedBy: actor.id, createdAt: at, createdBy: actor.id }).onConflictDoNothing().returning(),
        auditIf(r.id, etag, actor, at, 'create', null, null, { extends: r.base }),
      ])) as [RulesetRow[]];
      return inserted[0] ? { ok: true, value: toRuleset(inserted[0]) } : { ok: false, reason: 'exists' };
    },

    async saveDraft(id, source, ifMatch, etag, actor, at, detail) {
      const [updated] = (await db.batch([
        db.update(rulesets).set({ draftSource: source, draftUpdatedAt: at, draftUpdatedBy: actor.id, etag }).where(and(eq(rulesets.id, id), eq(rulesets.etag, ifMatch))).returning({ v: rulesets.latestVersion }),
        auditIf(id, etag, actor, at, 'draft', sql`(SELECT latest_version FROM rulesets WHERE id = ${id})`, null, detail),
      ])) as [unknown[]];
      if (updated.length) return { ok: true, value: undefined };
      return { ok: false, reason: (await store.getRuleset(id)) ? 'stale' : 'not-found' };
    },

    async publish(id, meta, action, ifMatch, etag, actor, at) {
      const guard = ifMatch === undefined ? eq(rulesets.id, id) : and(eq(rulesets.id, id), eq(rulesets.etag, ifMatch));
      const draft = action === 'publish' ? { draftSource: null, draftUpdatedAt: null, draftUpdatedBy: null } : {};
      const latest = sql`(SELECT latest_version FROM rulesets WHERE id = ${id})`;
      const results = (await db.batch([
        db.update(rulesets).set({ latestVersion: sql`${rulesets.latestVersion} + 1`, etag, base: meta.base ?? null, title: meta.title ?? null, jurisdiction: meta.jurisdiction ?? null, ...draft }).where(guard),
        // Column order follows schema.ts (drizzle inserts a SELECT into every column, in order).
        db.insert(versions).select(sql`SELECT id, latest_version, ${meta.source}, ${JSON.stringify(meta.bases)}, ${meta.base ?? null}, ${meta.title ?? null}, ${meta.jurisdiction ?? null}, ${meta.copiedFrom ?? null}, ${meta.note ?? null}, ${at}, ${actor.id}
          FROM rulesets WHERE id = ${id} AND etag = ${etag}`).returning({ version: versions.version }),
        auditIf(id, etag, actor, at, action, sql`${latest} - 1`, latest, meta.copiedFrom !== undefined ? { copied_from: meta.copiedFrom, ...(meta.note ? { note: meta.note } : {}) } : meta.note ? { note: meta.note } : undefined),
      ])) as [unknown, { version: number }[]];
      const row = results[1][0];
      if (row) return { ok: true, value: { version: Number(row.version) } };
      return { ok: false, reason: (await store.getRuleset(id)) ? 'stale' : 'not-found' };
    },

    async listAudit(rulesetId, limit) {
      const rows = await db.select().from(audit).where(eq(audit.rulesetId, rulesetId)).orderBy(desc(audit.id)).limit(limit).all();
      return rows.map((r): AuditEntry => ({
        id: r.id,
        at: r.at,
        actor: r.actor,
        actorTenant: r.actorTenant,
        ...opt('rulesetId', r.rulesetId),
        action: r.action as AuditAction,
        ...opt('fromVersion', r.fromVersion),
        ...opt('toVersion', r.toVersion),
        ...(r.detail ? { detail: parseObject(r.detail) } : {}),
      }));
    },

    async createToken(t, hash, actor) {
      await db.batch([
        db.insert(tokens).values({ id: t.id, hash, tenant: t.tenant, role: t.role, label: t.label ?? null, createdAt: t.createdAt, createdBy: t.createdBy }),
        db.insert(audit).values({ at: t.createdAt, actor: actor.id, actorTenant: actor.tenant, rulesetId: null, action: 'token', detail: JSON.stringify({ token: t.id, tenant: t.tenant, role: t.role, ...(t.label ? { label: t.label } : {}) }) }),
      ]);
    },

    async findToken(hash) {
      const r = await db.select().from(tokens).where(eq(tokens.hash, hash)).get();
      return r ? toToken(r) : undefined;
    },

    async getToken(id) {
      const r = await db.select().from(tokens).where(eq(tokens.id, id)).get();
      return r ? toToken(r) : undefined;
    },

    async listTokens(tenant) {
      const rows = await db.select().from(tokens).where(tenant === undefined ? undefined : eq(tokens.tenant, tenant)).orderBy(tokens.createdAt, tokens.id).all();
      return rows.map(toToken);
    },

    async revokeToken(id, actor, at) {
      const [revoked] = (await db.batch([
        db.update(tokens).set({ revokedAt: at }).where(and(eq(tokens.id, id), isNull(tokens.revokedAt))).returning({ id: tokens.id }),
        db.insert(audit).select(sql`SELECT NULL, ${at}, ${actor.id}, ${actor.tenant}, NULL, 'token', NULL, NULL, ${JSON.stringify({ revoked: id })}
          WHERE EXISTS (SELECT 1 FROM tokens WHERE id = ${id} AND revoked_at = ${at})`),
      ])) as [unknown[]];
      return revoked.length > 0;
    },
  };
  return store;
}
