/**
 * @module store/d1
 * The {@link RuleStore} on Cloudflare D1 (drizzle's `d1` driver), for the Worker.
 */
import { drizzle } from 'drizzle-orm/d1';
import type { Migration } from './migrate.ts';
import { schema } from './schema.ts';
import { sqlStore, type BatchDb } from './sql-store.ts';
import type { RuleStore } from './store.ts';

/** The D1 binding as the Worker receives it (typed loosely: no workers-types dependency). */
export type D1Binding = Parameters<typeof drizzle>[0];

/**
 * @example const store = createD1Store(env.DB, migrations);
 */
export function createD1Store(binding: D1Binding, migrations: readonly Migration[]): RuleStore {
  return sqlStore(drizzle(binding, { schema }) as unknown as BatchDb, migrations);
}
