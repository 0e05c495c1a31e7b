/**
 * @module store/schema
 * The drizzle description of the tables created by `migrations/*.sql`. The SQL files are the
 * source of truth (they run unchanged on libSQL and D1); a test checks the two agree.
 * Private to `src/store/`: nothing outside it sees a drizzle type.
 */
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const rulesets = sqliteTable('rulesets', {
  id: text('id').primaryKey().notNull(),
  tenant: text('tenant').notNull(),
  base: text('base'),
  title: text('title'),
  jurisdiction: text('jurisdiction'),
  latestVersion: integer('latest_version').notNull().default(0),
  etag: text('etag').notNull(),
  draftSource: text('draft_source'),
  draftUpdatedAt: text('draft_updated_at'),
  draftUpdatedBy: text('draft_updated_by'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
});

export const versions = sqliteTable(
  'versions',
  {
    rulesetId: text('ruleset_id').notNull().references(() => rulesets.id),
    version: integer('version').notNull(),
    source: text('source').notNull(),
    /** JSON object: base rule set id → the version this one was compiled against. */
    bases: text('bases').notNull(),
    base: text('base'),
    title: text('title'),
    jurisdiction: text('jurisdiction'),
    copiedFrom: integer('copied_from'),
    note: text('note'),
    publishedAt: text('published_at').notNull(),
    publishedBy: text('published_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.rulesetId, t.version] })],
);

export const tokens = sqliteTable('tokens', {
  id: text('id').primaryKey().notNull(),
  hash: text('hash').notNull().unique(),
  tenant: text('tenant').notNull(),
  role: text('role').notNull(),
  label: text('label'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  revokedAt: text('revoked_at'),
});

export const audit = sqliteTable('audit', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: text('at').notNull(),
  actor: text('actor').notNull(),
  actorTenant: text('actor_tenant').notNull(),
  rulesetId: text('ruleset_id'),
  action: text('action').notNull(),
  fromVersion: integer('from_version'),
  toVersion: integer('to_version'),
  /** JSON object with action-specific facts (never secrets). */
  detail: text('detail'),
});

/** Wrangler's migration table: `wrangler d1 migrations apply` and our runner share it. */
export const d1Migrations = sqliteTable('d1_migrations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').unique(),
  appliedAt: text('applied_at').notNull(),
});

export const schema = { rulesets, versions, tokens, audit, d1Migrations };
