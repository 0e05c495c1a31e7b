/**
 * @module server/routes/rulesets
 * Reading rule sets: the list, one rule set (any published version) with its inputs, outputs
 * and JSON Schema, its versions, its JSON Logic, and its audit log.
 */
import type { RulesService } from '../../service/rules.ts';
import { fieldJson } from '../../schema/index.ts';
import { route, type Route } from '../route.ts';
import { AuditList, AuditQuery, JsonLogicResponse, RulesetDetail, RulesetList, VersionList, VersionQuery } from '../schemas.ts';
import { unwrap } from './util.ts';

export function rulesetRoutes(service: RulesService): Route[] {
  return [
    route(
      {
        method: 'get', path: '/v1/rulesets', operationId: 'listRulesets', tag: 'rule sets', access: 'public',
        summary: 'List rule sets', description: 'Every rule set with its base (`extends`) and latest published version (`null` before the first publication).',
        response: { status: 200, schema: RulesetList, description: 'The rule sets, by id' },
        problems: [],
      },
      async ({ json }) => {
        const list = await service.list();
        return json({
          rulesets: list.map((r) => ({ id: r.id, title: r.title ?? null, jurisdiction: r.jurisdiction ?? null, extends: r.base ?? null, tenant: r.tenant, latest_version: r.latestVersion || null, has_draft: !!r.draft })),
        });
      },
    ),
    route(
      {
        method: 'get', path: '/v1/rulesets/:id', operationId: 'getRuleset', tag: 'rule sets', access: 'public', query: VersionQuery,
        summary: 'Get a rule set', description: 'Metadata, source, inputs and outputs with their labels, and the JSON Schema of the input, of the latest or the given published version.',
        response: { status: 200, schema: RulesetDetail, description: 'The rule set as published' },
        problems: ['ruleset-not-found', 'version-not-found', 'not-published', 'stored-ruleset-invalid'],
      },
      async ({ json, params, query }) => {
        const d = unwrap(await service.describe(params['id']!, query.version ? Number(query.version) : undefined));
        const rs = d.ruleset;
        const rec = d.record;
        return json({
          id: rs.id,
          version: rec.version,
          latest_version: d.current.latestVersion,
          title: rs.title ?? null,
          jurisdiction: rs.jurisdiction ?? null,
          extends: rs.base ?? null,
          chain: rs.chain,
          bases: rec.bases,
          tenant: d.current.tenant,
          published_at: rec.publishedAt,
          published_by: rec.publishedBy,
          sources: rs.sources,
          inputs: rs.inputs.map(fieldJson),
          outputs: rs.outputs.map(fieldJson),
          input_schema: rs.inputJsonSchema(),
          output_schema: rs.outputJsonSchema(),
          source: rec.source,
        });
      },
    ),
    route(
      {
        method: 'get', path: '/v1/rulesets/:id/versions', operationId: 'listVersions', tag: 'rule sets', access: 'public',
        summary: 'List published versions', description: 'Oldest first. Each version records the base versions it is compiled against.',
        response: { status: 200, schema: VersionList, description: 'The versions' },
        problems: ['ruleset-not-found'],
      },
      async ({ json, params }) => {
        const list = unwrap(await service.versions(params['id']!));
        return json({
          id: params['id'],
          versions: list.map((x) => ({ version: x.version, published_at: x.publishedAt, published_by: x.publishedBy, bases: x.bases, title: x.title ?? null, ...(x.copiedFrom !== undefined ? { copied_from: x.copiedFrom } : {}), ...(x.note ? { note: x.note } : {}) })),
        });
      },
    ),
    route(
      {
        method: 'get', path: '/v1/rulesets/:id/json-logic', operationId: 'getJsonLogic', tag: 'rule sets', access: 'public', query: VersionQuery,
        summary: 'Get the JSON Logic program', description: 'The portable JSON Logic program of a published version, for systems that run JSON Logic themselves (format: docs/).',
        response: { status: 200, schema: JsonLogicResponse, description: 'The program' },
        problems: ['ruleset-not-found', 'version-not-found', 'not-published', 'stored-ruleset-invalid'],
      },
      async ({ json, params, query }) => {
        const d = unwrap(await service.published(params['id']!, query.version ? Number(query.version) : undefined));
        return json({ ruleset: params['id'], version: d.record.version, json_logic: d.ruleset.jsonLogic() });
      },
    ),
    route(
      {
        method: 'get', path: '/v1/rulesets/:id/audit', operationId: 'getAudit', tag: 'authoring', access: 'viewer', query: AuditQuery,
        summary: 'Read the audit log', description: 'Every write to the rule set (who, when, what, from which version), newest first. Needs a token of the owning tenant.',
        response: { status: 200, schema: AuditList, description: 'Audit entries' },
        problems: ['ruleset-not-found', 'forbidden'],
      },
      async ({ json, params, query, principal }) => {
        const limit = Math.min(Number(query.limit ?? 100), 1000);
        const entries = unwrap(await service.audit(principal, params['id']!, limit));
        return json({
          id: params['id'],
          entries: entries.map((e) => ({ id: e.id, at: e.at, actor: e.actor, actor_tenant: e.actorTenant, action: e.action, from_version: e.fromVersion ?? null, to_version: e.toVersion ?? null, ...(e.detail ? { detail: e.detail } : {}) })),
        });
      },
    ),
  ];
}


