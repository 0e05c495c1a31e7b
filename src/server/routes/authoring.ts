/**
 * @module server/routes/authoring
 * Writing rule sets: checking text, creating forks, drafts (with ETags; writes need
 * `If-Match`), publishing and rolling back. Writes need a token of the owning tenant.
 */
import type { RulesService } from '../../service/rules.ts';
import type { Ruleset } from '../../ruleset.ts';
import { parseIfMatch, quoteEtag } from '../http.ts';
import { fieldJson } from '../../schema/index.ts';
import { route, type Route } from '../route.ts';
import { CheckBody, CheckResponse, DraftBody, DraftResponse, DraftSaved, ForkBody, Published, PublishBody, RollbackBody } from '../schemas.ts';
import { unwrap } from './util.ts';

const summary = (rs: Ruleset) => ({ id: rs.id, extends: rs.base ?? null, chain: rs.chain, inputs: rs.inputs.map(fieldJson), outputs: rs.outputs.map(fieldJson) });
const hasErrors = (ds: readonly { severity: string }[]) => ds.some((d) => d.severity === 'error');

export function authoringRoutes(service: RulesService): Route[] {
  return [
    route(
      {
        method: 'post', path: '/v1/check', operationId: 'check', tag: 'authoring', access: 'public', body: CheckBody,
        summary: 'Check rule text',
        description: 'Diagnostics for rule text, for editors and CI. The base it extends comes from `bases` if given there, else from the latest published version. Answers 200 whether or not the text has errors.',
        response: { status: 200, schema: CheckResponse, description: 'Diagnostics (`ok` when there are no errors)', localised: true },
        problems: [],
      },
      async ({ json, body, locale }) => {
        const r = await service.check(body.source, body.bases ? new Map(Object.entries(body.bases)) : undefined, locale);
        return json({ ok: r.ok, diagnostics: r.diagnostics, ...(r.ruleset ? { ruleset: summary(r.ruleset) } : {}) });
      },
    ),
    route(
      {
        method: 'post', path: '/v1/rulesets', operationId: 'createFork', tag: 'authoring', access: 'editor', body: ForkBody,
        summary: 'Create a fork',
        description: 'Creates a rule set that extends a published one, owned by the caller’s tenant and named after it (`<tenant>` or `<tenant>-…`). It starts with a draft (the given source, or a fork that changes nothing); publish it to evaluate it. A city may fork its province’s rule set, never edit it.',
        response: { status: 201, schema: DraftSaved, description: 'Created; the draft’s ETag and diagnostics', etag: true, localised: true },
        problems: ['forbidden', 'ruleset-exists', 'base-not-found', 'id-mismatch', 'base-mismatch', 'fork-name'],
      },
      async ({ json, body, principal, locale }) => {
        const r = unwrap(await service.createFork(principal, body, locale));
        return json({ id: r.record.id, etag: r.record.etag, ok: !hasErrors(r.diagnostics), diagnostics: r.diagnostics }, 201, { ETag: quoteEtag(r.record.etag), Location: `/v1/rulesets/${r.record.id}` });
      },
    ),
    route(
      {
        method: 'get', path: '/v1/rulesets/:id/draft', operationId: 'getDraft', tag: 'authoring', access: 'viewer',
        summary: 'Read the draft',
        description: 'The draft with its diagnostics, or the latest published source when there is no draft. The ETag (header and body) must be sent back in `If-Match` to write.',
        response: { status: 200, schema: DraftResponse, description: 'The draft', etag: true, localised: true },
        problems: ['ruleset-not-found', 'forbidden'],
      },
      async ({ json, params, principal, locale }) => {
        const d = unwrap(await service.draft(principal, params['id']!, locale));
        return json({
          id: d.id, etag: d.etag, source: d.source, has_draft: d.hasDraft, based_on: d.basedOn || null,
          ...(d.updatedAt ? { updated_at: d.updatedAt, updated_by: d.updatedBy } : {}),
          ok: !hasErrors(d.diagnostics), diagnostics: d.diagnostics,
        }, 200, { ETag: quoteEtag(d.etag) });
      },
    ),
    route(
      {
        method: 'put', path: '/v1/rulesets/:id/draft', operationId: 'saveDraft', tag: 'authoring', access: 'editor', body: DraftBody,
        summary: 'Write the draft',
        description: 'Stores the draft (even with errors; such a draft cannot be published) and answers its diagnostics. Needs `If-Match` with the current ETag: missing → 428, stale → 412, so no edit is silently lost.',
        response: { status: 200, schema: DraftSaved, description: 'Stored; the new ETag and the diagnostics', etag: true, localised: true },
        problems: ['ruleset-not-found', 'forbidden', 'precondition-required', 'precondition-failed', 'id-mismatch', 'base-mismatch'],
      },
      async ({ c, json, params, body, principal, locale }) => {
        const r = unwrap(await service.saveDraft(principal, params['id']!, body.source, parseIfMatch(c.req.header('if-match')), locale));
        return json({ id: params['id'], etag: r.etag, ok: !hasErrors(r.diagnostics), diagnostics: r.diagnostics }, 200, { ETag: quoteEtag(r.etag) });
      },
    ),
    route(
      {
        method: 'post', path: '/v1/rulesets/:id/publish', operationId: 'publish', tag: 'authoring', access: 'publisher', body: PublishBody, bodyOptional: true,
        summary: 'Publish the draft',
        description: 'Publishes the draft as a new immutable version (needs `If-Match` with the draft’s ETag). The version records the base versions it was compiled against; a draft with errors is refused with its diagnostics.',
        response: { status: 201, schema: Published, description: 'The new version', etag: true },
        problems: ['ruleset-not-found', 'forbidden', 'precondition-required', 'precondition-failed', 'no-draft', 'draft-has-errors', 'base-mismatch'],
      },
      async ({ c, json, params, body, principal, locale }) => {
        const r = unwrap(await service.publish(principal, params['id']!, parseIfMatch(c.req.header('if-match')), body.note, locale));
        return json({ id: params['id'], version: r.version, etag: r.etag }, 201, { ETag: quoteEtag(r.etag) });
      },
    ),
    route(
      {
        method: 'post', path: '/v1/rulesets/:id/rollback', operationId: 'rollback', tag: 'authoring', access: 'publisher', body: RollbackBody,
        summary: 'Roll back to a version',
        description: 'Publishes a copy of version `to` (same text, same base versions) as the newest version; the draft is kept. `If-Match` is optional here.',
        response: { status: 201, schema: Published, description: 'The new version', etag: true },
        problems: ['ruleset-not-found', 'version-not-found', 'forbidden', 'precondition-failed'],
      },
      async ({ c, json, params, body, principal }) => {
        const r = unwrap(await service.rollback(principal, params['id']!, body.to, parseIfMatch(c.req.header('if-match')), body.note));
        return json({ id: params['id'], version: r.version, etag: r.etag }, 201, { ETag: quoteEtag(r.etag) });
      },
    ),
  ];
}
