/**
 * @module server/openapi
 * The OpenAPI 3.1 document, generated from the route declarations and their valibot schemas
 * (JSON Schema draft 2020-12, which OpenAPI 3.1 uses as is). Nothing here is written by hand
 * except the prose.
 */
import { toJsonSchema, toJsonSchemaDefs, type ConversionConfig } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { PROBLEMS } from './problems.ts';
import type { Route } from './route.ts';
import { COMPONENTS, INPUT_OBJECT_JSON_SCHEMA, isInputObject, LangQuery, recordBehind } from './schemas.ts';

const config = (typeMode: 'input' | 'output'): ConversionConfig => ({
  target: 'draft-2020-12',
  typeMode,
  errorMode: 'ignore',
  definitions: COMPONENTS,
  overrideRef: ({ referenceId }) => `#/components/schemas/${referenceId}`,
  overrideSchema: ({ valibotSchema }) => {
    if (isInputObject(valibotSchema)) return { ...INPUT_OBJECT_JSON_SCHEMA };
    const record = recordBehind(valibotSchema);
    return record ? schemaOf(record, typeMode) : undefined;
  },
});

function schemaOf(s: v.GenericSchema, mode: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _s, $defs: _d, ...rest } = toJsonSchema(s, config(mode)) as Record<string, unknown>;
  return rest;
}

const openapiPath = (p: string) => p.replace(/:(\w+)/g, '{$1}');

/**
 * @example openApiDocument(routes).paths['/v1/rulesets/{id}/evaluate'].post
 */
export function openApiDocument(routes: readonly Route[]): Record<string, unknown> & { paths: Record<string, Record<string, unknown>> } {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { spec } of routes) {
    const path = openapiPath(spec.path);
    const params = [...spec.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    // Every route reads `lang` (LangQuery) when it declares no query of its own.
    const query = schemaOf(spec.query ?? LangQuery, 'input');
    const props = (query['properties'] ?? {}) as Record<string, Record<string, unknown>>;
    const required = new Set((query['required'] ?? []) as string[]);
    for (const [name, schema] of Object.entries(props)) {
      const { description, ...rest } = schema;
      params.push({ name, in: 'query', required: required.has(name), schema: rest as { type: string }, ...(description ? { description } : {}) } as never);
    }
    const responses: Record<string, unknown> = {
      [spec.response.status]: {
        description: spec.response.description,
        ...(spec.response.etag || spec.response.localised ? { headers: {
          ...(spec.response.etag ? { ETag: { description: 'Current ETag of the rule set (send it back in If-Match)', schema: { type: 'string' } } } : {}),
          ...(spec.response.localised ? { 'Content-Language': { description: 'The language of the messages in the answer: `zh` or `en`', schema: { type: 'string', enum: ['zh', 'en'] } } } : {}),
        } } : {}),
        content: { [spec.response.mediaType ?? 'application/json']: { schema: schemaOf(spec.response.schema, 'output') } },
      },
    };
    const codes = [...new Set([...spec.problems, 'invalid-request' as const, 'internal' as const, ...(spec.body ? (['invalid-json', 'forbidden-key', 'payload-too-large', 'unsupported-media-type'] as const) : []), ...(spec.access === 'public' || spec.access === 'open' ? [] : (['unauthorized'] as const))])];
    const byStatus = new Map<number, string[]>();
    for (const code of codes) byStatus.set(PROBLEMS[code].status, [...(byStatus.get(PROBLEMS[code].status) ?? []), code]);
    for (const [status, list] of [...byStatus].sort((a, b) => a[0] - b[0])) {
      responses[status] = {
        description: list.map((code) => `\`${code}\`: ${PROBLEMS[code as keyof typeof PROBLEMS].title.en}`).join('; '),
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
    (paths[path] ??= {})[spec.method] = {
      operationId: spec.operationId,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: [spec.tag],
      ...(spec.access === 'open' ? { security: [] } : spec.access === 'public' ? { security: [{}, { bearer: [] }] } : { security: [{ bearer: [] }], 'x-required-role': spec.access }),
      ...(params.length ? { parameters: params } : {}),
      ...(spec.rawBody ? { requestBody: { required: true, description: spec.rawBody.description, content: Object.fromEntries(spec.rawBody.mediaTypes.map((type) => [type, { schema: { type: 'string' } }])) } } : {}),
      ...(spec.body
        ? { requestBody: { required: !spec.bodyOptional, content: { 'application/json': { schema: schemaOf(spec.body, 'input') } }, ...(spec.limit ? { description: `At most ${spec.limit} bytes.` } : {}) } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '社工岗规则配置服务 · Community social-worker rules service',
      version: '1',
      description:
        'Evaluate, check, store, publish and roll back community social-worker rule sets. Errors are RFC 9457 problem details (`application/problem+json`) with a stable `type`. Messages in Chinese or English: `?lang=zh|en` (or a language tag such as `zh-CN`), else `Accept-Language`; answers say `Vary: Accept-Language`, and those with messages (problems, diagnostics, per-record errors) say their language in `Content-Language`. Reads and evaluation are public unless the deployment requires tokens; writes need `Authorization: Bearer <token>` of the owning tenant.',
    },
    paths,
    components: {
      schemas: toJsonSchemaDefs(COMPONENTS, { target: 'draft-2020-12', errorMode: 'ignore', overrideRef: ({ referenceId }) => `#/components/schemas/${referenceId}`, overrideSchema: config('input').overrideSchema }),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token from `POST /v1/tokens` or `npx rules token`, or the deployment’s `ADMIN_TOKEN`' } },
    },
  };
}
