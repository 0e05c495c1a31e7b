/**
 * @module server/routes/tokens
 * Issuing, listing and revoking API tokens (admins; the secret is in the issuing answer only,
 * never stored).
 */
import type { RulesService } from '../../service/rules.ts';
import { route, type Route } from '../route.ts';
import { TokenBody, TokenIssued, TokenList, TokenQuery, TokenRevoked } from '../schemas.ts';
import { unwrap } from './util.ts';

/** Answers carrying a secret (or the list of them) are never cached. */
const NO_STORE = { 'Cache-Control': 'no-store' };

export function tokenRoutes(service: RulesService): Route[] {
  return [
    route(
      {
        method: 'post', path: '/v1/tokens', operationId: 'issueToken', tag: 'tokens', access: 'admin', body: TokenBody,
        summary: 'Issue a token',
        description: 'A new bearer token for a tenant and role (`viewer`, `editor`, `publisher`, `admin`). A tenant’s admin issues tokens for that tenant; the deployment’s `ADMIN_TOKEN` for any. The secret is shown once.',
        response: { status: 201, schema: TokenIssued, description: 'The token (keep the secret; it cannot be shown again)' },
        problems: ['forbidden'],
      },
      async ({ json, body, principal }) => {
        const r = unwrap(await service.issueToken(principal, { tenant: body.tenant, role: body.role, ...(body.label ? { label: body.label } : {}) }));
        return json({ id: r.record.id, token: r.token, tenant: r.record.tenant, role: r.record.role, ...(r.record.label ? { label: r.record.label } : {}), created_at: r.record.createdAt }, 201, NO_STORE);
      },
    ),
    route(
      {
        method: 'get', path: '/v1/tokens', operationId: 'listTokens', tag: 'tokens', access: 'admin', query: TokenQuery,
        summary: 'List tokens',
        description: 'A tenant’s tokens, revoked ones included, oldest first: id, role, label, who issued them and when. Never the secrets. A tenant’s admin sees its own tenant; the deployment admin any (`?tenant=`) or all.',
        response: { status: 200, schema: TokenList, description: 'The tokens' },
        problems: ['forbidden'],
      },
      async ({ json, query, principal }) => {
        const tokens = unwrap(await service.listTokens(principal, query.tenant));
        return json({ tokens: tokens.map((t) => ({ id: t.id, tenant: t.tenant, role: t.role, ...(t.label ? { label: t.label } : {}), created_at: t.createdAt, created_by: t.createdBy, ...(t.revokedAt ? { revoked_at: t.revokedAt } : {}) })) }, 200, NO_STORE);
      },
    ),
    route(
      {
        method: 'delete', path: '/v1/tokens/:id', operationId: 'revokeToken', tag: 'tokens', access: 'admin',
        summary: 'Revoke a token',
        description: 'The token (by its public `tok_…` id) stops working at once. Admins of its tenant, or the deployment admin.',
        response: { status: 200, schema: TokenRevoked, description: 'Revoked' },
        problems: ['forbidden', 'token-not-found'],
      },
      async ({ json, params, principal }) => {
        const t = unwrap(await service.revokeToken(principal, params['id']!));
        return json({ id: t.id, tenant: t.tenant, role: t.role, revoked: true });
      },
    ),
  ];
}
