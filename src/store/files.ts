/**
 * @module store/files
 * Node only: reads the SQL migrations shipped in `src/store/migrations/`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Migration } from './migrate.ts';

export const MIGRATIONS_DIR = join(import.meta.dirname, 'migrations');

/** Every `*.sql` file in the migrations folder, in name order. */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir).filter((f) => f.endsWith('.sql')).sort().map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}
