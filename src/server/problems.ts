/**
 * @module server/problems
 * RFC 9457 problem details. Each problem code has one HTTP status and its wording in Chinese
 * and English (one line; user text in backticks). `type` is `/problems/<code>`, stable, and
 * served as a short description. Bodies carry the compiler's field errors and diagnostics in
 * their own shapes; never a stack trace.
 */
import type { Context } from 'hono';
import type { Locale } from '../diagnostics.ts';
import type { Failure, ProblemCode } from '../service/result.ts';

type P = Readonly<Record<string, string | number>>;

interface Entry {
  readonly status: number;
  readonly title: { readonly en: string; readonly zh: string };
  readonly detail: (p: P) => { readonly en: string; readonly zh: string };
}

const e = (status: number, en: string, zh: string, detail?: (p: P) => { en: string; zh: string }): Entry => ({ status, title: { en, zh }, detail: detail ?? (() => ({ en, zh })) });

/** Every problem the API answers with. */
export const PROBLEMS: Readonly<Record<ProblemCode, Entry>> = {
  'invalid-json': e(400, 'The request body is not valid JSON', '请求体不是有效的 JSON', (p) => ({ en: `the request body is not valid JSON: ${p['reason']}`, zh: `请求体不是有效的 JSON：${p['reason']}` })),
  'forbidden-key': e(400, 'The request body uses a forbidden key', '请求体使用了禁止的键名', (p) => ({ en: `the key \`${p['key']}\` is not allowed anywhere in a request body`, zh: `请求体中任何位置都不允许使用键名 \`${p['key']}\`` })),
  'invalid-request': e(400, 'The request does not match the API', '请求不符合接口定义', (p) => ({ en: `invalid request: ${p['fields']}`, zh: `请求有误：${p['fields']}` })),
  'invalid-input': e(400, 'The input is missing fields or has invalid values', '输入缺少字段或取值无效', (p) => ({ en: `invalid input: ${p['fields']}`, zh: `输入有误：${p['fields']}` })),
  'evaluation-failed': e(422, 'No rule applies to these inputs', '没有适用于这些输入的规则', (p) => ({ en: `no rule applies to these inputs: ${p['fields']}`, zh: `没有适用于这些输入的规则：${p['fields']}` })),
  unauthorized: e(401, 'A valid bearer token is required', '需要有效的访问令牌', () => ({ en: 'send `Authorization: Bearer <token>` with a valid token', zh: '请使用有效令牌发送 `Authorization: Bearer <令牌>`' })),
  forbidden: e(403, 'This token may not do that', '该令牌无权执行此操作', (p) => ({ en: `this needs the \`${p['role']}\` role for tenant \`${p['tenant']}\` (\`${p['id']}\`)`, zh: `此操作需要租户 \`${p['tenant']}\` 的 \`${p['role']}\` 角色（\`${p['id']}\`）` })),
  'ruleset-not-found': e(404, 'No such rule set', '规则集不存在', (p) => ({ en: `there is no rule set \`${p['id']}\``, zh: `不存在规则集 \`${p['id']}\`` })),
  'version-not-found': e(404, 'No such version', '版本不存在', (p) => ({ en: `rule set \`${p['id']}\` has no version ${p['version']}`, zh: `规则集 \`${p['id']}\` 没有第 ${p['version']} 版` })),
  'not-published': e(404, 'The rule set has no published version yet', '规则集尚未发布任何版本', (p) => ({ en: `rule set \`${p['id']}\` has no published version yet`, zh: `规则集 \`${p['id']}\` 尚未发布任何版本` })),
  'route-not-found': e(404, 'No such endpoint', '接口不存在', (p) => ({ en: `no endpoint \`${p['method']} ${p['path']}\`; see /openapi.json`, zh: `不存在接口 \`${p['method']} ${p['path']}\`，参见 /openapi.json` })),
  'method-not-allowed': e(405, 'Method not allowed', '不支持该请求方法', (p) => ({ en: `\`${p['path']}\` does not accept ${p['method']}; it accepts ${p['allow']}`, zh: `\`${p['path']}\` 不接受 ${p['method']}，可用：${p['allow']}` })),
  'token-not-found': e(404, 'No such token', '令牌不存在', (p) => ({ en: `there is no live token \`${p['id']}\``, zh: `不存在有效令牌 \`${p['id']}\`` })),
  'ruleset-exists': e(409, 'A rule set with this id exists', '该规则集标识已被使用', (p) => ({ en: `rule set \`${p['id']}\` already exists`, zh: `规则集 \`${p['id']}\` 已存在` })),
  'base-not-found': e(422, 'The base rule set does not exist or is not published', '基础规则集不存在或尚未发布', (p) => ({ en: `base rule set \`${p['id']}\` does not exist or has no published version`, zh: `基础规则集 \`${p['id']}\` 不存在或尚未发布` })),
  'id-mismatch': e(422, 'The rule text names another rule set', '规则文本声明的规则集与请求不符', (p) => ({ en: `the text declares \`${p['declared']}\` but the request is for \`${p['id']}\``, zh: `文本声明的是 \`${p['declared']}\`，而请求针对 \`${p['id']}\`` })),
  'base-mismatch': e(422, 'A rule set cannot change the rule set it extends', '规则集不能更改其继承的上级规则集', (p) => ({ en: `\`${p['id']}\` extends \`${p['expected'] || '(nothing)'}\`; the text declares \`${p['declared'] || '(nothing)'}\` — a fork keeps its base (create a new fork to change it)`, zh: `\`${p['id']}\` 继承自 \`${p['expected'] || '（无）'}\`，而文本声明的是 \`${p['declared'] || '（无）'}\`；派生规则集不能更换上级（如需更换请新建派生规则集）` })),
  'fork-name': e(403, 'A fork must be named after its tenant', '派生规则集须以所属租户命名', (p) => ({ en: `\`${p['id']}\` cannot belong to tenant \`${p['tenant']}\`: a fork is named \`${p['tenant']}\` or \`${p['tenant']}-…\``, zh: `\`${p['id']}\` 不能归属租户 \`${p['tenant']}\`：派生规则集须命名为 \`${p['tenant']}\` 或 \`${p['tenant']}-…\`` })),
  'no-draft': e(409, 'There is no draft to publish', '没有可发布的草稿', (p) => ({ en: `rule set \`${p['id']}\` has no draft; PUT one to /v1/rulesets/${p['id']}/draft first`, zh: `规则集 \`${p['id']}\` 没有草稿，请先 PUT 到 /v1/rulesets/${p['id']}/draft` })),
  'draft-has-errors': e(422, 'The draft has errors and cannot be published', '草稿有错误，不能发布', (p) => ({ en: `the draft of \`${p['id']}\` has errors; see \`diagnostics\``, zh: `\`${p['id']}\` 的草稿有错误，详见 \`diagnostics\`` })),
  'precondition-required': e(428, 'If-Match is required', '需要 If-Match 请求头', (p) => ({ en: `send \`If-Match\` with the ETag from GET /v1/rulesets/${p['id']}/draft`, zh: `请在 \`If-Match\` 中发送 GET /v1/rulesets/${p['id']}/draft 返回的 ETag` })),
  'precondition-failed': e(412, 'The rule set changed since you read it', '规则集在您读取后已被修改', (p) => ({ en: `\`${p['id']}\` was changed by someone else; read the draft again and reapply your edit`, zh: `\`${p['id']}\` 已被他人修改，请重新读取草稿后再修改` })),
  'payload-too-large': e(413, 'The request body is too large', '请求体过大', (p) => ({ en: `the request body exceeds ${p['limit']} bytes for this endpoint`, zh: `请求体超过此接口的上限 ${p['limit']} 字节` })),
  'unsupported-media-type': e(415, 'The request body must be JSON', '请求体必须是 JSON', () => ({ en: 'send `Content-Type: application/json`', zh: '请发送 `Content-Type: application/json`' })),
  'stored-ruleset-invalid': e(500, 'A stored rule set no longer compiles', '已存储的规则集无法编译', (p) => ({ en: `version ${p['version']} of \`${p['id']}\` does not compile with this compiler; see \`diagnostics\``, zh: `\`${p['id']}\` 第 ${p['version']} 版无法用当前编译器编译，详见 \`diagnostics\`` })),
  internal: e(500, 'Internal error', '内部错误', () => ({ en: 'an internal error occurred; it has been logged', zh: '发生内部错误，已记录' })),
};

/** Thrown inside route handlers to answer with a problem (caught by the app's error handler). */
export class ProblemError extends Error {
  readonly failure: Failure;
  readonly headers: Readonly<Record<string, string>>;
  constructor(failure: Failure, headers: Record<string, string> = {}) {
    super(failure.problem);
    this.failure = failure;
    this.headers = headers;
  }
}

/** The problem document for a failure. */
export function problemBody(f: Failure, locale: Locale, instance: string): Record<string, unknown> {
  const entry = PROBLEMS[f.problem];
  return {
    type: `/problems/${f.problem}`,
    code: f.problem,
    title: entry.title[locale],
    status: entry.status,
    detail: entry.detail(f.params ?? {})[locale],
    instance,
    ...(f.errors ? { errors: f.errors } : {}),
    ...(f.diagnostics ? { diagnostics: f.diagnostics } : {}),
  };
}

/** Responds with `application/problem+json`. */
export function problem(c: Context, f: Failure, locale: Locale, headers: Record<string, string> = {}): Response {
  // The path as sent (percent-encoded): `instance` is a URI reference.
  const body = problemBody(f, locale, new URL(c.req.url).pathname);
  return new Response(JSON.stringify(body), {
    status: PROBLEMS[f.problem].status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', 'content-language': locale, 'x-content-type-options': 'nosniff', ...headers },
  });
}
