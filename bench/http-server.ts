/**
 * @module bench/http-server
 * The Node server exactly as `src/server/node.ts` wires it (libSQL store migrated and seeded
 * from `rules/`, the service, `createApp`), with two routes added for comparison, served beside
 * the app on the same server: a bare Hono JSON echo route, `POST /bench/echo`, and
 * `POST /bench/echo-spin`, the same echo after spinning `SPIN_US` microseconds of CPU. The echo
 * routes are their own Hono app, chosen by path before either app runs: mounting the app inside
 * another Hono app (`route('/', app)`) would wrap every one of its handlers in an
 * error-handling layer that `npm start` does not have. Listens on 127.0.0.1 on a free port and
 * prints `{"port": n}` once ready. Started by `bench/http.ts`.
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

const echo = new Hono();
echo.post('/bench/echo', async (c) => c.json(await c.req.json()));
// The echo made slower on purpose, to show what a known amount of extra work per request does
// to the share of the echo route on this machine.
const SPIN_MS = Number(process.env['SPIN_US'] ?? 0) / 1000;
echo.post('/bench/echo-spin', async (c) => {
  const body: unknown = await c.req.json();
  const end = performance.now() + SPIN_MS;
  while (performance.now() < end);
  return c.json(body);
});
const app = createApp({ service });
const ECHO_URL = /^https?:\/\/[^/]+\/bench\/echo(?:-spin)?$/;
const fetch = (req: Request) => (ECHO_URL.test(req.url) ? echo.fetch(req) : app.fetch(req));
serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(JSON.stringify({ port: info.port })));
process.on('SIGTERM', () => process.exit(0));
