/**
 * @module service/result
 * What service operations return: a value, or a failure named by a stable problem code with
 * the facts needed to word it (the HTTP layer maps codes to statuses and zh/en text).
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { FieldError } from '../ruleset.ts';

/** Stable problem codes; each is also the last segment of the problem `type` URI. */
export type ProblemCode =
  | 'invalid-json'
  | 'forbidden-key'
  | 'invalid-request'
  | 'invalid-input'
  | 'evaluation-failed'
  | 'unauthorized'
  | 'forbidden'
  | 'ruleset-not-found'
  | 'version-not-found'
  | 'not-published'
  | 'route-not-found'
  | 'problem-not-found'
  | 'method-not-allowed'
  | 'ruleset-exists'
  | 'token-not-found'
  | 'base-not-found'
  | 'id-mismatch'
  | 'base-mismatch'
  | 'fork-name'
  | 'no-draft'
  | 'draft-has-errors'
  | 'precondition-required'
  | 'precondition-failed'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'stored-ruleset-invalid'
  | 'internal';

export interface Failure {
  readonly ok: false;
  readonly problem: ProblemCode;
  /** Facts interpolated into the message (ids, versions, field names…). */
  readonly params?: Readonly<Record<string, string | number>>;
  /** Per-field problems (invalid input or request). */
  readonly errors?: readonly FieldError[];
  /** Compiler diagnostics, in their one shape. */
  readonly diagnostics?: readonly Diagnostic[];
}

export type Result<T> = { readonly ok: true; readonly value: T } | Failure;

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function fail(problem: ProblemCode, params?: Record<string, string | number>, more: Pick<Failure, 'errors' | 'diagnostics'> = {}): Failure {
  return { ok: false, problem, ...(params ? { params } : {}), ...more };
}
