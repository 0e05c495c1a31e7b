/**
 * @module store/libsql
 * The {@link RuleStore} on libSQL: an embedded database file (`file:data/rules.db`, the
 * default for `npm start`) or a remote libSQL/Turso server (`libsql://…` with an auth token).
 */
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import type { Migration } from './migrate.ts';
import { schema } from './schema.ts';
import { sqlStore, type BatchDb } from './sql-store.ts';
import type { RuleStore } from './store.ts';

export interface LibsqlOptions {
  /** `file:path/to.db`, `:memory:`, or `libsql://host` / `https://host` for a server. */
  readonly url: string;
  readonly authToken?: string;
  readonly migrations: readonly Migration[];
}

/**
 * @example const store = createLibsqlStore({ url: 'file:data/rules.db', migrations });
 */
export function createLibsqlStore(options: LibsqlOptions): RuleStore & { close(): void } {
  const client = createClient({ url: options.url, ...(options.authToken ? { authToken: options.authToken } : {}) });
  const db = drizzle(client, { schema }) as unknown as BatchDb;
  return { ...sqlStore(db, options.migrations), close: () => client.close() };
}
