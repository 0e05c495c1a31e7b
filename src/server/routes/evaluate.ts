/**
 * @module server/routes/evaluate
 * Evaluation: one input, or a batch of up to 100,000 records in one call (one result per
 * record, in order; a record's problems do not fail the batch).
 */
import type { RulesService } from '../../service/rules.ts';
import { route, type Route } from '../route.ts';
import { BATCH_MAX_RECORDS, BatchBody, BatchResponse, EvaluateBody, EvaluateResponse } from '../schemas.ts';
import type { BatchEvaluation } from '../../service/rules.ts';
import { unwrap } from './util.ts';

/** Records evaluated and written per step of a batch response. */
const BATCH_CHUNK = 2000;

/**
 * A batch answer as a stream: the records are evaluated chunk by chunk as the client reads,
 * so sending overlaps computing and neither all results nor the whole JSON text are ever held
 * at once. `failed` comes after `results`, once it is known.
 */
function batchStream(r: BatchEvaluation): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let at = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${JSON.stringify({ ruleset: r.ruleset, version: r.version, as_of: r.asOf, count: r.count }).slice(0, -1)},"results":[`));
    },
    pull(controller) {
      if (at >= r.count) {
        controller.enqueue(encoder.encode(`],"failed":${r.failed}}`));
        controller.close();
        return;
      }
      const results = r.next(at, at + BATCH_CHUNK);
      const text = JSON.stringify(results).slice(1, -1);
      controller.enqueue(encoder.encode(at === 0 ? text : `,${text}`));
      at += results.length;
    },
  });
}

/** Body limit of the batch route: 100,000 full records of the largest seed fit with room. */
export const BATCH_BODY_LIMIT = 128 * 1024 * 1024;

export function evaluateRoutes(service: RulesService): Route[] {
  return [
    route(
      {
        method: 'post', path: '/v1/rulesets/:id/evaluate', operationId: 'evaluate', tag: 'evaluation', access: 'public', body: EvaluateBody,
        summary: 'Evaluate a rule set',
        description: 'Computes only the outputs asked for; only the inputs those outputs depend on are required. Missing or ill-typed inputs are a 400 naming each field and what was expected. `as_of` picks the parameters and rules in force on that date; `version` pins a published version.',
        response: { status: 200, schema: EvaluateResponse, description: 'The outputs (money in yuan, exact to the fen)' },
        problems: ['invalid-input', 'evaluation-failed', 'ruleset-not-found', 'version-not-found', 'not-published', 'stored-ruleset-invalid'],
      },
      async ({ c, params, body, locale }) => {
        const r = unwrap(await service.evaluate(params['id']!, { input: body.input, ...(body.outputs ? { outputs: body.outputs } : {}), ...(body.as_of ? { asOf: body.as_of } : {}), ...(body.version ? { version: body.version } : {}), explain: !!body.explain }, locale));
        return c.json({ ruleset: r.ruleset, version: r.version, as_of: r.asOf, outputs: r.outputs, ...(r.explanation ? { explanation: r.explanation } : {}) });
      },
    ),
    route(
      {
        method: 'post', path: '/v1/rulesets/:id/evaluate/batch', operationId: 'evaluateBatch', tag: 'evaluation', access: 'public', body: BatchBody, limit: BATCH_BODY_LIMIT,
        summary: 'Evaluate many records',
        description: `Up to ${BATCH_MAX_RECORDS} input records in one call, with shared \`outputs\`, \`as_of\` and \`version\`. Each record gets its own result, in order: \`{ok: true, outputs}\` or \`{ok: false, errors}\`.`,
        response: { status: 200, schema: BatchResponse, description: 'One result per record' },
        problems: ['invalid-input', 'ruleset-not-found', 'version-not-found', 'not-published', 'stored-ruleset-invalid'],
      },
      async ({ c, params, body, locale }) => {
        const r = unwrap(await service.evaluateBatch(params['id']!, { inputs: body.inputs, ...(body.outputs ? { outputs: body.outputs } : {}), ...(body.as_of ? { asOf: body.as_of } : {}), ...(body.version ? { version: body.version } : {}) }, locale));
        return c.body(batchStream(r), 200, { 'content-type': 'application/json; charset=utf-8' });
      },
    ),
  ];
}
