/**
 * @module store
 * The one storage interface, in domain terms: rule sets with a draft and immutable published
 * versions, API tokens (hashes only) and the audit log. Implementations: libSQL (Node; an
 * embedded file or a remote libSQL/Turso URL) and D1 (Workers), both over the same SQL
 * migrations. Every write that changes a rule set is one atomic batch together with its audit
 * entry, and is conditional on the rule set's ETag when the caller gives one.
 *
 * @example
 * const store = createLibsqlStore({ url: 'file:data/rules.db', migrations });
 * await store.migrate();
 * const latest = await store.getVersion('jilin');
 */

/** Who performed a write, for the audit log. */
export interface Actor {
  /** Token id, or `env:ADMIN_TOKEN`, or `system`. */
  readonly id: string;
  readonly tenant: string;
  readonly label?: string;
}

export interface Draft {
  readonly source: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** A rule set's current state (metadata follows its latest published version). */
export interface RulesetRecord {
  readonly id: string;
  /** The jurisdiction that owns it and may write it. */
  readonly tenant: string;
  /** The rule set it extends, if any. */
  readonly base?: string;
  readonly title?: string;
  readonly jurisdiction?: string;
  /** 0 until the first publication. */
  readonly latestVersion: number;
  /** Changes on every write; the draft's ETag. */
  readonly etag: string;
  readonly draft?: Draft;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface VersionSummary {
  readonly rulesetId: string;
  readonly version: number;
  /** Base rule set id → the version this one was compiled against (pinned for good). */
  readonly bases: Readonly<Record<string, number>>;
  readonly base?: string;
  readonly title?: string;
  readonly jurisdiction?: string;
  /** Set when the version was published by a rollback to that version. */
  readonly copiedFrom?: number;
  readonly note?: string;
  readonly publishedAt: string;
  readonly publishedBy: string;
}

export interface VersionRecord extends VersionSummary {
  readonly source: string;
}

export type Role = 'viewer' | 'editor' | 'publisher' | 'admin';

export interface TokenRecord {
  readonly id: string;
  readonly tenant: string;
  readonly role: Role;
  readonly label?: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedAt?: string;
}

export type AuditAction = 'seed' | 'create' | 'draft' | 'publish' | 'rollback' | 'token';

export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly actorTenant: string;
  readonly rulesetId?: string;
  readonly action: AuditAction;
  readonly fromVersion?: number;
  readonly toVersion?: number;
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** Why a conditional write did not happen. */
export type WriteFailure = 'not-found' | 'stale' | 'exists';
export type WriteResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: WriteFailure };

/** Metadata recorded with a publication (taken from the compiled rule set). */
export interface PublishedMeta {
  readonly source: string;
  readonly bases: Readonly<Record<string, number>>;
  readonly base?: string;
  readonly title?: string;
  readonly jurisdiction?: string;
  readonly note?: string;
}

export interface RuleStore {
  /** Applies pending SQL migrations (idempotent; safe when several instances start at once). */
  migrate(): Promise<void>;

  listRulesets(): Promise<RulesetRecord[]>;
  getRuleset(id: string): Promise<RulesetRecord | undefined>;
  /** A published version; the latest when `version` is omitted. */
  getVersion(id: string, version?: number): Promise<VersionRecord | undefined>;
  listVersions(id: string): Promise<VersionSummary[]>;

  /**
   * Stores a rule set as published version 1 unless the id exists (seeding; idempotent).
   * Returns whether it was inserted.
   */
  importPublished(id: string, tenant: string, meta: PublishedMeta, actor: Actor, at: string): Promise<boolean>;

  /** A new rule set (a fork) holding only a draft; `exists` if the id is taken. */
  createRuleset(
    r: { id: string; tenant: string; base: string; title?: string; jurisdiction?: string; draft: string },
    etag: string,
    actor: Actor,
    at: string,
  ): Promise<WriteResult<RulesetRecord>>;

  /** Replaces the draft if the current ETag is `ifMatch`; the new ETag is `etag`. */
  saveDraft(id: string, source: string, ifMatch: string, etag: string, actor: Actor, at: string, detail?: Record<string, unknown>): Promise<WriteResult<void>>;

  /**
   * Publishes a new immutable version (number = latest + 1). A `publish` clears the draft; a
   * `rollback` (with `copiedFrom`) leaves it. Conditional on `ifMatch` when given.
   */
  publish(
    id: string,
    meta: PublishedMeta & { readonly copiedFrom?: number },
    action: 'publish' | 'rollback',
    ifMatch: string | undefined,
    etag: string,
    actor: Actor,
    at: string,
  ): Promise<WriteResult<{ version: number }>>;

  /** Newest first. */
  listAudit(rulesetId: string, limit: number): Promise<AuditEntry[]>;

  /** Stores a token by the SHA-256 hex of its secret (the secret itself is never stored). */
  createToken(t: TokenRecord, hash: string, actor: Actor): Promise<void>;
  findToken(hash: string): Promise<TokenRecord | undefined>;
  getToken(id: string): Promise<TokenRecord | undefined>;
  /** The tokens of one tenant (every tenant when undefined), revoked ones too, oldest first. */
  listTokens(tenant: string | undefined): Promise<TokenRecord[]>;
  /** Marks a token revoked (it stops working at once); false if there is no such live token. */
  revokeToken(id: string, actor: Actor, at: string): Promise<boolean>;
}
