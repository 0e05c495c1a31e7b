/**
 * @module service/batch
 * Many records in one call, evaluated as the caller reads the answer (so a server streams it
 * and never holds all results at once): a list of input objects, or a table of input rows
 * with the column names given once. A record's problems are its own result; only mistakes of
 * the call itself (an unknown output, a bad column) fail the whole call.
 */
import type { Locale } from '../diagnostics.ts';
import { M } from '../messages.ts';
import type { EvaluateOptions, FieldError, Ruleset } from '../ruleset.ts';

export interface BatchRequest {
  readonly inputs: readonly unknown[];
  readonly outputs?: readonly string[];
  readonly asOf?: string;
  readonly version?: number;
}

export type RecordResult = { readonly ok: true; readonly outputs: Record<string, unknown> } | { readonly ok: false; readonly errors: readonly FieldError[] };

export interface Chunked<T> {
  readonly asOf: string;
  readonly count: number;
  /** Evaluates the records `[from, to)` (call in order); a record's problems are its result. */
  next(from: number, to: number): T[];
  /** Records that failed among those evaluated so far. */
  readonly failed: number;
}

/** A batch of input objects: one result per record, in order. */
export interface BatchEvaluation extends Chunked<RecordResult> {
  readonly ruleset: string;
  readonly version: number;
}

export interface TableRequest {
  /** Input names: the meaning of each position in a row. */
  readonly columns: readonly string[];
  readonly rows: readonly unknown[];
  readonly outputs?: readonly string[];
  readonly asOf?: string;
  readonly version?: number;
}

/** A failed row's place in the answer: its problems, in place of its values. */
export interface RowErrors {
  readonly errors: readonly FieldError[];
}

/** A table of inputs: per row its output values in the order of `outputs`, or its errors. */
export interface TableEvaluation extends Chunked<unknown[] | RowErrors> {
  readonly ruleset: string;
  readonly version: number;
  /** The output names, in the order of each row's values. */
  readonly outputs: readonly string[];
}

/** Which published rule set answers. */
export interface Published {
  readonly ruleset: string;
  readonly version: number;
}

type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: FieldError[] };

const internalError = (locale: Locale, field = '(input)'): FieldError[] => {
  const msg = M.recordInternal();
  return [{ field, code: msg.code, message: msg.message[locale] }];
};

/** Options shared by every record of a call; a bad `outputs` or `as_of` is the call's problem. */
function callOptions(rs: Ruleset, outputs: readonly string[] | undefined, asOf: string, locale: Locale): Outcome<Omit<EvaluateOptions, 'asOf' | 'explain'>> {
  const options = { ...(outputs ? { outputs } : {}), locale };
  const probe = rs.evaluate(undefined, { ...options, asOf });
  const errors = probe.ok ? [] : probe.errors.filter((e) => e.field === 'outputs' || e.field === 'as_of');
  return errors.length ? { ok: false, errors } : { ok: true, value: options };
}

/** Runs `one` over the records `[from, to)`; a record that throws gets an internal error. */
function chunk<T>(from: number, to: number, count: number, one: (i: number) => T, broken: (i: number) => T): T[] {
  const out: T[] = new Array(Math.max(0, Math.min(to, count) - from));
  for (let i = from, k = 0; k < out.length; i++, k++) {
    try {
      out[k] = one(i);
    } catch {
      out[k] = broken(i);
    }
  }
  return out;
}

/** Input objects, evaluated as they are read; a bad `outputs` or `as_of` fails the call. */
export function batchOf(rs: Ruleset, id: Published, req: BatchRequest, asOf: string, locale: Locale): Outcome<BatchEvaluation> {
  const o = callOptions(rs, req.outputs, asOf, locale);
  if (!o.ok) return o;
  const run = rs.evaluator(o.value);
  const inputs = req.inputs;
  let failed = 0;
  const one = (i: number): RecordResult => {
    // An evaluation result is already `{ ok, outputs }` or `{ ok, errors }`.
    const r = run(inputs[i], asOf);
    if (!r.ok) failed++;
    return r;
  };
  const broken = (): RecordResult => (failed++, { ok: false, errors: internalError(locale) });
  return { ok: true, value: { ...id, asOf, count: inputs.length, next: (from, to) => chunk(from, to, inputs.length, one, broken), get failed() { return failed; } } };
}

/** Rows of a table, evaluated as they are read; mistakes in the columns, outputs or date fail the call. */
export function tableOf(rs: Ruleset, id: Published, req: TableRequest, asOf: string, locale: Locale): Outcome<TableEvaluation> {
  const o = callOptions(rs, req.outputs, asOf, locale);
  const t = rs.tableEvaluator(req.columns, { ...(req.outputs ? { outputs: req.outputs } : {}), locale });
  // Every mistake of the call at once: the table's (outputs and columns), and a bad date.
  if (!t.ok) return { ok: false, errors: [...t.errors, ...(o.ok ? [] : o.errors.filter((e) => e.field === 'as_of'))] };
  if (!o.ok) return o;
  const rows = req.rows;
  let failed = 0;
  const one = (i: number): unknown[] | RowErrors => {
    const r = t.run(rows[i], asOf);
    if (r.ok) return r.values;
    failed++;
    return { errors: r.errors };
  };
  const broken = (): RowErrors => (failed++, { errors: internalError(locale, '(row)') });
  const next = (from: number, to: number) => chunk(from, to, rows.length, one, broken);
  return { ok: true, value: { ...id, asOf, count: rows.length, outputs: t.outputs, next, get failed() { return failed; } } };
}
