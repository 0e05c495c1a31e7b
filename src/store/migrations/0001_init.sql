-- Rule sets, their immutable published versions, API tokens and the audit log.
-- Applied in order by src/store/migrate.ts (Node/libSQL and Workers/D1 alike) and recorded in
-- `d1_migrations`, the same table `wrangler d1 migrations apply` uses, so either may apply it.

CREATE TABLE IF NOT EXISTS rulesets (
  id TEXT PRIMARY KEY NOT NULL,
  tenant TEXT NOT NULL,
  base TEXT,
  title TEXT,
  jurisdiction TEXT,
  latest_version INTEGER NOT NULL DEFAULT 0,
  etag TEXT NOT NULL,
  draft_source TEXT,
  draft_updated_at TEXT,
  draft_updated_by TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS versions (
  ruleset_id TEXT NOT NULL REFERENCES rulesets(id),
  version INTEGER NOT NULL,
  source TEXT NOT NULL,
  bases TEXT NOT NULL,
  base TEXT,
  title TEXT,
  jurisdiction TEXT,
  copied_from INTEGER,
  note TEXT,
  published_at TEXT NOT NULL,
  published_by TEXT NOT NULL,
  PRIMARY KEY (ruleset_id, version)
);

CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  tenant TEXT NOT NULL,
  role TEXT NOT NULL,
  label TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at TEXT
);

CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  actor_tenant TEXT NOT NULL,
  ruleset_id TEXT,
  action TEXT NOT NULL,
  from_version INTEGER,
  to_version INTEGER,
  detail TEXT
);

CREATE INDEX IF NOT EXISTS audit_ruleset ON audit (ruleset_id, id);
