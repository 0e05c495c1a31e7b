/**
 * @module server/worker
 * Cloudflare Workers entry: the same app on D1 (binding `DB`). Migrations and the seed rule
 * sets are bundled as text modules (wrangler `[[rules]]` type Text); the first request of an
 * isolate migrates and seeds if needed.
 */
import { RulesService } from '../service/rules.ts';
import { createD1Store, type D1Binding } from '../store/d1.ts';
import { corsOriginsFrom, createApp } from './app.ts';
import { MIGRATIONS, SEEDS } from './bundled.ts';

interface Env { DB: D1Binding; ADMIN_TOKEN?: string; PUBLIC_READ?: string; CORS_ORIGINS?: string }

let app: ReturnType<typeof createApp> | undefined;

export default {
  fetch(request: Request, env: Env, ctx: unknown): Response | Promise<Response> {
    app ??= createApp({ service: new RulesService({ store: createD1Store(env.DB, MIGRATIONS), seeds: SEEDS, ...(env.ADMIN_TOKEN ? { adminToken: env.ADMIN_TOKEN } : {}) }), publicRead: env.PUBLIC_READ !== 'false', corsOrigins: corsOriginsFrom(env.CORS_ORIGINS) });
    return app.fetch(request, env, ctx as never);
  },
};
