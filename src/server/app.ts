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
import { localeOf } from './http.ts';
import { openApiDocument } from './openapi.ts';
import { ABOUT, problem, ProblemError, PROBLEMS } from './problems.ts';
import { mount, raise, route, type AppEnv, type Route } from './route.ts';
import { authoringRoutes } from './routes/authoring.ts';
import { evaluateRoutes } from './routes/evaluate.ts';
import { rulesetRoutes } from './routes/rulesets.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { streamRoutes } from './routes/stream.ts';
import { ApiIndex, Health, OpenApiDocument, ProblemType } from './schemas.ts';

export interface AppOptions {
  readonly service: RulesService;
  /** Reading and evaluating published rule sets without a token (default true). */
  readonly publicRead?: boolean;
  /** Where unexpected errors are reported (default `console.error`; not a client hanging up mid-request); clients never see them. */
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
    ...streamRoutes(service),
    ...authoringRoutes(service),
    ...tokenRoutes(service),
    route(
      {
        method: 'get', path: '/healthz', operationId: 'health', tag: 'service', access: 'public',
        summary: 'Health', description: 'The database answers and the schema is migrated.',
        response: { status: 200, schema: Health, description: 'Healthy' }, problems: [],
      },
      async ({ json }) => json({ ok: true, rulesets: (await service.list()).length, compilations: service.compilations }),
    ),
  ];
}

/** The API describing itself: its index, its OpenAPI document and its problem types. */
function aboutRoutes(document: () => Record<string, unknown>): Route[] {
  return [
    route(
      {
        method: 'get', path: '/', operationId: 'index', tag: 'service', access: 'open',
        summary: 'Index', description: 'Where to start: the OpenAPI document and the list of rule sets.',
        response: { status: 200, schema: ApiIndex, description: 'Links' }, problems: [],
      },
      async ({ json }) => json({ name: 'shegong-rules', openapi: '/openapi.json', rulesets: '/v1/rulesets' }),
    ),
    route(
      {
        method: 'get', path: '/openapi.json', operationId: 'openapi', tag: 'service', access: 'open',
        summary: 'OpenAPI document', description: 'This API, generated from the same schemas the server validates requests with.',
        response: { status: 200, schema: OpenApiDocument, description: 'The document' }, problems: [],
      },
      async ({ json }) => json(document()),
    ),
    route(
      {
        method: 'get', path: '/problems/:code', operationId: 'problemType', tag: 'service', access: 'open',
        summary: 'A problem type', description: 'What a problem `type` (`/problems/<code>`) in an error answer means and what to do about it.',
        response: { status: 200, schema: ProblemType, description: 'The problem type' }, problems: ['problem-not-found'],
      },
      async ({ json, params }) => {
        const code = params['code'] as keyof typeof PROBLEMS;
        const entry = Object.hasOwn(PROBLEMS, code) ? PROBLEMS[code] : undefined;
        if (!entry) raise({ ok: false, problem: 'problem-not-found', params: { code } });
        return json({ type: `/problems/${code}`, code, status: entry.status, title: entry.title, description: ABOUT[code] });
      },
    ),
  ];
}

const patternOf = (path: string) => new RegExp(`^${path.replace(/:\w+/g, '[^/]+')}$`);

/** Builds the app. */
export function createApp(o: AppOptions): Hono<AppEnv> {
  const { service } = o;
  let openapi: Record<string, unknown> | undefined;
  const all: Route[] = [...routes(service), ...aboutRoutes(() => (openapi ??= openApiDocument(all)))];
  const app = new Hono<AppEnv>();

  if (o.corsOrigins?.length) {
    app.use(cors({ origin: [...o.corsOrigins], allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Accept-Language'], exposeHeaders: ['ETag', 'Content-Language'], maxAge: 600 }));
  }
  // No middleware of our own: each route reads the language and waits for the service itself
  // (route.ts `mount`), one layer fewer per request; answers carry their headers themselves.
  mount(app, all, { service, publicRead: o.publicRead ?? true });

  app.notFound((c) => {
    const path = c.req.path;
    const allow = all.filter((r) => patternOf(r.spec.path).test(path)).map((r) => r.spec.method.toUpperCase());
    if (allow.length) return problem(c, { ok: false, problem: 'method-not-allowed', params: { method: c.req.method, path, allow: allow.join(', ') } }, localeOf(c), { Allow: allow.join(', ') });
    return problem(c, { ok: false, problem: 'route-not-found', params: { method: c.req.method, path } }, localeOf(c));
  });

  app.onError((e, c) => {
    const locale = c.get('locale') ?? localeOf(c);
    if (e instanceof ProblemError) {
      const headers: Record<string, string> = { ...e.headers };
      if (e.failure.problem === 'unauthorized') headers['WWW-Authenticate'] = 'Bearer realm="shegong-rules"';
      return problem(c, e.failure, locale, headers);
    }
    // A client that hung up mid-body is not a fault of ours (and nobody reads the answer).
    if (!c.req.raw.signal.aborted) (o.onInternalError ?? ((x: unknown) => console.error(x)))(e);
    return problem(c, { ok: false, problem: 'internal' }, locale);
  });

  return app;
}
