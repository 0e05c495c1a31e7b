/**
 * @module server/bundled
 * Worker only: the SQL migrations and the seed rule files, imported as text modules (wrangler
 * `[[rules]] type = "Text"` for `*.sql` and `*.rules`, which the Workers vitest integration
 * honours too). Node reads the same files from disk instead. A test checks that this list
 * names every file in `rules/` and `src/store/migrations/`.
 */
import init from '../store/migrations/0001_init.sql';
import cn from '../../rules/cn.rules';
import huangshi from '../../rules/huangshi.rules';
import jilinExample from '../../rules/jilin-example.rules';
import jilin from '../../rules/jilin.rules';
import shenyang from '../../rules/shenyang.rules';
import type { SourceFile } from '../source.ts';
import type { Migration } from '../store/migrate.ts';

export const MIGRATIONS: readonly Migration[] = [{ name: '0001_init.sql', sql: init }];

export const SEEDS: readonly SourceFile[] = [
  { name: 'cn.rules', text: cn },
  { name: 'huangshi.rules', text: huangshi },
  { name: 'jilin-example.rules', text: jilinExample },
  { name: 'jilin.rules', text: jilin },
  { name: 'shenyang.rules', text: shenyang },
];
