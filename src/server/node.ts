/**
 * @module server/node
 * Node entry (`npm start`): the embedded libSQL database (`DATABASE_URL`, default
 * `file:data/rules.db`; or a remote `libsql://…` with `DATABASE_AUTH_TOKEN`), migrated and
 * seeded from `rules/` on start, serving the app on `PORT` (default 8787) until SIGINT or SIGTERM.
 */
import { serve } from '@hono/node-server';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RulesService } from '../service/rules.ts';
import { readMigrations } from '../store/files.ts';
import { createLibsqlStore } from '../store/libsql.ts';
import { corsOriginsFrom, createApp } from './app.ts';
import { NODE_SERVER_OPTIONS } from './node-options.ts';

const env = process.env;
const rules = env['RULES_DIR'] ?? join(import.meta.dirname, '../../rules');
const seeds = readdirSync(rules).filter((f) => f.endsWith('.rules')).sort().map((f) => ({ name: f, text: readFileSync(join(rules, f), 'utf8') }));
const url = env['DATABASE_URL'] ?? (mkdirSync('data', { recursive: true }), 'file:data/rules.db');
const store = createLibsqlStore({ url, ...(env['DATABASE_AUTH_TOKEN'] ? { authToken: env['DATABASE_AUTH_TOKEN'] } : {}), migrations: readMigrations() });
const service = new RulesService({ store, seeds, ...(env['ADMIN_TOKEN'] ? { adminToken: env['ADMIN_TOKEN'] } : {}), log: (line) => console.log(line) });
await service.ready();
const port = Number(env['PORT'] ?? 8787);
const server = serve({ fetch: createApp({ service, publicRead: env['PUBLIC_READ'] !== 'false', corsOrigins: corsOriginsFrom(env['CORS_ORIGINS']) }).fetch, port, serverOptions: NODE_SERVER_OPTIONS }, () => console.log(`listening on http://localhost:${port} (database ${url})`));

// Stopping (Ctrl-C, or SIGTERM from a process manager or from npm, whose start script execs
// node): no new connections, answers in progress finish, then exit (at most 10 s later).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`${signal}: stopping`);
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
