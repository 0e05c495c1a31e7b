/**
 * @module service/auth
 * Tenants, roles and tokens. A tenant is a jurisdiction id (`cn`, `jilin`, `jilin-example`, …).
 * A rule set belongs to one tenant, recorded when it is created (a seed: the tenant of its own
 * id; a fork: the tenant that created it, which names it `<tenant>` or `<tenant>-…`), and only
 * that tenant writes it. Roles are ordered: a `viewer` reads drafts and the audit
 * log, an `editor` also writes drafts and creates forks, a `publisher` also publishes and rolls
 * back, an `admin` also issues tokens. The `ADMIN_TOKEN` of the deployment is an admin of every
 * tenant (`*`). Tokens are random, shown once, and stored only as SHA-256 hashes.
 * Web Crypto only, so it runs on Node and Workers alike.
 */
import type { Role } from '../store/store.ts';

export type { Role } from '../store/store.ts';

export const ROLES: readonly Role[] = ['viewer', 'editor', 'publisher', 'admin'];

/** Every tenant: the deployment's bootstrap admin. */
export const ALL_TENANTS = '*';

/** Tenant and rule set ids: lower-case ASCII words joined by `-` (or `_`). */
export const ID_PATTERN = /^[a-z][a-z0-9_]*(?:-[a-z0-9_]+)*$/;
export const ID_MAX = 64;

export interface Principal {
  /** Token id (`tok_…`) or `env:ADMIN_TOKEN`. */
  readonly id: string;
  readonly tenant: string;
  readonly role: Role;
  readonly label?: string;
}

export function atLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** Whether `p` may act with `needed` rights on something owned by `tenant`. */
export function allowed(p: Principal, tenant: string, needed: Role): boolean {
  return atLeast(p.role, needed) && (p.tenant === ALL_TENANTS || p.tenant === tenant);
}

/** Whether a tenant may name a new rule set `id` (its own id or `<tenant>-…`). */
export function mayName(p: Principal, id: string): boolean {
  return p.tenant === ALL_TENANTS || id === p.tenant || id.startsWith(`${p.tenant}-`);
}

const hex = (bytes: ArrayBuffer | Uint8Array) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * SHA-256 hex of a token, as stored.
 * @example await hashToken('sgr_abc') // '6f1e…'
 */
export async function hashToken(token: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
}

/** A fresh token secret (`sgr_` + 256 random bits) and its public id. */
export function newToken(): { id: string; secret: string } {
  return { id: `tok_${hex(crypto.getRandomValues(new Uint8Array(8)))}`, secret: `sgr_${base64url(crypto.getRandomValues(new Uint8Array(32)))}` };
}

/** A fresh ETag value (opaque, unique). */
export function newEtag(): string {
  return crypto.randomUUID();
}
