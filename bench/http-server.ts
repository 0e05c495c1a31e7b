/**
 * @module bench/http-server
 * The Node server exactly as `src/server/node.ts` wires it (libSQL store migrated and seeded
 * from `rules/`, the service, `createApp`), with one addition for comparison: a bare Hono
 * JSON echo route, `POST /bench/echo`, mounted beside the app on the same server. Listens on
 * 127.0.0.1 on a free port and prints `{"port": n}` once ready. Started by `bench/http.ts`.
 *
 * `DATABASE_URL` must point at a scratch database.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../src/server/app.ts';
import { RulesService } from '../src/service/rules.ts';
import { readMigrations } from '../src/store/files.ts';
import { createLibsqlStore } from '../src/store/libsql.ts';

const url = process.env['DATABASE_URL'];
if (!url) throw new Error('DATABASE_URL must point at a scratch database');
const rules = join(import.meta.dirname, '..', 'rules');
const seeds = readdirSync(rules).filter((f) => f.endsWith('.rules')).sort().map((f) => ({ name: f, text: readFileSync(join(rules, f), 'utf8') }));
const store = createLibsqlStore({ url, migrations: readMigrations() });
const service = new RulesService({ store, seeds, log: () => {} });
await service.ready();

const root = new Hono();
root.post('/bench/echo', async (c) => c.json(await c.req.json()));
root.route('/', createApp({ service }));
serve({ fetch: root.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(JSON.stringify({ port: info.port })));
process.on('SIGTERM', () => process.exit(0));
