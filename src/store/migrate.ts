/**
 * @module store/migrate
 * Applies plain SQL migration files in name order, each in one batch together with its row in
 * `d1_migrations` (wrangler's own table, so `wrangler d1 migrations apply` and this runner
 * agree on what has been applied). Where the files come from is the caller's business: Node
 * reads `src/store/migrations/` from disk, the Worker bundles them as text modules.
 */
import { sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { d1Migrations } from './schema.ts';
import type { BatchDb } from './sql-store.ts';

export interface Migration {
  /** File name, e.g. `0001_init.sql`; applied in ascending order. */
  readonly name: string;
  readonly sql: string;
}

/**
 * Splits a migration into statements: `--` comments removed, split at `;` ending a line.
 * @example splitStatements('CREATE TABLE a (x);\n-- c\nCREATE INDEX i ON a (x);') // 2 statements
 */
export function splitStatements(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/--.*$/, ''))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const TRACKING = `CREATE TABLE IF NOT EXISTS d1_migrations(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT UNIQUE,
  applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`;

async function applied(db: BatchDb): Promise<Set<string>> {
  const rows = await db.all<{ name: string }>(sql`SELECT name FROM d1_migrations`);
  return new Set(rows.map((r) => String(r.name)));
}

/** Applies every migration not yet recorded; tolerates another instance doing the same. */
export async function applyMigrations(db: BatchDb, migrations: readonly Migration[]): Promise<void> {
  await db.run(sql.raw(TRACKING));
  let done = await applied(db);
  for (const m of [...migrations].sort((a, b) => a.name.localeCompare(b.name))) {
    if (done.has(m.name)) continue;
    const record = db.insert(d1Migrations).values({ name: m.name, appliedAt: new Date().toISOString().replace('T', ' ').slice(0, 19) });
    const statements: BatchItem<'sqlite'>[] = splitStatements(m.sql).map((s) => db.run(sql.raw(s)));
    try {
      await db.batch([record, ...statements]);
    } catch (e) {
      done = await applied(db);
      if (!done.has(m.name)) throw e;
    }
  }
}
