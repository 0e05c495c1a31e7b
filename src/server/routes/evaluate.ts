/**
 * @module server/routes/evaluate
 * Evaluation: one input, or up to 100,000 records in one call, as a list of input objects or a
 * table of rows (one result per record, in order; a record's problems do not fail the call).
 */
import type { RulesService } from '../../service/rules.ts';
import { route, type Route } from '../route.ts';
import { BATCH_MAX_RECORDS, BatchBody, BatchResponse, EvaluateBody, EvaluateResponse, TableBody, TableResponse } from '../schemas.ts';
import type { Chunked } from '../../service/batch.ts';
import { unwrap } from './util.ts';

/** Records evaluated and written per step of a batch response. */
const BATCH_CHUNK = 2000;

/**
 * A batch answer as a stream: `head` and its list of results, then `tail()`. The records are
 * evaluated chunk by chunk as the client reads, so sending overlaps computing and neither all
 * results nor the whole JSON text are ever held at once; what is known only at the end
 * (`failed`) comes after the list.
 */
function chunkedStream<T>(head: Record<string, unknown>, list: string, r: Chunked<T>, tail: () => Record<string, unknown>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let at = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${JSON.stringify(head).slice(0, -1)},${JSON.stringify(list)}:[`));
    },
    pull(controller) {
      if (at >= r.count) {
        controller.enqueue(encoder.encode(`],${JSON.stringify(tail()).slice(1)}`));
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
      async ({ json, params, body, locale }) => {
        const r = unwrap(await service.evaluate(params['id']!, { input: body.input, ...(body.outputs ? { outputs: body.outputs } : {}), ...(body.as_of ? { asOf: body.as_of } : {}), ...(body.version ? { version: body.version } : {}), explain: !!body.explain }, locale));
        return json({ ruleset: r.ruleset, version: r.version, as_of: r.asOf, outputs: r.outputs, ...(r.explanation ? { explanation: r.explanation } : {}) });
      },
    ),
    route(
      {
        method: 'post', path: '/v1/rulesets/:id/evaluate/batch', operationId: 'evaluateBatch', tag: 'evaluation', access: 'public', body: BatchBody, limit: BATCH_BODY_LIMIT,
        summary: 'Evaluate many records',
        description: `Up to ${BATCH_MAX_RECORDS} input records in one call, with shared \`outputs\`, \`as_of\` and \`version\`. Each record gets its own result, in order: \`{ok: true, outputs}\` or \`{ok: false, errors}\`.`,
        response: { status: 200, schema: BatchResponse, description: 'One result per record', localised: true },
        problems: ['invalid-input', 'ruleset-not-found', 'version-not-found', 'not-published', 'stored-ruleset-invalid'],
      },
      async ({ stream, params, body, locale }) => {
        const r = unwrap(await service.evaluateBatch(params['id']!, { inputs: body.inputs, ...(body.outputs ? { outputs: body.outputs } : {}), ...(body.as_of ? { asOf: body.as_of } : {}), ...(body.version ? { version: body.version } : {}) }, locale));
        return stream(chunkedStream({ ruleset: r.ruleset, version: r.version, as_of: r.asOf, count: r.count }, 'results', r, () => ({ failed: r.failed })));
      },
    ),
    route(
      {
        method: 'post', path: '/v1/rulesets/:id/evaluate/table', operationId: 'evaluateTable', tag: 'evaluation', access: 'public', body: TableBody, limit: BATCH_BODY_LIMIT,
        summary: 'Evaluate a table of records',
        description: `The tabular form of the batch: input names once in \`columns\`, then up to ${BATCH_MAX_RECORDS} \`rows\` of values in that order (\`null\` for a value not given), with shared \`outputs\`, \`as_of\` and \`version\`. Each row is answered in place, in order, by its output values in the order of the answer’s \`outputs\`, or by \`{errors}\` when it has problems. A column that is not an input, repeated, or missing while the outputs need it fails the call.`,
        response: { status: 200, schema: TableResponse, description: 'One row of output values per input row', localised: true },
        problems: ['invalid-input', 'ruleset-not-found', 'version-not-found', 'not-published', 'stored-ruleset-invalid'],
      },
      async ({ stream, params, body, locale }) => {
        const r = unwrap(await service.evaluateTable(params['id']!, { columns: body.columns, rows: body.rows, ...(body.outputs ? { outputs: body.outputs } : {}), ...(body.as_of ? { asOf: body.as_of } : {}), ...(body.version ? { version: body.version } : {}) }, locale));
        const head = { ruleset: r.ruleset, version: r.version, as_of: r.asOf, count: r.count, outputs: r.outputs };
        return stream(chunkedStream(head, 'rows', r, () => ({ failed: r.failed })));
      },
    ),
  ];
}
