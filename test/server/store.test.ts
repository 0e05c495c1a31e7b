/**
 * The libSQL store and its migrations: the SQL files and the drizzle schema agree, migrating is
 * idempotent and safe when two instances start at once, seeding never overwrites, conditional
 * writes are atomic, and the Worker bundle lists every rule file and migration.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { getTableColumns, getTableName } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { RulesService } from '../../src/service/rules.ts';
import { MIGRATIONS_DIR, readMigrations } from '../../src/store/files.ts';
import { createLibsqlStore } from '../../src/store/libsql.ts';
import { splitStatements } from '../../src/store/migrate.ts';
import { schema } from '../../src/store/schema.ts';
import { RULES_DIR } from '../helpers.ts';
import { seedFiles } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'shegong-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fresh = (name: string) => createLibsqlStore({ url: `file:${join(dir, name)}`, migrations: readMigrations() });
const actor = { id: 'test', tenant: '*' };

describe('migrations', () => {
  it('create exactly the tables and columns the drizzle schema describes', async () => {
    const store = fresh('schema.db');
    await store.migrate();
    const db = createClient({ url: `file:${join(dir, 'schema.db')}` });
    for (const table of Object.values(schema)) {
      const cols = (await db.execute(`PRAGMA table_info(${getTableName(table)})`)).rows.map((r) => r['name']);
      expect([getTableName(table), cols]).toEqual([getTableName(table), Object.values(getTableColumns(table)).map((c) => c.name)]);
    }
    db.close();
    store.close();
  });

  it('are recorded in d1_migrations and applied once, even by two instances at once', async () => {
    const a = fresh('twice.db');
    const b = fresh('twice.db');
    await Promise.all([a.migrate(), b.migrate()]);
    await a.migrate();
    const db = createClient({ url: `file:${join(dir, 'twice.db')}` });
    expect((await db.execute('SELECT name FROM d1_migrations')).rows.map((r) => r['name'])).toEqual(['0001_init.sql']);
    db.close();
    a.close();
    b.close();
  });

  it('split into statements without comments', () => {
    expect(splitStatements('-- a\nCREATE TABLE a (x TEXT); -- b\nCREATE INDEX i ON a (x);\n')).toEqual(['CREATE TABLE a (x TEXT)', 'CREATE INDEX i ON a (x)']);
  });
});

describe('seeding', () => {
  it('publishes every rules/*.rules file as version 1 once, and never overwrites', async () => {
    const store = fresh('seed.db');
    const first = new RulesService({ store, seeds: seedFiles() });
    await first.ready();
    expect((await store.listRulesets()).map((r) => [r.id, r.latestVersion])).toEqual([['cn', 1], ['huangshi', 1], ['jilin', 1], ['jilin-example', 1], ['shenyang', 1]]);
    expect((await store.getVersion('jilin-example'))?.bases).toEqual({ cn: 1, jilin: 1 });
    const changed = seedFiles().map((f) => (f.name === 'cn.rules' ? { ...f, text: f.text + '\n# changed\n' } : f));
    await new RulesService({ store, seeds: changed }).ready();
    expect((await store.getVersion('cn'))?.source).not.toContain('# changed');
    expect((await store.listAudit('cn', 10)).map((e) => e.action)).toEqual(['seed']);
    store.close();
  });
  it('seeds neither of two files that declare the same id, logs an error naming both, and seeds the rest', async () => {
    const store = fresh('seed-dup.db');
    const files = seedFiles();
    const copy = { name: 'jilin-copy.rules', text: files.find((f) => f.name === 'jilin-example.rules')!.text };
    const log: string[] = [];
    await new RulesService({ store, seeds: [...files, copy].sort((a, b) => a.name.localeCompare(b.name)), log: (l) => log.push(l) }).ready();
    expect((await store.listRulesets()).map((r) => r.id)).toEqual(['cn', 'huangshi', 'jilin', 'shenyang']);
    expect(log).toContain('error: seed files jilin-copy.rules and jilin-example.rules declare the same rule set id jilin-example; jilin-example is not seeded from any of them — give each file its own id');
    store.close();
  });
});

describe('conditional writes', () => {
  it('let exactly one of two concurrent publications with the same ETag win', async () => {
    const store = fresh('race.db');
    await new RulesService({ store, seeds: seedFiles() }).ready();
    const r = (await store.getRuleset('cn'))!;
    const meta = { source: (await store.getVersion('cn'))!.source, bases: {} };
    const results = await Promise.all([store.publish('cn', meta, 'publish', r.etag, 'etag-a', actor, 'now'), store.publish('cn', meta, 'publish', r.etag, 'etag-b', actor, 'now')]);
    expect(results.filter((x) => x.ok)).toHaveLength(1);
    expect(results.filter((x) => !x.ok)).toEqual([{ ok: false, reason: 'stale' }]);
    expect((await store.listVersions('cn')).map((v) => v.version)).toEqual([1, 2]);
    expect((await store.listAudit('cn', 10)).map((e) => e.action)).toEqual(['publish', 'seed']);
    store.close();
  });
});

describe('the Worker bundle', () => {
  it('imports every rule file and every migration as a text module', () => {
    const bundled = readFileSync(join(import.meta.dirname, '../../src/server/bundled.ts'), 'utf8');
    for (const f of readdirSync(RULES_DIR).filter((x) => x.endsWith('.rules'))) {
      expect(bundled, f).toContain(`from '../../rules/${f}'`);
      expect(bundled, f).toContain(`name: '${f}'`);
    }
    for (const f of readdirSync(MIGRATIONS_DIR).filter((x) => x.endsWith('.sql'))) {
      expect(bundled, f).toContain(`from '../store/migrations/${f}'`);
      expect(bundled, f).toContain(`name: '${f}'`);
    }
  });
});
