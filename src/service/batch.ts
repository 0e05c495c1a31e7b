/**
 * @module service/batch
 * Many records in one call, evaluated as the caller reads the answer (so a server streams it
 * and never holds all results at once): a list of input objects, or a table of input rows
 * with the column names given once; or a stream of either, answered record by record as it
 * arrives, in any number. A record's problems are its own result; only mistakes of the call
 * itself (an unknown output, a bad column) fail the whole call.
 */
import type { Locale } from '../diagnostics.ts';
import { M } from '../messages.ts';
import type { EvaluateOptions, FieldError, RowResult, Ruleset } from '../ruleset.ts';

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

/**
 * Answers the records `[from, to)` together (`many`), or, if that throws, one by one with
 * {@link chunk}, where a record that throws gets an internal error.
 */
function chunkMany<T>(from: number, to: number, records: readonly unknown[], many: (records: readonly unknown[]) => T[], one: (record: unknown) => T, broken: (i: number) => T): T[] {
  const part = records.slice(from, Math.min(to, records.length));
  try {
    return many(part);
  } catch {
    return chunk(from, to, records.length, (i) => one(records[i]), broken);
  }
}

/** Input objects, evaluated as they are read; a bad `outputs` or `as_of` fails the call. */
export function batchOf(rs: Ruleset, id: Published, req: BatchRequest, asOf: string, locale: Locale): Outcome<BatchEvaluation> {
  const a = objectAnswers(rs, req.outputs, asOf, locale);
  if (!a.ok) return a;
  const inputs = req.inputs;
  const { answer, answerMany, broken } = a.value;
  return { ok: true, value: { ...id, asOf, count: inputs.length, next: (from, to) => chunkMany(from, to, inputs, answerMany, answer, broken), get failed() { return a.value.failed; } } };
}

/** Rows of a table, evaluated as they are read; mistakes in the columns, outputs or date fail the call. */
export function tableOf(rs: Ruleset, id: Published, req: TableRequest, asOf: string, locale: Locale): Outcome<TableEvaluation> {
  const t = rowAnswers(rs, req.columns, req.outputs, asOf, locale);
  if (!t.ok) return t;
  const rows = req.rows;
  const { answer, answerMany, broken } = t.value;
  const next = (from: number, to: number) => chunkMany(from, to, rows, answerMany, answer, broken);
  return { ok: true, value: { ...id, asOf, count: rows.length, outputs: t.value.outputs, next, get failed() { return t.value.failed; } } };
}

/** One answer per record, counting the failed ones. */
interface Answers<T> {
  answer(record: unknown): T;
  /** The answers to many records, computed together (the same as {@link answer} on each). */
  answerMany(records: readonly unknown[]): T[];
  /** The answer to a record given as its JSON text (`text` from `from` to `to`), when it can be read without parsing it (else undefined). */
  answerText(text: string, from: number, to: number): T | undefined;
  /** {@link answerText} for records given as lines of one text (line k from `starts[k]` to `ends[k]`, -1 for none), computed together. */
  answerTextMany(text: string, starts: readonly number[], ends: readonly number[]): (T | undefined)[];
  /** The answer to a record whose evaluation threw (an internal error, counted as failed). */
  broken(): T;
  readonly failed: number;
}

/** Answers rows of `columns`: a row's output values in the order of `outputs`, or its errors. */
function rowAnswers(rs: Ruleset, columns: readonly string[], outputs: readonly string[] | undefined, asOf: string, locale: Locale): Outcome<Answers<unknown[] | RowErrors> & { readonly outputs: readonly string[] }> {
  const o = callOptions(rs, outputs, asOf, locale);
  const t = rs.tableEvaluator(columns, { ...(outputs ? { outputs } : {}), locale });
  // Every mistake of the call at once: the table's (outputs and columns), and a bad date.
  if (!t.ok) return { ok: false, errors: [...t.errors, ...(o.ok ? [] : o.errors.filter((e) => e.field === 'as_of'))] };
  if (!o.ok) return o;
  let failed = 0;
  const result = (r: RowResult): unknown[] | RowErrors => {
    if (r.ok) return r.values;
    failed++;
    return { errors: r.errors };
  };
  const answer = (row: unknown) => result(t.run(row, asOf));
  const answerMany = (rows: readonly unknown[]) => t.runMany(rows, asOf).map(result);
  // A row that cannot be read from its text is not valid or not plain: parsing it and `answer` say which.
  const answerText = (text: string, from: number, to: number) => {
    const r = t.runText(text, asOf, from, to);
    return r && result(r);
  };
  const answerTextMany = (text: string, starts: readonly number[], ends: readonly number[]) => t.runTextMany(text, starts, ends, asOf).map((r) => r && result(r));
  const broken = (): RowErrors => (failed++, { errors: internalError(locale, '(row)') });
  return { ok: true, value: { outputs: t.outputs, answer, answerMany, answerText, answerTextMany, broken, get failed() { return failed; } } };
}

/** Answers input objects: `{ok, outputs}` or `{ok: false, errors}` each. */
function objectAnswers(rs: Ruleset, outputs: readonly string[] | undefined, asOf: string, locale: Locale): Outcome<Answers<RecordResult>> {
  const o = callOptions(rs, outputs, asOf, locale);
  if (!o.ok) return o;
  const run = rs.evaluator(o.value);
  let failed = 0;
  // An evaluation result is already `{ ok, outputs }` or `{ ok, errors }`.
  const counted = (r: RecordResult): RecordResult => {
    if (!r.ok) failed++;
    return r;
  };
  const answer = (input: unknown) => counted(run(input, asOf));
  const answerMany = (inputs: readonly unknown[]) => run.many(inputs, asOf).map(counted);
  // An object that cannot be read from its text is not valid or not plain: parsing it and `answer` say which.
  const answerText = (text: string, from: number, to: number) => {
    const r = run.runText(text, asOf, from, to);
    return r && counted(r);
  };
  const answerTextMany = (text: string, starts: readonly number[], ends: readonly number[]) => run.runTextMany(text, starts, ends, asOf).map((r) => r && counted(r));
  const broken = (): RecordResult => (failed++, { ok: false, errors: internalError(locale) });
  return { ok: true, value: { answer, answerMany, answerText, answerTextMany, broken, get failed() { return failed; } } };
}

/** A stream of records: rows of `columns` when given, else input objects. */
export interface StreamRequest {
  readonly columns?: readonly string[];
  readonly outputs?: readonly string[];
  readonly asOf?: string;
  readonly version?: number;
}

/**
 * Records answered one at a time as they arrive, in any number: each row of `columns` as a
 * table row is answered, each input object as a batch record is.
 */
export interface RecordStream {
  readonly ruleset: string;
  readonly version: number;
  readonly asOf: string;
  /** With `columns`: the output names, in the order of each row's values. */
  readonly outputs?: readonly string[];
  /** The answer to one record (a record that throws gets an internal error). */
  answer(record: unknown): unknown;
  /**
   * The answers to the records given as lines of one text (line k from `starts[k]` to
   * `ends[k]`; -1 in `ends` for none), computed together, for the lines that can be answered
   * without parsing them (a valid record in the plain form records take); undefined in place of
   * each other line, for which nothing is counted: parse it and call {@link answer} (or
   * {@link unreadable}). When they cannot be computed together, each is answered alone (a record
   * that throws gets an internal error).
   */
  answerTextMany(text: string, starts: readonly number[], ends: readonly number[]): unknown[];
  /** The answer to a record that could not be read (not JSON, say): its errors, counted as failed. */
  unreadable(errors: readonly FieldError[]): unknown;
  /** Records answered so far. */
  readonly count: number;
  /** Records answered with errors so far. */
  readonly failed: number;
}

/** Records of a stream, answered as they come; a bad column, output or date fails the call. */
export function streamOf(rs: Ruleset, id: Published, req: StreamRequest, asOf: string, locale: Locale): Outcome<RecordStream> {
  const a: Outcome<Answers<unknown> & { readonly outputs?: readonly string[] }> = req.columns ? rowAnswers(rs, req.columns, req.outputs, asOf, locale) : objectAnswers(rs, req.outputs, asOf, locale);
  if (!a.ok) return a;
  const { answer, answerText, answerTextMany, broken } = a.value;
  const rows = req.columns !== undefined;
  let count = 0;
  let unread = 0;
  return {
    ok: true,
    value: {
      ...id,
      asOf,
      ...(a.value.outputs ? { outputs: a.value.outputs } : {}),
      answer: (record) => {
        count++;
        try {
          return answer(record);
        } catch {
          return broken();
        }
      },
      answerTextMany: (text, starts, ends) => {
        let answers: unknown[];
        try {
          answers = answerTextMany(text, starts, ends);
        } catch {
          // A record that throws: line by line, where it gets an internal error of its own.
          answers = starts.map((from, k) => {
            if (ends[k]! < 0) return undefined;
            try {
              return answerText(text, from, ends[k]!);
            } catch {
              return broken();
            }
          });
        }
        for (const a of answers) if (a !== undefined) count++;
        return answers;
      },
      unreadable: (errors) => (count++, unread++, rows ? { errors } : { ok: false, errors }),
      get count() { return count; },
      get failed() { return a.value.failed + unread; },
    },
  };
}
