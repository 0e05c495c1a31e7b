/**
 * @module server/http
 * Request plumbing: the response language and the headers of every answer, size-limited body
 * reading, JSON parsing that refuses `__proto__`/`constructor`/`prototype` keys, request
 * validation with field-named errors, and the `If-Match` and `Authorization` headers.
 */
import * as v from 'valibot';
import { localeOfTag, type Locale } from '../diagnostics.ts';
import { atMostItems, expectedOf, M, oneOf, requestRuleText, requestTypeText, type Message } from '../messages.ts';
import { clip, preview } from '../preview.ts';
import type { FieldError } from '../ruleset.ts';
import { UNKNOWN_INPUTS_NAMED } from '../schema/index.ts';
import { suggest } from '../suggest.ts';
import type { IfMatch } from '../service/rules.ts';
import { fail, type Result } from '../service/result.ts';

/**
 * `?lang=` (given as `lang`), else the first of zh/en in Accept-Language (by q), else English.
 * Both take language tags, read alike (`localeOfTag`): `zh-CN`, `zh-Hans` and `zh-TW` are
 * Chinese, `en-US` English; a malformed one (`zh-`, `zh_CN`) is neither.
 * @example pickLocale('zh-CN', null) // 'zh'
 */
export function pickLocale(lang: string | null | undefined, acceptLanguage: string | null | undefined): Locale {
  const own = lang ? localeOfTag(lang) : undefined;
  if (own) return own;
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const qv = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find((x) => x !== undefined);
      return { tag, q: qv === undefined ? 1 : Number(qv), i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const locale = localeOfTag(tag.trim());
    if (locale) return locale;
  }
  return 'en';
}

/**
 * Headers of every answer: content sniffing off, and the answer may depend on the caller's
 * language (a problem, diagnostics, a record's errors). Set as a plain record on each Response:
 * Hono's `c.header()` builds a `Headers` object per request, which cost about 8 µs of server
 * CPU per evaluation on Node (bench/README, HTTP).
 */
export const COMMON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'x-content-type-options': 'nosniff', vary: 'Accept-Language' });

/** The caller's language: `?lang`, else Accept-Language (see {@link pickLocale}). */
export const localeOf = (c: { req: { query(k: string): string | undefined; header(k: string): string | undefined } }): Locale => pickLocale(c.req.query('lang'), c.req.header('accept-language'));

/** Reads the body as text, refusing more than `limit` bytes (by header, then while reading). */
export async function readBody(req: Request, limit: number): Promise<Result<string>> {
  const length = req.headers.get('content-length');
  const declared = length === null ? NaN : Number(length);
  if (declared > limit) return fail('payload-too-large', { limit });
  // With a declared length the runtime's framing holds the body to it: read it in one go (on
  // Node, @hono/node-server then reads the socket directly instead of through a web stream).
  if (Number.isSafeInteger(declared) && declared >= 0) {
    const text = await req.text();
    // A request built in-process is not framed by a server: hold it to the limit too.
    return text.length > limit ? fail('payload-too-large', { limit }) : { ok: true, value: text };
  }
  if (!req.body) return { ok: true, value: '' };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return fail('payload-too-large', { limit });
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, value: new TextDecoder().decode(bytes) };
}

/**
 * The `charset` of a JSON body's content type, when it names one other than UTF-8 (JSON has
 * no other, RFC 8259 §8.1; reading Latin-1 as UTF-8 would change its text), or `''` when
 * `charset=` names none.
 * @example foreignCharset('application/json; charset=iso-8859-1') // 'iso-8859-1'
 */
export function foreignCharset(contentType: string): string | undefined {
  if (!contentType.includes(';')) return undefined;
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType)?.[1];
  return charset === undefined || /^utf-?8$/i.test(charset) ? undefined : charset;
}

/** Keys that could reach an object's prototype if ever merged; refused anywhere in a body. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses JSON; a body with a forbidden key anywhere (even written with `\u` escapes) is refused.
 * So is one that had bytes that are not UTF-8 (JSON is UTF-8, RFC 8259 §8.1): decoding replaced
 * them with U+FFFD, so a literal U+FFFD is refused (`\ufffd` in JSON still means that
 * character). Runtimes decode without telling, and reading the bytes to decode them strictly
 * costs @hono/node-server a copy of every body (about 7% more CPU per evaluation); looking for
 * the character costs nothing measurable.
 * @example parseJson('{"__proto__": {}}') // { ok: false, problem: 'forbidden-key', … }
 */
export function parseJson(text: string): Result<unknown> {
  if (text.includes('\uFFFD')) return fail('invalid-json', { encoding: 'utf-8' });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return fail('invalid-json', { reason: e instanceof Error ? e.message.slice(0, 200) : 'syntax error' });
  }
  const key = mayHaveForbiddenKey(text) ? forbiddenKey(value) : undefined;
  return key === undefined ? { ok: true, value } : fail('forbidden-key', { key });
}

/** Whether JSON text could hold a forbidden key: it must contain one of these (or be spelled with escapes). */
const mayHaveForbiddenKey = (text: string) => text.includes('proto') || text.includes('constructor') || text.includes('\\u');

/**
 * Whether JSON texts within `text` need the checks of {@link parseJson} (it holds U+FFFD, or
 * something that could be a forbidden key); when not, plain `JSON.parse` gives what
 * `parseJson` would. A stream's lines are looked at once per chunk this way instead of one by
 * one (which cost a fifth as much as parsing them).
 */
export const needsJsonChecks = (text: string): boolean => text.includes('\uFFFD') || mayHaveForbiddenKey(text);

/**
 * The first forbidden key in parsed JSON, looked for with a stack of its own: a list nested
 * thousands deep is read like any other (a `JSON.parse` reviver recurses, and overflows).
 */
function forbiddenKey(root: unknown): string | undefined {
  const stack = [root];
  while (stack.length) {
    const x = stack.pop();
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) if (typeof x[i] === 'object' && x[i] !== null) stack.push(x[i]);
    } else if (typeof x === 'object' && x !== null) {
      for (const k in x) {
        if (FORBIDDEN_KEYS.has(k)) return k;
        const y = (x as Record<string, unknown>)[k];
        if (typeof y === 'object' && y !== null) stack.push(y);
      }
    }
  }
  return undefined;
}

/**
 * Valibot issues → field errors naming each field (dotted path) and what it expects. `known`
 * names the fields of the request object `data`: valibot reports its first unknown field only,
 * and each is named (see {@link unknownFields}).
 */
export function requestErrors(issues: readonly v.BaseIssue<unknown>[], locale: Locale, where: 'body' | 'query', data?: object, known?: readonly string[]): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  const push = (field: string, msg: Message, expected?: string) => out.push({ field, code: msg.code, message: msg.message[locale], ...(expected ? { expected } : {}) });
  for (const issue of issues) {
    const items = issue.path ?? [];
    const path = items.map((p) => String(p.key)).join('.');
    const field = path || `(${where})`;
    if (seen.has(field)) continue;
    seen.add(field);
    if (issue.type === 'strict_object' && issue.expected === 'never' && items.length === 1 && data && known) {
      for (const e of unknownFields(data, known, where, locale)) {
        seen.add(e.field);
        out.push(e);
      }
    } else if (issue.type === 'strict_object' && issue.expected === 'never' && path) push(field, M.requestUnknownField(clip(field)));
    else if (issue.input === undefined && path) push(field, M.requestMissingField(field));
    else if (issue.type === 'max_length' && Array.isArray(issue.input)) push(field, M.requestTooMany(field, Number(issue.requirement), issue.input.length), atMostItems(Number(issue.requirement))[locale]);
    else {
      // Our own checks (`custom`, and rules such as regexes) carry our wording in the message.
      const ours = issue.kind === 'validation' || issue.type === 'custom';
      const what = ours ? requestRuleText(issue.type, issue.requirement, issue.message) : issue.expected ? requestTypeText(issue.expected) : { en: issue.message, zh: issue.message };
      // A bad key of a record is named as a key, not quoted as if it were the value.
      const key = items.at(-1)?.origin === 'key' ? items.at(-1)! : undefined;
      const msg = key ? M.requestInvalidKey(items.slice(0, -1).map((p) => String(p.key)).join('.'), clip(String(key.key)), what) : M.requestInvalid(field, preview(issue.input), what);
      push(field, msg, expectedOf(what)[locale]);
    }
  }
  return out;
}

/**
 * Every field of a request object that is not one of `known`, in the order they came: the first
 * {@link UNKNOWN_INPUTS_NAMED} with a "did you mean" each, then how many more.
 */
function unknownFields(data: object, known: readonly string[], where: 'body' | 'query', locale: Locale): FieldError[] {
  const names = new Set(known);
  const unknown = Object.keys(data).filter((k) => !names.has(k));
  const expected = oneOf(known)[locale];
  const error = (field: string, msg: Message): FieldError => ({ field, code: msg.code, message: msg.message[locale], expected });
  const errors = unknown.slice(0, UNKNOWN_INPUTS_NAMED).map((k) => error(k, M.requestUnknownField(clip(k), suggest(k, known))));
  if (unknown.length > UNKNOWN_INPUTS_NAMED) errors.push(error(`(${where})`, M.requestUnknownFieldsMore(unknown.length - UNKNOWN_INPUTS_NAMED)));
  return errors;
}

/** Validates parsed data against a schema, or names every bad field. */
export function validateRequest<S extends v.GenericSchema>(schema: S, data: unknown, locale: Locale, where: 'body' | 'query'): Result<v.InferOutput<S>> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    const msg = M.requestNotObject(where);
    return fail('invalid-request', { fields: `(${where})` }, { errors: [{ field: `(${where})`, code: msg.code, message: msg.message[locale] }] });
  }
  const r = v.safeParse(schema, data);
  if (r.success) return { ok: true, value: r.output };
  const known = 'entries' in schema && typeof schema.entries === 'object' && schema.entries ? Object.keys(schema.entries) : undefined;
  const errors = requestErrors(r.issues, locale, where, data, known);
  return fail('invalid-request', { fields: errors.map((e) => clip(e.field)).join(', ') }, { errors });
}

/**
 * `If-Match` as `*` or a list of strong entity tags (weak ones can never match).
 * @example parseIfMatch('"a", W/"b"') // ['a']
 */
export function parseIfMatch(header: string | null | undefined): IfMatch {
  if (header === null || header === undefined) return undefined;
  if (header.trim() === '*') return '*';
  return header
    .split(',')
    .map((t) => t.trim())
    .filter((t) => !t.startsWith('W/'))
    .map((t) => t.replace(/^"(.*)"$/, '$1'));
}

/** The token of `Authorization: Bearer <token>`; `null` if absent, `''` if malformed. */
export function bearerToken(header: string | null | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  return m ? m[1]! : '';
}

export const quoteEtag = (etag: string) => `"${etag}"`;

