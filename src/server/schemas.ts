/**
 * @module server/schemas
 * The API's request and response shapes as valibot schemas: requests are validated with them,
 * and `/openapi.json` is generated from them (via @valibot/to-json-schema), so the document
 * cannot drift from what the server accepts.
 */
import * as v from 'valibot';
import { LANGUAGE_TAG } from '../diagnostics.ts';
import { RequestRule } from '../messages.ts';
import { isIsoDate } from '../runtime.ts';
import { maxChars } from '../schema/chars.ts';
import { ID_MAX, ID_PATTERN, ROLES } from '../service/auth.ts';

/** Records in one batch request. */
export const BATCH_MAX_RECORDS = 100_000;

const id = v.pipe(v.string(), maxChars(ID_MAX), v.regex(ID_PATTERN, RequestRule.id.en), v.description('Rule set or tenant id'));
const date = v.pipe(v.string(), v.isoDate(RequestRule.date.en), v.check(isIsoDate, RequestRule.date.en), v.description('Evaluation date (default: today in China, UTC+8); dated parameters and rules in force on that date apply'));
/** A version number: an integer JSON carries exactly (9007199254740993 arrives as …992). */
const versionNumber = v.pipe(v.number(), v.integer(), v.safeInteger(RequestRule.versionNumber.en), v.minValue(1));
const version = v.pipe(versionNumber, v.description('A published version (default: the latest)'));
const outputs = v.pipe(v.array(v.pipe(v.string(), maxChars(200))), v.maxLength(500), v.description('Output names to compute (default: all); only the inputs they need are required'));
const source = v.pipe(v.string(), maxChars(512 * 1024), v.description('Rule text'));
const note = v.pipe(v.string(), maxChars(1000), v.description('Why (recorded in the audit log)'));
/**
 * An input object, passed on as it is: the rule set's reader validates every field. (A valibot
 * `record` would copy it key by key into a slow dictionary-mode object first.)
 */
const anObject = v.custom<Record<string, unknown>>((x) => typeof x === 'object' && x !== null && !Array.isArray(x), RequestRule.inputObject.en);
export const inputObject = v.pipe(anObject, v.description('Input values by name; see the rule set’s `input_schema`'));
/** Whether a schema is (part of) {@link inputObject}, for the OpenAPI conversion. */
export const isInputObject = (s: unknown) => s === inputObject || s === anObject;
/** {@link inputObject} in the OpenAPI document. */
export const INPUT_OBJECT_JSON_SCHEMA = { type: 'object', additionalProperties: true, description: 'Input values by name; see the rule set’s `input_schema`' } as const;

// ── requests ──
export const EvaluateBody = v.strictObject({
  input: inputObject,
  outputs: v.optional(outputs),
  as_of: v.optional(date),
  version: v.optional(version),
  explain: v.optional(v.pipe(v.boolean(), v.description('Return the explanation tree with citations'))),
});

export const BatchBody = v.strictObject({
  inputs: v.pipe(v.array(v.unknown()), v.maxLength(BATCH_MAX_RECORDS), v.description(`Input objects (at most ${BATCH_MAX_RECORDS}); each is validated on its own`)),
  outputs: v.optional(outputs),
  as_of: v.optional(date),
  version: v.optional(version),
});

const columns = v.pipe(v.array(v.pipe(v.string(), maxChars(200))), v.maxLength(500), v.description('Input names: what each position of a row holds (each at most once; every input the outputs need)'));

export const TableBody = v.strictObject({
  columns,
  rows: v.pipe(v.array(v.unknown()), v.maxLength(BATCH_MAX_RECORDS), v.description(`Rows, each a JSON array of input values in the order of \`columns\`, \`null\` for a value not given (at most ${BATCH_MAX_RECORDS}); each is validated on its own`)),
  outputs: v.optional(outputs),
  as_of: v.optional(date),
  version: v.optional(version),
});

/** The first line of a stream of records (`/evaluate/stream`, NDJSON). */
export const StreamHeader = v.strictObject({
  columns: v.optional(v.pipe(columns, v.description('Input names: each later line is then a row of values in this order (`null` for a value not given); without `columns`, each later line is an input object'))),
  outputs: v.optional(outputs),
  as_of: v.optional(date),
  version: v.optional(version),
});

/** Record schemas behind {@link objectRecord}s, for the OpenAPI conversion. */
const RECORDS = new Map<unknown, v.GenericSchema>();

/**
 * A record that refuses lists: valibot's `record` takes a list for an object, its indexes as
 * keys (`bases: [5]` was "`bases.0` = "0" is invalid: expected a lower-case id"). In JSON
 * Schema it is the record ({@link recordBehind}).
 */
function objectRecord<R extends v.GenericSchema<Record<string, unknown>>>(record: R, expected: string, description: string) {
  const notAList = v.custom<v.InferInput<R>>((x) => typeof x === 'object' && x !== null && !Array.isArray(x), expected);
  RECORDS.set(notAList, record);
  // The description before the record: OpenAPI describes a request by the pipe's first schema and what follows it.
  return v.pipe(notAList, v.description(description), record);
}

/** The record schema an {@link objectRecord} checks, if `s` is the start of one. */
export const recordBehind = (s: unknown): v.GenericSchema | undefined => RECORDS.get(s);

export const CheckBody = v.strictObject({
  source,
  bases: v.optional(objectRecord(v.record(id, source), RequestRule.rulesById.en, 'Base rule texts by id, used instead of the stored ones')),
});

export const DraftBody = v.strictObject({ source });
export const PublishBody = v.strictObject({ note: v.optional(note) });
export const RollbackBody = v.strictObject({ to: v.pipe(versionNumber, v.description('The version to publish a copy of')), note: v.optional(note) });

export const ForkBody = v.strictObject({
  id,
  extends: v.pipe(id, v.description('The published rule set to fork')),
  title: v.optional(v.pipe(v.string(), maxChars(200))),
  jurisdiction: v.optional(v.pipe(v.string(), maxChars(200))),
  source: v.optional(v.pipe(source, v.description('Initial draft (default: a fork that changes nothing)'))),
  tenant: v.optional(v.pipe(id, v.description('Owning tenant (deployment admin only; default: the caller’s tenant)'))),
});

export const TokenBody = v.strictObject({
  tenant: v.union([id, v.literal('*')]),
  role: v.picklist(ROLES as Role[]),
  label: v.optional(v.pipe(v.string(), maxChars(200))),
});
type Role = (typeof ROLES)[number];

// ── query strings ──
/**
 * A language tag we speak: `zh` or `en` (the first group), then subtags of 1–8 letters or digits
 * (`zh-Hans-CN`, `en-US`). Tags are case-insensitive; the pattern says so without a flag, which
 * JSON Schema cannot carry. `?lang` and Accept-Language are read by it alike.
 */
const lang = v.optional(v.pipe(v.string(), v.regex(LANGUAGE_TAG, RequestRule.language.en), v.description('Language of messages: `zh` or `en`, or a language tag such as `zh-CN`, `zh-Hans` or `en-US` (else Accept-Language)')));
const digits = (what: string) => v.optional(v.pipe(v.string(), v.regex(/^[1-9]\d{0,8}$/, RequestRule.positiveInteger.en), v.description(what)));
export const LangQuery = v.object({ lang });
export const VersionQuery = v.object({ lang, version: digits('A published version (default: the latest)') });
export const AuditQuery = v.object({ lang, limit: digits('Entries to return, newest first (default 100, at most 1000)') });

// ── responses ──
const Span = v.object({ file: v.string(), start: v.number(), end: v.number() });
export const Diagnostic = v.object({
  code: v.pipe(v.string(), v.description('Stable code such as `E-UNIT-MISMATCH`')),
  severity: v.picklist(['error', 'warning']),
  message: v.string(),
  help: v.optional(v.string()),
  span: Span,
  related: v.optional(v.array(v.object({ span: Span, message: v.string() }))),
});
export const FieldError = v.object({ field: v.string(), code: v.string(), message: v.string(), expected: v.optional(v.string()) });

export const Problem = v.object({
  type: v.pipe(v.string(), v.description('`/problems/<code>`')),
  code: v.string(),
  title: v.string(),
  status: v.number(),
  detail: v.string(),
  instance: v.string(),
  errors: v.optional(v.array(FieldError)),
  diagnostics: v.optional(v.array(Diagnostic)),
});

const Field = v.object({
  name: v.string(),
  label: v.optional(v.string()),
  note: v.optional(v.string()),
  type: v.pipe(v.looseObject({ k: v.picklist(['money', 'integer', 'decimal', 'bool', 'date', 'text', 'enum', 'list']) }), v.description('Money is a number of yuan, exact to the fen')),
});

export const RulesetSummary = v.object({
  id: v.string(),
  title: v.nullable(v.string()),
  jurisdiction: v.nullable(v.string()),
  extends: v.nullable(v.string()),
  tenant: v.string(),
  latest_version: v.nullable(v.number()),
  has_draft: v.boolean(),
});
export const RulesetList = v.object({ rulesets: v.array(RulesetSummary) });

export const RulesetDetail = v.object({
  id: v.string(),
  version: v.number(),
  latest_version: v.number(),
  title: v.nullable(v.string()),
  jurisdiction: v.nullable(v.string()),
  extends: v.nullable(v.string()),
  chain: v.pipe(v.array(v.string()), v.description('The rule sets this one is built from, national first')),
  bases: v.pipe(v.record(v.string(), v.number()), v.description('Base versions this version is compiled against (pinned)')),
  tenant: v.string(),
  published_at: v.string(),
  published_by: v.string(),
  sources: v.array(v.object({ code: v.string(), title: v.string() })),
  inputs: v.array(Field),
  outputs: v.array(Field),
  input_schema: v.pipe(v.record(v.string(), v.unknown()), v.description('JSON Schema of the input object')),
  output_schema: v.pipe(v.record(v.string(), v.unknown()), v.description('JSON Schema of the outputs object')),
  source: v.string(),
});

const ExplainNode = v.looseObject({
  name: v.string(),
  kind: v.pipe(v.string(), v.description('def, table, clauses, input or param')),
  label: v.optional(v.string()),
  value: v.unknown(),
  cite: v.optional(v.string()),
  illustrative: v.optional(v.pipe(v.literal(true), v.description('The source text gives no number: the value is illustrative'))),
  ruleset: v.optional(v.pipe(v.string(), v.description('The rule set of the chain that wrote this rule, when another than the one evaluated'))),
  row: v.optional(v.pipe(v.object({ index: v.number(), text: v.string() }), v.description('Tables: the 1-based row that matched, and its text'))),
  fired: v.optional(v.pipe(v.array(v.object({ key: v.union([v.string(), v.number()]), label: v.optional(v.string()), cite: v.optional(v.string()) })), v.description('Clause sets: the clauses that fired'))),
  in_force_from: v.optional(v.pipe(v.string(), v.description('Dated values: the date from which the value used is in force'))),
  children: v.array(v.unknown()),
});
const Explanation = v.pipe(v.array(ExplainNode), v.description('Trace tree: values, table rows matched, clauses fired, citations'));
export const EvaluateResponse = v.object({
  ruleset: v.string(),
  version: v.number(),
  as_of: v.string(),
  outputs: v.record(v.string(), v.unknown()),
  explanation: v.optional(Explanation),
});

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
export const BatchResponse = v.object({
  ruleset: v.string(),
  version: v.pipe(v.number(), v.integer()),
  as_of: v.string(),
  count: v.pipe(count, v.description('Records in the request')),
  failed: v.pipe(count, v.description('Records answered with errors')),
  results: v.pipe(
    v.array(v.union([v.object({ ok: v.literal(true), outputs: v.record(v.string(), v.unknown()) }), v.object({ ok: v.literal(false), errors: v.array(FieldError) })])),
    v.description('One result per input, in order'),
  ),
});

/** The first line of the answer to a stream of records; one line per record and `{count, failed}` follow. */
export const StreamHead = v.object({
  ruleset: v.string(),
  version: v.pipe(v.number(), v.integer()),
  as_of: v.string(),
  outputs: v.optional(v.pipe(v.array(v.string()), v.description('With `columns`: the output names, in the order of each row’s values'))),
});

export const TableResponse = v.object({
  ruleset: v.string(),
  version: v.pipe(v.number(), v.integer()),
  as_of: v.string(),
  count: v.pipe(count, v.description('Rows in the request')),
  outputs: v.pipe(v.array(v.string()), v.description('The output names, in the order of each row’s values')),
  rows: v.pipe(
    v.array(v.union([v.pipe(v.array(v.unknown()), v.description('The row’s output values (money in yuan)')), v.object({ errors: v.array(FieldError) })])),
    v.description('Per input row, in order: its output values, or `{errors}` when the row has problems'),
  ),
  failed: v.pipe(count, v.description('Rows answered with errors')),
});

export const CheckResponse = v.object({
  ok: v.boolean(),
  diagnostics: v.array(Diagnostic),
  ruleset: v.optional(v.object({ id: v.string(), extends: v.nullable(v.string()), chain: v.array(v.string()), inputs: v.array(Field), outputs: v.array(Field) })),
});

export const DraftResponse = v.object({
  id: v.string(),
  etag: v.string(),
  source: v.string(),
  has_draft: v.boolean(),
  based_on: v.nullable(v.number()),
  updated_at: v.optional(v.string()),
  updated_by: v.optional(v.string()),
  ok: v.boolean(),
  diagnostics: v.array(Diagnostic),
});
export const DraftSaved = v.object({ id: v.string(), etag: v.string(), ok: v.pipe(v.boolean(), v.description('Whether the draft can be published (no errors)')), diagnostics: v.array(Diagnostic) });
export const Published = v.object({ id: v.string(), version: v.number(), etag: v.string() });

export const VersionList = v.object({
  id: v.string(),
  versions: v.array(v.object({ version: v.number(), published_at: v.string(), published_by: v.string(), bases: v.record(v.string(), v.number()), copied_from: v.optional(v.number()), note: v.optional(v.string()), title: v.nullable(v.string()) })),
});

export const AuditList = v.object({
  id: v.string(),
  entries: v.array(v.object({ id: v.number(), at: v.string(), actor: v.string(), actor_tenant: v.string(), action: v.picklist(['seed', 'create', 'draft', 'publish', 'rollback', 'token']), from_version: v.nullable(v.number()), to_version: v.nullable(v.number()), detail: v.optional(v.record(v.string(), v.unknown())) })),
});

export const JsonLogicResponse = v.object({ ruleset: v.string(), version: v.number(), json_logic: v.pipe(v.record(v.string(), v.unknown()), v.description('The portable JSON Logic program (see docs/)')) });

export const TokenIssued = v.object({
  id: v.string(),
  token: v.pipe(v.string(), v.description('The secret; shown only this once')),
  tenant: v.string(),
  role: v.picklist(ROLES as Role[]),
  label: v.optional(v.string()),
  created_at: v.string(),
});

export const TokenQuery = v.object({ lang, tenant: v.optional(v.pipe(id, v.description('Whose tokens (deployment admin only; default: the caller’s tenant, or all for the deployment admin)'))) });
export const TokenList = v.object({
  tokens: v.array(v.object({ id: v.string(), tenant: v.string(), role: v.picklist(ROLES as Role[]), label: v.optional(v.string()), created_at: v.string(), created_by: v.string(), revoked_at: v.optional(v.string()) })),
});

export const TokenRevoked = v.object({ id: v.string(), tenant: v.string(), role: v.picklist(ROLES as Role[]), revoked: v.literal(true) });

export const Health = v.object({ ok: v.boolean(), rulesets: v.number(), compilations: v.pipe(v.number(), v.description('Rule set versions compiled since start (cache misses)')) });

/** Named schemas, published under `components.schemas`. */
export const COMPONENTS = { Problem, Diagnostic, FieldError };

export const ApiIndex = v.object({ name: v.string(), openapi: v.pipe(v.string(), v.description('Path of the OpenAPI document')), rulesets: v.pipe(v.string(), v.description('Path of the rule set list')) });
export const OpenApiDocument = v.pipe(v.record(v.string(), v.unknown()), v.description('An OpenAPI 3.1 document'));
const Text2 = v.object({ en: v.string(), zh: v.string() });
export const ProblemType = v.object({
  type: v.string(),
  code: v.string(),
  status: v.number(),
  title: v.pipe(Text2, v.description('The title, in English and Chinese')),
  description: v.pipe(Text2, v.description('What the problem means and what to do about it, in English and Chinese')),
});
