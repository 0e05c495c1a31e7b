/**
 * @module server/app
 * The HTTP API as one Hono app, the same on Node and on Workers. Built from a
 * {@link RulesService} (which holds the store); the runtime adapters `node.ts` and `worker.ts`
 * only build the store and hand `app.fetch` to the runtime.
 *
 * @example
 * const service = new RulesService({ store, seeds, adminToken: process.env.ADMIN_TOKEN });
 * const app = createApp({ service });
 * const res = await app.request('/v1/rulesets/jilin/evaluate', { method: 'POST', … });
 */
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { RulesService } from '../service/rules.ts';
import { pickLocale } from './http.ts';
import { openApiDocument } from './openapi.ts';
import { ABOUT, problem, ProblemError, PROBLEMS } from './problems.ts';
import { mount, route, type AppEnv, type Route } from './route.ts';
import { authoringRoutes } from './routes/authoring.ts';
import { evaluateRoutes } from './routes/evaluate.ts';
import { rulesetRoutes } from './routes/rulesets.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { Health } from './schemas.ts';

export interface AppOptions {
  readonly service: RulesService;
  /** Reading and evaluating published rule sets without a token (default true). */
  readonly publicRead?: boolean;
  /** Where unexpected errors are reported (default `console.error`); clients never see them. */
  readonly onInternalError?: (e: unknown) => void;
  /**
   * Web origins allowed to call the API from a browser (CORS), e.g. `https://hr.example.gov.cn`;
   * none by default (other servers are not affected by CORS).
   */
  readonly corsOrigins?: readonly string[];
}

/** `CORS_ORIGINS` (comma-separated) as a list. */
export const corsOriginsFrom = (value: string | undefined): string[] => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** Every endpoint of the API, in the order the OpenAPI document lists them. */
export function routes(service: RulesService): Route[] {
  return [
    ...rulesetRoutes(service),
    ...evaluateRoutes(service),
    ...authoringRoutes(service),
    ...tokenRoutes(service),
    route(
      {
        method: 'get', path: '/healthz', operationId: 'health', tag: 'service', access: 'public',
        summary: 'Health', description: 'The database answers and the schema is migrated.',
        response: { status: 200, schema: Health, description: 'Healthy' }, problems: [],
      },
      async ({ c }) => c.json({ ok: true, rulesets: (await service.list()).length, compilations: service.compilations }),
    ),
  ];
}

const patternOf = (path: string) => new RegExp(`^${path.replace(/:\w+/g, '[^/]+')}/?$`);

/** Builds the app. */
export function createApp(o: AppOptions): Hono<AppEnv> {
  const { service } = o;
  const all = routes(service);
  const app = new Hono<AppEnv>();
  let openapi: Record<string, unknown> | undefined;

  if (o.corsOrigins?.length) {
    app.use(cors({ origin: [...o.corsOrigins], allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Accept-Language'], exposeHeaders: ['ETag', 'Content-Language'], maxAge: 600 }));
  }
  app.use(async (c, next) => {
    c.set('locale', pickLocale(c.req.query('lang'), c.req.header('accept-language')));
    c.set('principal', undefined);
    // Set before the handler runs: setting a header on a finished response copies the response.
    c.header('X-Content-Type-Options', 'nosniff');
    await service.ready();
    await next();
  });

  mount(app, all, { service, publicRead: o.publicRead ?? true });

  app.get('/openapi.json', (c) => c.json((openapi ??= openApiDocument(all))));
  app.get('/problems/:code', (c) => {
    const code = c.req.param('code') as keyof typeof PROBLEMS;
    const entry = Object.hasOwn(PROBLEMS, code) ? PROBLEMS[code] : undefined;
    if (!entry) return problem(c, { ok: false, problem: 'route-not-found', params: { method: 'GET', path: c.req.path } }, c.get('locale'));
    return c.json({ type: `/problems/${code}`, code, status: entry.status, title: entry.title, description: ABOUT[code] });
  });
  app.get('/', (c) => c.json({ name: 'shegong-rules', openapi: '/openapi.json', rulesets: '/v1/rulesets' }));

  app.notFound((c) => {
    const path = c.req.path;
    const allow = all.filter((r) => patternOf(r.spec.path).test(path)).map((r) => r.spec.method.toUpperCase());
    if (allow.length) return problem(c, { ok: false, problem: 'method-not-allowed', params: { method: c.req.method, path, allow: allow.join(', ') } }, c.get('locale') ?? 'en', { Allow: allow.join(', ') });
    return problem(c, { ok: false, problem: 'route-not-found', params: { method: c.req.method, path } }, c.get('locale') ?? 'en');
  });

  app.onError((e, c) => {
    const locale = c.get('locale') ?? 'en';
    if (e instanceof ProblemError) {
      const headers: Record<string, string> = { ...e.headers };
      if (e.failure.problem === 'unauthorized') headers['WWW-Authenticate'] = 'Bearer realm="shegong-rules"';
      return problem(c, e.failure, locale, headers);
    }
    (o.onInternalError ?? ((x: unknown) => console.error(x)))(e);
    return problem(c, { ok: false, problem: 'internal' }, locale);
  });

  return app;
}
