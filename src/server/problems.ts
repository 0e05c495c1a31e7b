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
import { COMMON_HEADERS } from './http.ts';

type P = Readonly<Record<string, string | number>>;

interface Entry {
  readonly status: number;
  readonly title: { readonly en: string; readonly zh: string };
  readonly detail: (p: P) => { readonly en: string; readonly zh: string };
}

const e = (status: number, en: string, zh: string, detail?: (p: P) => { en: string; zh: string }): Entry => ({ status, title: { en, zh }, detail: detail ?? (() => ({ en, zh })) });

/** Every problem the API answers with. */
export const PROBLEMS: Readonly<Record<ProblemCode, Entry>> = {
  'invalid-json': e(400, 'The request body is not valid JSON', '请求体不是有效的 JSON', (p) =>
    p['encoding']
      ? { en: 'the request body is not valid UTF-8: it has bytes that are not UTF-8, or U+FFFD, the character that replaces them', zh: '请求体不是有效的 UTF-8：含有不符合 UTF-8 的字节，或替代这类字节的字符 U+FFFD' }
      : p['line'] === 'header'
      ? notJson(p, "the stream's first line (its header)", '记录流的第一行（表头）')
      : notJson(p, 'the request body', '请求体')),
  'forbidden-key': e(400, 'The request body uses a forbidden key', '请求体使用了禁止的键名', (p) => ({ en: `the key \`${p['key']}\` is not allowed anywhere in a request body`, zh: `请求体中任何位置都不允许使用键名 \`${p['key']}\`` })),
  'invalid-request': e(400, 'The request does not match the API', '请求不符合接口定义', (p) => ({ en: `invalid request: ${p['fields']}`, zh: `请求有误：${p['fields']}` })),
  'invalid-input': e(400, 'The input is missing fields or has invalid values', '输入缺少字段或取值无效', (p) => ({ en: `invalid input: ${p['fields']}`, zh: `输入有误：${p['fields']}` })),
  'evaluation-failed': e(422, 'The rules give no answer for these inputs', '规则对这些输入无法给出结果', (p) => ({ en: `the rules give no answer for these inputs: ${p['fields']}`, zh: `规则对这些输入无法给出结果：${p['fields']}` })),
  unauthorized: e(401, 'A valid bearer token is required', '需要有效的访问令牌', () => ({ en: 'send `Authorization: Bearer <token>` with a valid token', zh: '请使用有效令牌发送 `Authorization: Bearer <令牌>`' })),
  forbidden: e(403, 'This token may not do that', '该令牌无权执行此操作', (p) => {
    // The rule set or token concerned, unless it is the tenant already named.
    const what = p['id'] !== undefined && p['id'] !== p['tenant'] ? p['id'] : undefined;
    return { en: `this needs the \`${p['role']}\` role for tenant \`${p['tenant']}\`${what ? ` (\`${what}\`)` : ''}`, zh: `此操作需要租户 \`${p['tenant']}\` 的 \`${p['role']}\` 角色${what ? `（\`${what}\`）` : ''}` };
  }),
  'ruleset-not-found': e(404, 'No such rule set', '规则集不存在', (p) => ({ en: `there is no rule set \`${p['id']}\``, zh: `不存在规则集 \`${p['id']}\`` })),
  'version-not-found': e(404, 'No such version', '版本不存在', (p) => ({ en: `rule set \`${p['id']}\` has no version ${p['version']}`, zh: `规则集 \`${p['id']}\` 没有第 ${p['version']} 版` })),
  'not-published': e(404, 'The rule set has no published version yet', '规则集尚未发布任何版本', (p) => ({ en: `rule set \`${p['id']}\` has no published version yet`, zh: `规则集 \`${p['id']}\` 尚未发布任何版本` })),
  'route-not-found': e(404, 'No such endpoint', '接口不存在', (p) => ({ en: `no endpoint \`${p['method']} ${p['path']}\`; see /openapi.json`, zh: `不存在接口 \`${p['method']} ${p['path']}\`，参见 /openapi.json` })),
  'problem-not-found': e(404, 'No such problem type', '问题类型不存在', (p) => ({ en: `there is no problem type \`${p['code']}\`; the codes are those in the \`type\` of error answers, listed for each endpoint in /openapi.json`, zh: `不存在问题类型 \`${p['code']}\`；问题代码即错误应答中 \`type\` 的最后一段，/openapi.json 列出了每个接口可能返回的代码` })),
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
  'unsupported-media-type': e(415, 'This endpoint does not accept the request body\'s media type', '此接口不接受该请求体的媒体类型', (p) => {
    const type = p['expected'] ?? 'application/json';
    return p['charset'] === ''
      ? { en: `\`charset=\` names no charset: send the JSON in UTF-8 (\`Content-Type: ${type}\`)`, zh: `\`charset=\` 未写明字符集：请以 UTF-8 编码发送 JSON（\`Content-Type: ${type}\`）` }
      : p['charset'] !== undefined
      ? { en: `\`charset=${p['charset']}\` is not supported: send the JSON in UTF-8 (\`Content-Type: ${type}\`)`, zh: `不支持 \`charset=${p['charset']}\`：请以 UTF-8 编码发送 JSON（\`Content-Type: ${type}\`）` }
      : { en: `send \`Content-Type: ${type}\``, zh: `请发送 \`Content-Type: ${type}\`` };
  }),
  'stored-ruleset-invalid': e(500, 'A stored rule set no longer compiles', '已存储的规则集无法编译', (p) => ({ en: `version ${p['version']} of \`${p['id']}\` does not compile with this compiler; see \`diagnostics\``, zh: `\`${p['id']}\` 第 ${p['version']} 版无法用当前编译器编译，详见 \`diagnostics\`` })),
  internal: e(500, 'Internal error', '内部错误', () => ({ en: 'an internal error occurred; it has been logged', zh: '发生内部错误，已记录' })),
};

type Text2 = { readonly en: string; readonly zh: string };

/** `what` is not valid JSON, with the parser's reason (`p.reason`). */
const notJson = (p: P, en: string, zh: string): Text2 => ({ en: `${en} is not valid JSON: ${p['reason']}`, zh: `${zh}不是有效的 JSON：${jsonReasonZh(String(p['reason']))}` });
const d = (en: string, zh: string): Text2 => ({ en, zh });

/** What each problem means and what to do about it (served at `/problems/<code>`). */
export const ABOUT: Readonly<Record<ProblemCode, Text2>> = {
  'invalid-json': d('The body could not be parsed as JSON. Check quoting, commas and brackets; `detail` says where parsing stopped. JSON is UTF-8: bytes that are not UTF-8 are refused, and so is a literal U+FFFD, which is what such bytes become when decoded (write `\\ufffd` for the character itself).', '请求体无法按 JSON 解析。请检查引号、逗号和括号；`detail` 中说明了解析停在何处。JSON 使用 UTF-8 编码：不符合 UTF-8 的字节会被拒绝；字面的 U+FFFD 也会被拒绝，因为这类字节解码后就成了它（如确需该字符，请写作 `\\ufffd`）。'),
  'forbidden-key': d('`__proto__`, `constructor` and `prototype` are refused as keys anywhere in a body, to rule out prototype pollution. Rename the field.', '为防止原型污染，请求体中任何位置都不接受 `__proto__`、`constructor`、`prototype` 作为键名。请改用其他字段名。'),
  'invalid-request': d('The request envelope does not match the API (a missing, unknown or ill-typed field, or a body that is not a JSON object). `errors` names each field; see /openapi.json.', '请求的外层结构不符合接口定义（缺少字段、未知字段、类型不对，或请求体不是 JSON 对象）。`errors` 逐一列出字段；参见 /openapi.json。'),
  'invalid-input': d('The input values do not fit the rule set: a required input is missing, or a value has the wrong type, is not an allowed member or is out of range. `errors` names each input and what it expects; the rule set’s `input_schema` lists them all.', '输入值不符合规则集：缺少必需的输入，或取值类型不对、不在允许的选项中、超出范围。`errors` 逐一列出输入项及其要求；规则集的 `input_schema` 列出全部输入。'),
  'evaluation-failed': d('Every input is valid, but the rules give no answer for this combination: no row or rule of a decision table or definition applies (`E-EVAL-NO-ROW`), or a computed value falls outside the range its rules declare (`E-EVAL-RANGE`), or a rule divides by a value that is 0 for these inputs (`E-EVAL-DIV-ZERO`). The rule set has a gap or a mistake for these inputs: report it to whoever maintains it.', '输入均有效，但规则对这组输入无法给出结果：决策表或定义中没有适用的行或规则（`E-EVAL-NO-ROW`），或计算出的值超出规则声明的范围（`E-EVAL-RANGE`），或规则除以了对这组输入为 0 的值（`E-EVAL-DIV-ZERO`）。规则集对这些输入存在遗漏或错误，请告知其维护者。'),
  unauthorized: d('This call needs a bearer token (`Authorization: Bearer <token>`), or the token sent is malformed, unknown or revoked.', '此调用需要访问令牌（`Authorization: Bearer <令牌>`），或所发送的令牌格式有误、不存在或已撤销。'),
  forbidden: d('The token is valid but its role or tenant does not allow this action. Ask an administrator for a token with the role named in `detail`.', '令牌有效，但其角色或租户无权执行此操作。请向管理员申请具有 `detail` 中所述角色的令牌。'),
  'ruleset-not-found': d('No rule set has this id. GET /v1/rulesets lists them.', '不存在该标识的规则集。GET /v1/rulesets 可列出全部规则集。'),
  'version-not-found': d('The rule set exists but has no such published version. GET /v1/rulesets/{id}/versions lists them.', '规则集存在，但没有该发布版本。GET /v1/rulesets/{id}/versions 可列出各版本。'),
  'not-published': d('The rule set exists but nothing has been published yet, so it cannot be evaluated. Publish its draft first.', '规则集存在但尚未发布任何版本，因此不能计算。请先发布其草稿。'),
  'route-not-found': d('No endpoint has this path. /openapi.json lists every endpoint.', '没有此路径的接口。/openapi.json 列出了全部接口。'),
  'problem-not-found': d('No problem type has this code. A code is the last segment of the `type` of an error answer (`/problems/<code>`); /openapi.json lists the codes each endpoint answers with.', '没有该代码的问题类型。问题代码即错误应答中 `type`（`/problems/<代码>`）的最后一段；/openapi.json 列出了每个接口可能返回的代码。'),
  'method-not-allowed': d('The path exists but not with this HTTP method; the `Allow` header lists the methods it accepts.', '路径存在，但不支持该请求方法；`Allow` 响应头列出了可用的方法。'),
  'ruleset-exists': d('A rule set with this id already exists. Choose another id, or edit the existing rule set’s draft.', '该标识的规则集已存在。请换一个标识，或修改现有规则集的草稿。'),
  'token-not-found': d('No live token has this id (it may have been revoked already).', '不存在该标识的有效令牌（可能已被撤销）。'),
  'base-not-found': d('The rule text `extends` a rule set that does not exist or has no published version. Publish the base first, or correct the name.', '规则文本所继承（`extends`）的规则集不存在或尚未发布。请先发布上级规则集，或更正名称。'),
  'id-mismatch': d('The `ruleset` line of the text names a different id from the one in the URL. Make them the same.', '规则文本 `ruleset` 行声明的标识与网址中的不同。请使二者一致。'),
  'base-mismatch': d('A fork cannot change, add or drop the rule set it extends through a draft. Create a new fork to build on a different base.', '派生规则集不能通过草稿更换、新增或去掉其继承的上级规则集。如需基于其他上级，请新建派生规则集。'),
  'fork-name': d('A tenant’s rule sets are named after the tenant: `<tenant>` or `<tenant>-…`.', '租户的规则集须以租户命名：`<租户>` 或 `<租户>-…`。'),
  'no-draft': d('There is no draft to publish. PUT the rule text to the draft first.', '没有可发布的草稿。请先把规则文本 PUT 到草稿。'),
  'draft-has-errors': d('The draft does not compile, or one of its examples fails, so it cannot be published. `diagnostics` lists every problem with its position.', '草稿无法编译，或其中有示例未通过，因此不能发布。`diagnostics` 列出了每个问题及其位置。'),
  'precondition-required': d('Changing a draft needs `If-Match` with the ETag from reading it, so that no one overwrites someone else’s edit unknowingly.', '修改草稿需要在 `If-Match` 中提供读取草稿时得到的 ETag，以免在不知情的情况下覆盖他人的修改。'),
  'precondition-failed': d('Someone changed the draft after you read it. Read it again, reapply your edit and send the new ETag.', '您读取草稿后，有人修改了它。请重新读取，再次修改并发送新的 ETag。'),
  'payload-too-large': d('The body is over this endpoint’s size limit (1 MiB; 128 MiB for batches). Split the work into smaller requests.', '请求体超过此接口的大小上限（1 MiB；批量接口为 128 MiB）。请拆分为较小的请求。'),
  'unsupported-media-type': d('Bodies must be JSON in UTF-8: send `Content-Type: application/json` (`; charset=utf-8` may follow; any other charset is refused, as JSON has no other); a stream of records is `application/x-ndjson`, one JSON text per line.', '请求体必须是 UTF-8 编码的 JSON：请发送 `Content-Type: application/json`（可加 `; charset=utf-8`；其他字符集一律拒绝，因为 JSON 只用 UTF-8）；记录流为 `application/x-ndjson`，每行一个 JSON 文本。'),
  'stored-ruleset-invalid': d('A stored version no longer compiles with this version of the service (for example after a language change). `diagnostics` says why; an administrator should publish a corrected version.', '已存储的某个版本无法用当前服务编译（例如语言有变化之后）。`diagnostics` 说明了原因；需由管理员发布修正后的版本。'),
  internal: d('Something went wrong inside the service. It has been logged; the request can be retried.', '服务内部出错，已记录；可以重试该请求。'),
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
    headers: { 'content-type': 'application/problem+json; charset=utf-8', 'content-language': locale, ...COMMON_HEADERS, ...headers },
  });
}

/**
 * Where the JSON parser stopped, in Chinese, from its (English) message, which follows in
 * brackets. Only the end of the message is read: its middle may quote the body itself.
 */
export function jsonReasonZh(reason: string): string {
  const at = /at position (\d+)(?: \(line (\d+) column (\d+)\))?$/.exec(reason);
  if (at) return at[2] ? `第 ${at[2]} 行第 ${at[3]} 列处有误（${reason}）` : `第 ${Number(at[1]) + 1} 个字符处有误（${reason}）`;
  if (/end of JSON input$/.test(reason)) return `内容在结尾前中断（${reason}）`;
  if (/^Unexpected token/.test(reason)) return `出现了不该出现的字符（${reason}）`;
  return reason;
}
