/**
 * @module server/route
 * One declaration per endpoint: method, path, who may call it, the valibot schemas of its
 * query, body and answer, its body size limit and the problems it can answer with. `mount`
 * turns declarations into Hono handlers that authenticate, validate and parse before the
 * handler runs; `openapi.ts` turns the same declarations into the OpenAPI document.
 */
import type { Context, Hono } from 'hono';
import * as v from 'valibot';
import type { Locale } from '../diagnostics.ts';
import type { Principal, Role } from '../service/auth.ts';
import type { Failure, ProblemCode } from '../service/result.ts';
import type { RulesService } from '../service/rules.ts';
import { clip } from '../preview.ts';
import { bearerToken, COMMON_HEADERS, foreignCharset, localeOf, parseJson, readBody, validateRequest } from './http.ts';
import { ProblemError } from './problems.ts';
import { LangQuery } from './schemas.ts';

export interface AppEnv {
  /** The caller's language, once a route has read it (for the error handler). */
  Variables: { locale: Locale };
}

export type AppContext = Context<AppEnv>;

/**
 * `open`: anyone, always (the API's description of itself); `public`: anyone, unless the
 * deployment requires tokens for reads; else a token with at least this role.
 */
export type Access = 'open' | 'public' | Role;

export interface RouteSpec<Q extends v.GenericSchema, B extends v.GenericSchema | undefined> {
  readonly method: 'get' | 'post' | 'put' | 'delete';
  /** Hono path, e.g. `/v1/rulesets/:id`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly access: Access;
  readonly query?: Q;
  readonly body?: B;
  /** An empty body is allowed (treated as `{}`). */
  readonly bodyOptional?: boolean;
  /** Body size limit in bytes (default {@link DEFAULT_BODY_LIMIT}). */
  readonly limit?: number;
  /**
   * A body the handler reads itself as it arrives (`c.req.raw.body`), in one of `mediaTypes`
   * (each documented; the first is the one a refusal names); no `body` schema, no size limit from `mount`.
   */
  readonly rawBody?: { readonly mediaTypes: readonly string[]; readonly description: string };
  /**
   * `etag`: the answer carries the rule set's ETag; `localised`: its text is in the caller's
   * language (diagnostics, per-record errors), said in `Content-Language` as problems say it.
   */
  readonly response: { readonly status: number; readonly schema: v.GenericSchema; readonly description: string; readonly etag?: boolean; readonly localised?: boolean; readonly mediaType?: string };
  readonly problems: readonly ProblemCode[];
}

export interface HandlerArgs<Q extends v.GenericSchema, B extends v.GenericSchema | undefined> {
  /** The request (headers, raw body). Answer through {@link json} or {@link stream}: headers set with `c.header()` are not sent. */
  readonly c: AppContext;
  readonly params: Readonly<Record<string, string>>;
  readonly query: v.InferOutput<Q>;
  readonly body: B extends v.GenericSchema ? v.InferOutput<B> : undefined;
  readonly locale: Locale;
  readonly principal: Principal | undefined;
  /** A JSON answer with the API's headers (and `headers`); status 200 unless given. */
  readonly json: (body: unknown, status?: number, headers?: Readonly<Record<string, string>>) => Response;
  /** An answer written as it is produced (UTF-8 JSON, or the route's `response.mediaType`), with the API's headers. */
  readonly stream: (body: ReadableStream<Uint8Array>) => Response;
}

export interface Route {
  readonly spec: RouteSpec<v.GenericSchema, v.GenericSchema | undefined>;
  readonly handler: (a: HandlerArgs<v.GenericSchema, v.GenericSchema | undefined>) => Promise<Response>;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * Declares an endpoint.
 * @example route({ method: 'get', path: '/healthz', … }, async ({ json }) => json({ ok: true }))
 */
export function route<Q extends v.GenericSchema = typeof LangQuery, B extends v.GenericSchema | undefined = undefined>(spec: RouteSpec<Q, B>, handler: (a: HandlerArgs<Q, B>) => Promise<Response>): Route {
  return { spec, handler } as unknown as Route;
}

/** Answers with a problem from inside a handler. */
export function raise(f: Failure, headers?: Record<string, string>): never {
  throw new ProblemError(f, headers);
}

export interface MountOptions {
  readonly service: RulesService;
  /** Reads (list, get, evaluate…) without a token; off → every call needs a token. */
  readonly publicRead: boolean;
}

/** The headers of a route's answers in a language (`Content-Language` where the route is localised). */
function answerHeaders(spec: Route['spec'], contentType: string): (locale: Locale, extra?: Readonly<Record<string, string>>) => Readonly<Record<string, string>> {
  // Shared by every answer of the route: frozen, so no answer can change another's headers.
  const base = Object.freeze({ 'content-type': contentType, ...COMMON_HEADERS });
  const byLocale = { en: Object.freeze({ ...base, 'content-language': 'en' }), zh: Object.freeze({ ...base, 'content-language': 'zh' }) };
  return (locale, extra) => {
    const own = spec.response.localised ? byLocale[locale] : base;
    return extra ? { ...own, ...extra } : own;
  };
}

/** Registers routes on the app with authentication, validation and body parsing in front. */
export function mount(app: Hono<AppEnv>, routes: readonly Route[], o: MountOptions): void {
  // Most calls carry no query string: an empty query that passes is validated once per route.
  const noQuery = new Map<unknown, { ok: true; value: unknown }>();
  const queryOf = (c: AppContext, spec: Route['spec'], locale: Locale) => {
    const schema = spec.query ?? LangQuery;
    if (c.req.url.includes('?')) return validateRequest(schema, c.req.query(), locale, 'query');
    const known = noQuery.get(spec);
    if (known) return known;
    const r = validateRequest(schema, {}, locale, 'query');
    if (r.ok) noQuery.set(spec, r);
    return r;
  };
  for (const { spec, handler } of routes) {
    const jsonHeaders = answerHeaders(spec, 'application/json');
    const streamHeaders = answerHeaders(spec, spec.response.mediaType ?? 'application/json; charset=utf-8');
    app.on(spec.method.toUpperCase(), spec.path, async (c) => {
      const locale = localeOf(c);
      c.set('locale', locale);
      if (!o.service.isReady) await o.service.ready();
      // Open routes (the API describing itself) do not look at the token at all; no token, no lookup.
      const authorization = spec.access === 'open' ? undefined : c.req.header('authorization');
      const principal = authorization ? await authenticate(authorization, o.service) : undefined;
      if (!principal && spec.access !== 'open' && (spec.access !== 'public' || !o.publicRead)) raise({ ok: false, problem: 'unauthorized' });
      const query = queryOf(c, spec, locale);
      if (!query.ok) raise(query);
      let body: unknown;
      if (spec.rawBody) checkMediaType(c.req.header('content-type') ?? '', spec.rawBody.mediaTypes);
      else if (spec.body) {
        const text = await readBody(c.req.raw, spec.limit ?? DEFAULT_BODY_LIMIT);
        if (!text.ok) raise(text);
        if (spec.bodyOptional && text.value.trim() === '') body = {};
        else {
          const type = c.req.header('content-type') ?? '';
          // The usual type as such; any other through the pattern (parameters, `+json`, any case).
          if (type !== 'application/json' && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) raise({ ok: false, problem: 'unsupported-media-type' });
          const charset = foreignCharset(type);
          if (charset !== undefined) raise({ ok: false, problem: 'unsupported-media-type', params: { charset: clip(charset) } });
          const parsed = parseJson(text.value);
          if (!parsed.ok) raise(parsed);
          body = parsed.value;
        }
        const valid = validateRequest(spec.body, body, locale, 'body');
        if (!valid.ok) raise(valid);
        body = valid.value;
      }
      const json = (value: unknown, status = 200, headers?: Readonly<Record<string, string>>) => new Response(JSON.stringify(value), { status, headers: jsonHeaders(locale, headers) });
      const stream = (value: ReadableStream<Uint8Array>) => new Response(value, { status: 200, headers: streamHeaders(locale) });
      return handler({ c, params: c.req.param() as Record<string, string>, query: query.value, body: body as never, locale, principal, json, stream });
    });
  }
}

/** Refuses a body that is not in one of `mediaTypes` (parameters aside), or not in UTF-8. */
function checkMediaType(contentType: string, mediaTypes: readonly string[]): void {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (!mediaTypes.includes(type)) raise({ ok: false, problem: 'unsupported-media-type', params: { expected: mediaTypes[0]! } });
  const charset = foreignCharset(contentType);
  if (charset !== undefined) raise({ ok: false, problem: 'unsupported-media-type', params: { expected: mediaTypes[0]!, charset: clip(charset) } });
}

/** The caller's principal; a malformed, unknown or revoked token is a 401 even on public routes. */
async function authenticate(authorization: string, service: RulesService): Promise<Principal | undefined> {
  const token = bearerToken(authorization);
  if (token === null) return undefined;
  const p = token ? await service.authenticate(token) : undefined;
  if (!p) raise({ ok: false, problem: 'unauthorized' });
  return p;
}
