/**
 * @module ruleset
 * The compiler's public interface: `compile` runs the whole pipeline (parse → link → check →
 * lower → backends) and returns a {@link Ruleset} that evaluates inputs on demand, explains
 * its answers, and exports JSON Logic and JSON Schema. Browser-safe: no `node:` imports.
 */
import type * as A from './ast/nodes.ts';
import { runJsonLogic } from './backend/run-json-logic.ts';
import { columnsMany, columnTypeOf, type ColumnsMany } from './backend/columns/index.ts';
import { BOOL, ENUM, liveLanes, type Column, type ColumnType } from './backend/columns/lanes.ts';
import { EvalFailure, toClosures, type ClosureProgram, type Env } from './backend/closures/index.ts';
import { toJsonLogic, type JsonLogicProgram } from './backend/to-json-logic.ts';
import { cellExprs, check, namesIn, type Checked, type CheckedExample, type Ty } from './check/index.ts';
import type { ValueDecl } from './check/context.ts';
import { Consts } from './check/consts.ts';
import { boundRanges, inRange, rangeText } from './check/ranges.ts';
import type { Value } from './check/consts.ts';
import { lower } from './core/from-checked.ts';
import { inForce } from './dated.ts';
import type { CoreProgram, Shape } from './core/ir.ts';
import { hasErrors, sortDiagnostics, type Diagnostic, type Locale } from './diagnostics.ts';
import { TraceRecorder, type ExplainNode } from './explain/index.ts';
import { isSyntaxError, link, type Program, type Resolver } from './link/index.ts';
import { Lru } from './lru.ts';
import { M, type Message } from './messages.ts';
import { chinaDate, fenToYuan, isIsoDate, MAX_MONEY_FEN, yuanToFen } from './runtime.ts';
import { DEFAULT_MAX_ITEMS, inputJsonSchema, inputSchema, outputJsonSchema, validate, type Field, type FieldError, type FieldType } from './schema/index.ts';
import { groupReader, rowGroupReader, type FieldColumns, type GroupReader } from './schema/group-reader.ts';
import { inputReader, rowReader, type InputReader } from './schema/reader.ts';
import { objectTextReader, rowTextReader, type RowTextReader } from './schema/text-reader.ts';
import { AS_IS, columnJson, CONVERTED, FEN_TO_YUAN, FROM_BIT, recordBuilder, type ColumnJson, type RecordBuilder } from './schema/writer.ts';
import type { SourceFile } from './source.ts';
import { suggest } from './suggest.ts';

export type { Field, FieldError, FieldType } from './schema/index.ts';
export type { ExplainNode } from './explain/index.ts';
export type { JsonLogicProgram } from './backend/to-json-logic.ts';

export interface CompileOptions {
  /** Finds base rule sets by id (for `extends`). */
  readonly resolve?: Resolver;
  readonly locale?: Locale;
}

export interface CompileResult {
  /** Present when there are no errors (warnings allowed). */
  readonly ruleset?: Ruleset;
  readonly diagnostics: readonly Diagnostic[];
  /** Every file involved, by name, for rendering diagnostics. */
  readonly files: ReadonlyMap<string, SourceFile>;
  /** The linked program even when checking failed (for tooling such as `diff`). */
  readonly program?: Program;
}

/**
 * Compiles one rule file (and the chain it extends).
 * @example
 * const { ruleset } = compile({ name: 'x.rules', text }, { resolve });
 * ruleset?.evaluate({ households: 4000 }, { outputs: ['posts_min'] });
 */
export function compile(file: SourceFile, options: CompileOptions = {}): CompileResult {
  try {
    return compileUnguarded(file, options);
  } catch (e) {
    // Input-size limits are checked up front; a stack overflow past them is still reported, never thrown.
    if (!(e instanceof RangeError)) throw e;
    const msg = M.tooComplex();
    const locale = options.locale ?? 'en';
    const d: Diagnostic = { code: msg.code, severity: 'error', message: msg.message[locale], help: msg.help![locale], span: { file: file.name, start: 0, end: 0 } };
    return { diagnostics: [d], files: new Map([[file.name, file]]) };
  }
}

function compileUnguarded(file: SourceFile, options: CompileOptions): CompileResult {
  const locale = options.locale ?? 'en';
  const linked = link(file, options.resolve ?? (() => undefined), locale);
  const files = linked.value?.files ?? new Map([[file.name, file]]);
  if (!linked.value) return { diagnostics: dedupe(linked.diagnostics), files };
  // Syntax errors make later errors mostly noise: the linker reports them alone, and nothing is checked.
  if (linked.diagnostics.some(isSyntaxError)) return { diagnostics: dedupe(linked.diagnostics), files, program: linked.value };
  const checked = check(linked.value, locale);
  const diagnostics = dedupe([...linked.diagnostics, ...checked.diagnostics]);
  if (hasErrors(diagnostics)) return { diagnostics, files, program: linked.value };
  return { ruleset: new Ruleset(checked.value), diagnostics, files, program: linked.value };
}

function dedupe(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return sortDiagnostics(ds).filter((d) => {
    const k = `${d.span.file}:${d.span.start}:${d.code}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export interface EvaluateOptions {
  /** Output names to compute (default: all); only the inputs they need are required. */
  readonly outputs?: readonly string[];
  /** Evaluation date `YYYY-MM-DD` (default: today in China, UTC+8). */
  readonly asOf?: string;
  readonly explain?: boolean;
  readonly locale?: Locale;
}

/** The answer for one table row: its output values in order, or its problems. */
export type RowResult = { readonly ok: true; readonly values: unknown[] } | { readonly ok: false; readonly errors: FieldError[] };

/** Evaluates input objects with the options fixed once (see {@link Ruleset.evaluator}). */
export interface Evaluator {
  (input: unknown, asOf?: string): EvaluateResult;
  /**
   * The input object given as its JSON text (`text` from `from` to `to`; all of it by default),
   * read without parsing it when it is in the plain form; undefined when it is not, or not
   * valid: then parse it and call the evaluator with the value (the same answer, or the errors).
   */
  runText(text: string, asOf?: string, from?: number, to?: number): EvaluateResult | undefined;
  /**
   * Many inputs at once, each with the date at its place in `asOf` (or the one date given): the
   * same answers, in order, as calling the evaluator on each, computed a column at a time for
   * a group of inputs (`backend/columns`: one loop per operation over the group; see `MANY_AT_ONCE`).
   * @example run.many([{ households: 4321 }, { households: 800 }], '2024-06-01') // [{ ok: true, … }, …]
   */
  many(inputs: readonly unknown[], asOf?: string | readonly (string | undefined)[]): EvaluateResult[];
  /**
   * Input objects given as lines of one text (line k from `starts[k]` to `ends[k]`; -1 in
   * `ends` for none), at once: for each, what {@link runText} answers.
   */
  runTextMany(text: string, starts: readonly number[], ends: readonly number[], asOf?: string): (EvaluateResult | undefined)[];
}

/** Evaluates table rows (see {@link Ruleset.tableEvaluator}). */
export interface TableEvaluator {
  readonly ok: true;
  /** The output names, in the order of each row's values. */
  readonly outputs: readonly string[];
  run(row: unknown, asOf?: string): RowResult;
  /**
   * The row given as its JSON text (`text` from `from` to `to`; all of it by default), read
   * without parsing it when it is in the plain form rows take; undefined when it is not, or not
   * valid: then parse it and {@link run} the value (which gives the same answer, or the row's errors).
   */
  runText(text: string, asOf?: string, from?: number, to?: number): RowResult | undefined;
  /** Many rows at once: the same answers, in order, as {@link run} on each (see {@link Evaluator.many}). */
  runMany(rows: readonly unknown[], asOf?: string): RowResult[];
  /**
   * The rows given as lines of one text (line k from `starts[k]` to `ends[k]`; -1 in `ends`
   * for none), at once: for each, what {@link runText} answers.
   */
  runTextMany(text: string, starts: readonly number[], ends: readonly number[], asOf?: string): (RowResult | undefined)[];
}

export type EvaluateResult =
  | { readonly ok: true; readonly outputs: Record<string, unknown>; readonly explanation?: ExplainNode[] }
  | { readonly ok: false; readonly errors: FieldError[] };

/** A compiled rule set. Immutable; evaluation is synchronous and reentrant-safe per call. */
export class Ruleset {
  readonly id: string;
  readonly title?: string;
  readonly jurisdiction?: string;
  readonly base?: string;
  readonly chain: readonly string[];
  readonly sources: readonly { code: string; title: string }[];
  readonly inputs: readonly Field[];
  readonly outputs: readonly Field[];
  readonly examples: readonly CheckedExample[];
  readonly core: CoreProgram;
  readonly checked: Checked;
  private readonly closures: ClosureProgram;
  private traced?: ClosureProgram;
  private readonly env: Env;
  /** Inputs needed by list of outputs; bounded, since the lists come from clients. */
  private readonly needs = new Lru<ReadonlySet<string>>(64);
  /** Plans by list of outputs; bounded, since the lists come from clients. */
  private readonly plans = new Lru<Plan>(64);
  private readonly planByArray = new Map<readonly string[], Plan>();
  private readonly inputShapes: readonly Shape[];
  private readonly outputShapes: ReadonlyMap<string, Shape>;
  private jsonLogicCache?: JsonLogicProgram;

  constructor(checked: Checked) {
    const p = checked.program;
    this.checked = checked;
    this.id = p.id;
    if (p.title) this.title = p.title;
    if (p.jurisdiction) this.jurisdiction = p.jurisdiction;
    if (p.base) this.base = p.base;
    this.chain = p.chain;
    this.sources = p.sources.map((s) => ({ code: s.code, title: s.title }));
    this.core = lower(checked);
    this.closures = toClosures(this.core);
    this.env = this.closures.newEnv();
    const consts = new Consts(checked.ctx, new Map([...checked.params].map(([k, v]) => [k, v[0]!.value])));
    this.inputs = this.core.inputs.map((i) => this.field(i.name, consts, 'input'));
    this.outputs = this.core.outputs.map((o) => this.field(o, consts, 'output'));
    this.examples = checked.examples;
    this.inputShapes = this.core.inputs.map((i) => i.shape);
    this.outputShapes = new Map(this.core.defs.map((d) => [d.name, d.shape]));
  }

  /** An input or output as a field: its type with the range its rules declare (inputs: within what they may carry). */
  private field(name: string, consts: Consts, role: 'input' | 'output'): Field {
    const d = this.checked.ctx.values.get(name)!;
    const t = this.checked.ctx.valueTypes.get(name)!;
    let min: number | undefined;
    let max: number | undefined;
    let allowed: number[] | undefined;
    try {
      if (d.attrs.range?.low) min = consts.eval(d.attrs.range.low) as number;
      if (d.attrs.range?.high) max = consts.eval(d.attrs.range.high) as number;
      if (d.attrs.range?.set) allowed = consts.eval(d.attrs.range.set) as number[];
    } catch {
      /* a non-constant bound was reported by the checker */
    }
    const type = this.fieldType(t, role, min, max, d.attrs.maxItems);
    return {
      name,
      ...(d.label ? { label: d.label } : {}),
      ...(d.attrs.note ? { note: d.attrs.note } : {}),
      type: allowed && (type.k === 'money' || type.k === 'integer' || type.k === 'decimal') ? { ...type, allowed } : type.k === 'enum' ? this.enumAllowed(type, name, consts) : type,
    };
  }

  /** An enum field with the members its ranges allow (`in head..committee`: those between, in declared order). */
  private enumAllowed(type: Extract<FieldType, { k: 'enum' }>, name: string, consts: Consts): FieldType {
    const ranges = boundRanges(this.checked.ctx, consts, name);
    if (!ranges.length) return type;
    const allowed = type.members.filter((m) => ranges.every((r) => inRange(r, m)));
    return { ...type, allowed };
  }

  /** A unit and its label, for a field type. */
  private unitOf(unit: string | undefined): { unit?: string; unitLabel?: string } {
    if (!unit) return {};
    const label = this.checked.ctx.units.get(unit);
    return label ? { unit, unitLabel: label } : { unit };
  }

  /**
   * A field type with its declared bounds. A money input is also held to ±{@link MAX_MONEY_FEN}
   * and a list input to {@link DEFAULT_MAX_ITEMS} items unless it declares `max_items` (what an
   * input may carry); an output declares only the range its rules declare, and no length.
   */
  private fieldType(t: Ty, role: 'input' | 'output', min?: number, max?: number, maxItems?: number): FieldType {
    const bounds = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    switch (t.k) {
      case 'money': return role === 'output' ? { k: 'money', ...bounds } : { k: 'money', min: Math.max(min ?? -MAX_MONEY_FEN, -MAX_MONEY_FEN), max: Math.min(max ?? MAX_MONEY_FEN, MAX_MONEY_FEN) };
      case 'int': return { k: 'integer', ...this.unitOf(t.unit), ...bounds };
      case 'dec':
      case 'num': return { k: 'decimal', ...this.unitOf('unit' in t ? t.unit : undefined), ...bounds };
      case 'enum': {
        const info = this.checked.ctx.enums.get(t.name)!;
        return { k: 'enum', name: t.name, members: info.members, labels: info.labels };
      }
      // `max_items` bounds what an input may carry; a computed list is not held to it (nor to the default).
      case 'list': return role === 'output' ? { k: 'list', of: this.fieldType(t.of, role) } : { k: 'list', of: this.fieldType(t.of, role), maxItems: maxItems ?? DEFAULT_MAX_ITEMS };
      case 'bool': case 'date': case 'text': return { k: t.k };
      case 'any': return { k: 'text' };
    }
  }

  /** Names of the declared outputs. */
  get outputNames(): readonly string[] {
    return this.core.outputs;
  }

  /** Inputs the given outputs depend on (transitively), in declaration order. */
  requiredInputs(outputs: readonly string[] = this.core.outputs): ReadonlySet<string> {
    const key = outputs.join('\u0000');
    let set = this.needs.get(key);
    if (set) return set;
    const byName = new Map(this.core.defs.map((d) => [d.name, d]));
    const needed = new Set<string>();
    const seen = new Set<string>();
    const visit = (n: string) => {
      if (seen.has(n)) return;
      seen.add(n);
      const d = byName.get(n)!;
      for (const i of d.inputs) needed.add(i);
      for (const r of d.refs) visit(r);
    };
    for (const o of outputs) visit(o);
    set = new Set(this.core.inputs.map((i) => i.name).filter((n) => needed.has(n)));
    this.needs.set(key, set);
    return set;
  }

  /** JSON Schema of the input object (required: what the given outputs need). */
  inputJsonSchema(outputs?: readonly string[]): Record<string, unknown> {
    return inputJsonSchema(this.inputs, this.requiredInputs(outputs));
  }
  outputJsonSchema(): Record<string, unknown> {
    return outputJsonSchema(this.outputs);
  }

  /** The portable JSON Logic program (all outputs). */
  jsonLogic(): JsonLogicProgram {
    return (this.jsonLogicCache ??= toJsonLogic(this.core));
  }

  /** The evaluation plan for a set of outputs: slots, converters, input reader (cached). */
  private planFor(outputs: readonly string[] | undefined): Plan {
    const list = outputs ?? this.core.outputs;
    const byArray = this.planByArray.get(list);
    if (byArray) return byArray;
    const key = list.join('\u0000');
    let plan = this.plans.get(key);
    // A client's name may itself hold U+0000 (["a\u0000b"] has the key of ["a", "b"]): check the list.
    if (plan && !sameList(plan.outputs, list)) plan = undefined;
    if (!plan) {
      const unknown = list.filter((n) => !this.core.outputs.includes(n));
      const required = unknown.length ? new Set<string>() : this.requiredInputs(list);
      const regs = list.map((n) => this.closures.valueRegs.get(n) ?? -1);
      const shapes = list.map((n): Shape => this.outputShapes.get(n) ?? { k: 'plain' });
      const kinds = shapes.map(outputKind);
      plan = {
        outputs: list,
        unknown,
        regs,
        kinds,
        shapes,
        scratch: new Array(list.length),
        build: recordBuilder(list, { regs, kinds, convert: shapes.map((sh) => (v: unknown) => toJson(v, sh)) }),
        read: inputReader(this.inputs, required),
        required,
      };
      this.plans.set(key, plan);
    }
    if (this.planByArray.size < 64) this.planByArray.set(list, plan);
    return plan;
  }

  /** Validates options and input, loading the input into `env`; returns the plan or errors. */
  private prepare(input: unknown, o: EvaluateOptions, env: Env): { plan: Plan; asOf: string } | FieldError[] {
    const plan = this.planFor(o.outputs);
    const asOf = o.asOf ?? today();
    if (plan.unknown.length || (o.asOf !== undefined && !isDate(asOf))) {
      const locale = o.locale ?? 'en';
      const errors = this.unknownOutputs(plan, locale);
      if (o.asOf !== undefined && !isDate(asOf)) errors.push({ field: 'as_of', ...fieldMessage(M.badAsOf(), locale), expected: 'YYYY-MM-DD' });
      return errors;
    }
    if (!plan.read(input, env.regs)) {
      plan.schema ??= inputSchema(this.inputs, plan.required);
      const bad = validate(plan.schema, this.inputs, input, o.locale ?? 'en');
      if (bad.length) return bad;
      this.load(env, input as Record<string, unknown>);
    }
    env.regs[this.closures.asOfReg] = asOf;
    env.gen++;
    return { plan, asOf };
  }

  /**
   * Evaluates the rule set for one input object.
   * @example ruleset.evaluate({ social_work_title: 'senior' }, { outputs: ['career_allowance'] })
   */
  evaluate(input: unknown, options: EvaluateOptions = {}): EvaluateResult {
    if (options.explain) return this.explainEvaluate(input, options);
    const prep = this.prepare(input, options, this.env);
    return Array.isArray(prep) ? { ok: false, errors: prep } : this.compute(prep.plan, this.env, options);
  }

  /**
   * A reusable evaluator with the options fixed once (the fast path for batches and servers):
   * the same validation and results as {@link evaluate}, without re-reading options per call.
   * @example const run = ruleset.evaluator({ outputs: ['posts_min'] }); run({ households: 4321 }, '2024-06-01')
   */
  evaluator(options: Omit<EvaluateOptions, 'explain' | 'asOf'> = {}): Evaluator {
    const plan = this.planFor(options.outputs);
    const env = this.closures.newEnv();
    const asOfReg = this.closures.asOfReg;
    const run = ((input, asOf) => {
      // Valid input takes the fast path; anything else goes through `evaluate` for its errors.
      if (plan.unknown.length || (asOf !== undefined && !isDate(asOf)) || !plan.read(input, env.regs)) {
        return this.evaluate(input, { ...options, ...(asOf !== undefined ? { asOf } : {}) });
      }
      env.regs[asOfReg] = asOf ?? today();
      env.gen++;
      return this.compute(plan, env, options);
    }) as Evaluator;
    /** The answer to an input computed in a group, from its registers. */
    const computed: Answers<EvaluateResult> = {
      one: (regs) => ({ ok: true, outputs: plan.build.fromRegisters(regs) }),
      many: (json, how, sel, m, out, from) => {
        const objects: Record<string, unknown>[] = new Array(json[0]?.length ?? 0);
        plan.build.fromColumns(json, how, sel, m, objects);
        for (let q = 0; q < m; q++) out[from + sel[q]!] = { ok: true, outputs: objects[sel[q]!]! };
      },
    };
    run.many = (inputs, asOf) => {
      // A date per input, or one for all; an input not valid, whose date is not, or whose evaluation failed is answered by `run` alone.
      const dates = Array.isArray(asOf) ? (asOf as readonly (string | undefined)[]) : undefined;
      const dateOf = dates ? (i: number) => dates[i] : () => asOf as string | undefined;
      const read = (plan.readGroup ??= groupReader(this.inputs, plan.required, MANY_AT_ONCE));
      return this.runGroups(plan, inputs.length, dateOf, groupLoad(read, inputs), (i) => run(inputs[i], dateOf(i)), computed);
    };
    let scan: RowTextReader | undefined;
    const scanner = () => (scan ??= objectTextReader(this.inputs, plan.required));
    run.runText = (text, asOf, from = 0, to = text.length) => {
      if (plan.unknown.length || (asOf !== undefined && !isDate(asOf)) || !scanner()(text, env.regs, from, to)) return undefined;
      env.regs[asOfReg] = asOf ?? today();
      env.gen++;
      return this.compute(plan, env, options);
    };
    run.runTextMany = (text, starts, ends, asOf) => {
      const read = textLoad(starts, ends, (i, regs) => scanner()(text, regs, starts[i]!, ends[i]!));
      return this.runGroups<EvaluateResult | undefined>(plan, starts.length, () => asOf, read.load, (i) => (read.refused(i) ? undefined : run.runText(text, asOf, starts[i], ends[i])), computed);
    };
    return run;
  }

  /**
   * Runs `count` records through `plan` up to {@link MANY_AT_ONCE} at a time: `load` reads a
   * group (into the plan's input columns, or each record into a register file of its own),
   * the column plan computes all of them, and `done` answers them from the columns (or each
   * from its registers, when the group went to the closures). A record not loaded,
   * whose date is not a date, or whose evaluation failed is answered by `alone`, as if it
   * were the only one (which gives its errors). A record without a date is evaluated as of
   * the day of the call.
   */
  private runGroups<R>(plan: Plan, count: number, dateOf: (i: number) => string | undefined, load: Load, alone: (i: number) => R, done: Answers<R>): R[] {
    const out: R[] = new Array(count);
    if (plan.unknown.length) {
      for (let i = 0; i < count; i++) out[i] = alone(i);
      return out;
    }
    const many = (plan.many ??= this.manyFor(plan));
    const { files, failed, env, lanes, outputs, how } = many;
    const asOfReg = this.closures.asOfReg;
    const now = today();
    const byGroup = typeof load !== 'function';
    // Read a group at a time, the dates go straight into the plan's column of them.
    const dates = byGroup ? many.run.inputColumn(asOfReg)!.col : undefined;
    for (let from = 0; from < count; from += MANY_AT_ONCE) {
      const n = Math.min(MANY_AT_ONCE, count - from);
      for (let i = 0; i < n; i++) {
        const regs = (files[i] ??= new Array(this.closures.size).fill(undefined));
        const date = dateOf(from + i);
        failed[i] = +(date !== undefined && !isDate(date));
        if (dates) dates[i] = date ?? now;
        else regs[asOfReg] = date ?? now;
      }
      if (byGroup) load.group(from, n, failed, many.run.inputColumn);
      else for (let i = 0; i < n; i++) if (!failed[i] && !load(from + i, files[i]!)) failed[i] = 1;
      if (many.run.inColumns(env, files, n, failed, byGroup)) {
        // The answers an output at a time, from the columns the values were computed in.
        const m = liveLanes(failed, n, lanes);
        const json: ArrayLike<unknown>[] = new Array(outputs.length);
        for (let j = 0; j < outputs.length; j++) json[j] = jsonColumn(plan, j, outputs[j]!, lanes, m);
        done.many(json, how, lanes, m, out, from);
        for (let i = 0; i < n; i++) if (failed[i]) out[from + i] = alone(from + i);
      } else for (let i = 0; i < n; i++) out[from + i] = failed[i] ? alone(from + i) : done.one(files[i]!);
    }
    return out;
  }

  /** The column plan of `plan`'s outputs, with the register files and columns a group runs in. */
  private manyFor(plan: Plan): NonNullable<Plan['many']> {
    const typeOf = (name: string) => columnTypeOf(this.inputs.find((f) => f.name === name)!.type);
    const run = columnsMany(this.core, this.closures, plan.outputs, MANY_AT_ONCE, typeOf);
    const outputs = plan.regs.map((reg) => run.column(reg));
    // How each output's column becomes JSON at the answer's store site (see `jsonColumn`).
    const how = Uint8Array.from(outputs, (o, j) => (o.kind === BOOL ? FROM_BIT : plan.kinds[j] === FEN_TO_YUAN ? FEN_TO_YUAN : AS_IS));
    return { run, files: [], failed: new Uint8Array(MANY_AT_ONCE), env: this.closures.newEnv(), lanes: new Int32Array(MANY_AT_ONCE), outputs, how };
  }

  /** Computes a plan's outputs for the input loaded into `env`. */
  private compute(plan: Plan, env: Env, options: EvaluateOptions): EvaluateResult {
    if (this.runStraight(plan, env)) return { ok: true, outputs: plan.build.fromRegisters(env.regs) };
    return this.fill(plan, env, options, false) ?? { ok: true, outputs: plan.build(plan.scratch) };
  }

  /**
   * Runs the plan straight through, every value once; false if some value had no rule, with a
   * lazy evaluation begun instead (so only failures of values actually used count).
   */
  private runStraight(plan: Plan, env: Env): boolean {
    plan.straight ??= this.closures.straight(plan.outputs);
    if (plan.straight(env)) return true;
    env.gen++;
    return false;
  }

  /** A plan's output values (as JSON), read from registers `r` after a straight run. */
  private valuesFrom(plan: Plan, r: readonly unknown[]): unknown[] {
    const { regs } = plan;
    const out: unknown[] = new Array(regs.length);
    for (let i = 0; i < regs.length; i++) out[i] = outputJson(plan, i, r[regs[i]!]);
    return out;
  }

  /**
   * Puts a plan's output values (as JSON) into `plan.scratch`, read from the registers after a
   * straight run, else computed on demand; a failure if some value used has no rule.
   */
  private fill(plan: Plan, env: Env, options: EvaluateOptions, straight: boolean): { ok: false; errors: FieldError[] } | undefined {
    const { regs, scratch } = plan;
    const r = env.regs;
    try {
      for (let i = 0; i < regs.length; i++) {
        const reg = regs[i]!;
        scratch[i] = outputJson(plan, i, straight || env.stamp[reg] === env.gen ? r[reg] : this.closures.get(env, reg));
      }
    } catch (e) {
      return this.failure(e, options);
    }
    return undefined;
  }

  /**
   * An evaluator of table rows, each holding the values of `columns` (input names) in that
   * order, `null` for a value not given: the tabular form of {@link evaluator}, with the same
   * checks and values, answering each row with its output values in the order of `outputs`.
   * Problems of the call itself (an unknown or repeated column, no column for an input the
   * outputs need, an unknown output) come back instead of a runner.
   * @example ruleset.tableEvaluator(['households'], { outputs: ['posts_min'] }) // { ok: true, outputs: ['posts_min'], run }
   */
  tableEvaluator(columns: readonly string[], options: Omit<EvaluateOptions, 'explain' | 'asOf'> = {}): TableEvaluator | { ok: false; errors: FieldError[] } {
    const plan = this.planFor(options.outputs);
    const errors = this.tableProblems(plan, columns, options.locale ?? 'en');
    if (errors.length) return { ok: false, errors };
    const read = rowReader(this.inputs, plan.required, columns);
    const scan = rowTextReader(this.inputs, plan.required, columns);
    const env = this.closures.newEnv();
    const asOfReg = this.closures.asOfReg;
    /** The answer to the row read into the registers. */
    const answer = (asOf: string | undefined): RowResult => {
      env.regs[asOfReg] = asOf ?? today();
      env.gen++;
      return this.fill(plan, env, options, this.runStraight(plan, env)) ?? { ok: true, values: plan.scratch.slice() };
    };
    const run = (row: unknown, asOf?: string): RowResult => {
      if ((asOf !== undefined && !isDate(asOf)) || !read(row, env.regs)) return this.rowProblems(plan, row, columns, { ...options, ...(asOf !== undefined ? { asOf } : {}) });
      return answer(asOf);
    };
    const runText = (text: string, asOf?: string, from = 0, to = text.length): RowResult | undefined => ((asOf === undefined || isDate(asOf)) && scan(text, env.regs, from, to) ? answer(asOf) : undefined);
    const values: Answers<RowResult> = {
      one: (regs) => ({ ok: true, values: this.valuesFrom(plan, regs) }),
      many: (json, how, sel, m, out, from) => {
        const n = json.length;
        for (let q = 0; q < m; q++) {
          const i = sel[q]!;
          const row: unknown[] = new Array(n);
          for (let j = 0; j < n; j++) row[j] = columnJson(json[j]![i], how[j]!);
          out[from + i] = { ok: true, values: row };
        }
      },
    };
    const dateOf = (asOf: string | undefined) => () => asOf;
    let readGroup: GroupReader | undefined;
    const runMany = (rows: readonly unknown[], asOf?: string) => {
      const group = (readGroup ??= rowGroupReader(this.inputs, plan.required, columns, MANY_AT_ONCE));
      return this.runGroups(plan, rows.length, dateOf(asOf), groupLoad(group, rows), (i) => run(rows[i], asOf), values);
    };
    const runTextMany = (text: string, starts: readonly number[], ends: readonly number[], asOf?: string) => {
      const read = textLoad(starts, ends, (i, regs) => scan(text, regs, starts[i]!, ends[i]!));
      return this.runGroups<RowResult | undefined>(plan, starts.length, dateOf(asOf), read.load, (i) => (read.refused(i) ? undefined : runText(text, asOf, starts[i]!, ends[i]!)), values);
    };
    return { ok: true, outputs: plan.outputs, run, runText, runMany, runTextMany };
  }

  /** The names asked for that are not outputs, as errors of the call. */
  private unknownOutputs(plan: Plan, locale: Locale): FieldError[] {
    return plan.unknown.map((name) => ({ field: 'outputs', ...fieldMessage(M.unknownOutputRequested(name, suggest(name, this.core.outputs)), locale), expected: this.core.outputs.join(', ') }));
  }

  private tableProblems(plan: Plan, columns: readonly string[], locale: Locale): FieldError[] {
    const names = this.core.inputs.map((i) => i.name);
    const errors = this.unknownOutputs(plan, locale);
    const seen = new Set<string>();
    columns.forEach((c, i) => {
      if (!names.includes(c)) errors.push({ field: `columns.${i}`, ...fieldMessage(M.columnUnknown(c, suggest(c, names)), locale), expected: names.join(', ') });
      else if (seen.has(c)) errors.push({ field: `columns.${i}`, ...fieldMessage(M.columnRepeated(c), locale) });
      seen.add(c);
    });
    // One error for all the missing columns: a table with none of them is one mistake, not dozens.
    const missing = [...plan.required].filter((name) => !seen.has(name));
    if (missing.length) errors.push({ field: 'columns', ...fieldMessage(M.columnMissing(missing), locale), expected: missing.join(', ') });
    return errors;
  }

  /** The problems of a row the fast reader refused, worded as for an input object. */
  private rowProblems(plan: Plan, row: unknown, columns: readonly string[], options: EvaluateOptions): RowResult {
    const locale = options.locale ?? 'en';
    if (!Array.isArray(row)) return { ok: false, errors: [{ field: '(row)', ...fieldMessage(M.rowNotArray(columns.length), locale) }] };
    if (row.length !== columns.length) return { ok: false, errors: [{ field: '(row)', ...fieldMessage(M.rowWidth(row.length, columns.length), locale) }] };
    const input: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      if (row[i] !== null) input[c] = row[i];
    });
    const r = this.evaluate(input, options);
    return r.ok ? { ok: true, values: plan.outputs.map((n) => r.outputs[n]) } : r;
  }

  private explainEvaluate(input: unknown, options: EvaluateOptions): EvaluateResult {
    const env = this.closures.newEnv();
    const prep = this.prepare(input, options, env);
    if (Array.isArray(prep)) return { ok: false, errors: prep };
    const rec = new TraceRecorder(this.explainInfo(prep.asOf, input as Record<string, unknown>));
    const program = (this.traced ??= toClosures(this.core, true));
    env.trace = rec;
    const outputs: Record<string, unknown> = {};
    try {
      for (const name of prep.plan.outputs) {
        const reg = program.valueRegs.get(name)!;
        if (env.stamp[reg] === env.gen) rec.reuse(name);
        outputs[name] = toJson(program.get(env, reg), this.outputShapes.get(name)!);
      }
    } catch (e) {
      return this.failure(e, options);
    }
    return { ok: true, outputs, explanation: rec.roots() };
  }

  private failure(e: unknown, options: EvaluateOptions): { ok: false; errors: FieldError[] } {
    if (!(e instanceof EvalFailure)) throw e;
    return { ok: false, errors: [{ field: e.target, ...fieldMessage(e.code === 'E-EVAL-RANGE' ? this.outOfRange(e.target, e.value) : e.code === 'E-EVAL-DIV-ZERO' ? M.divisionByZero(e.target) : M.noRule(e.code, e.target), options.locale ?? 'en') }] };
  }

  /**
   * "`pay_grade` = 20 is outside its allowed range 1..7", naming the first range it breaks; an
   * integer (or amount of fen) inside them all is past the safe integers, where it is no longer exact.
   */
  private outOfRange(name: string, value: unknown) {
    const money = this.checked.ctx.valueTypes.get(name)?.k === 'money';
    const bad = (this.checked.ranges.get(name) ?? []).find((r) => !inRange(r, value as Value));
    const shown = money && typeof value === 'number' ? yuanText(value) : typeof value === 'number' ? digits(value) : JSON.stringify(value);
    if (!bad && typeof value === 'number' && !Number.isSafeInteger(value)) return money ? M.moneyNotExact(name, shown) : M.integerNotExact(name, shown);
    return M.valueOutOfRange(name, shown, bad ? rangeText(bad, money) : '', bad?.cite);
  }

  /** Puts validated JSON input into slots (money → fen); the slow path after full validation. */
  private load(env: Env, input: Record<string, unknown>): void {
    const inputs = this.core.inputs;
    for (let i = 0; i < inputs.length; i++) {
      const raw = Object.hasOwn(input, inputs[i]!.name) ? input[inputs[i]!.name] : undefined;
      env.regs[i] = raw === undefined ? undefined : fromJson(raw, this.inputShapes[i]!);
    }
  }

  /** Runs the same evaluation through json-logic-js on the JSON Logic program (reference). */
  evaluateJsonLogic(input: unknown, options: EvaluateOptions = {}): EvaluateResult {
    const prep = this.prepare(input, options, this.closures.newEnv());
    if (Array.isArray(prep)) return { ok: false, errors: prep };
    const outputs = runJsonLogic(this.jsonLogic(), input as Record<string, unknown>, prep.asOf, prep.plan.outputs);
    return { ok: true, outputs };
  }

  private explainInfo(asOf: string, input: Record<string, unknown>) {
    const ctx = this.checked.ctx;
    const program = this.checked.program;
    const valueOf = (name: string) => {
      return inForce(this.checked.params.get(name) ?? [], asOf);
    };
    const base = (name: string) => {
      const d = ctx.values.get(name)!;
      const linked = program.decls.get(name);
      return {
        name,
        ...(d.label ? { label: d.label } : {}),
        ...(d.attrs.cite ? { cite: d.attrs.cite } : {}),
        ...(d.attrs.illustrative ? { illustrative: true as const } : {}),
        ...(linked && linked.origin !== this.id ? { ruleset: linked.origin } : {}),
      };
    };
    const sourceText = (span: A.NodeBase['span']) => program.files.get(span.file)?.text.slice(span.start, span.end).trim() ?? '';
    return {
      node: (name: string, value: unknown, branches: readonly number[]): Omit<ExplainNode, 'children'> => {
        const d = ctx.values.get(name)!;
        const json = toJson(value, this.outputShapes.get(name)!);
        if (d.kind === 'table') {
          const i = branches[0];
          const row = i !== undefined ? d.rows[i] : undefined;
          return { ...base(name), kind: 'table', value: json, ...(row ? { row: { index: i! + 1, text: sourceText(row.span) } } : {}) };
        }
        if (d.kind === 'clauses') {
          const fired = branches.map((i) => d.clauses[i]!).map((c) => ({ key: c.numeric ? Number(c.key) : c.key, ...(c.label ? { label: c.label } : {}), ...(c.attrs.cite ?? d.attrs.cite ? { cite: c.attrs.cite ?? d.attrs.cite } : {}) }));
          return { ...base(name), kind: 'clauses', value: json, fired };
        }
        const def = d as A.DefDecl;
        const from = inForce(def.values, asOf)?.from;
        return { ...base(name), kind: 'def', value: json, ...(from ? { in_force_from: from } : {}) };
      },
      leaves: (name: string, branches: readonly number[], took: ReadonlyMap<number, boolean>): ExplainNode[] => {
        const deps = usedBy(ctx.values.get(name)!, branches, took, asOf, this.checked.deps.get(name) ?? []);
        const out: ExplainNode[] = [];
        for (const dep of deps) {
          const d = ctx.values.get(dep)!;
          if (d.kind === 'input') out.push({ ...base(dep), kind: 'input', value: input[dep] ?? null, children: [] });
          if (d.kind === 'param') {
            const active = valueOf(dep);
            const t = ctx.valueTypes.get(dep)!;
            out.push({ ...base(dep), kind: 'param', value: active ? toJson(active.value, t.k === 'money' ? { k: 'money' } : { k: 'plain' }) : null, ...(active?.from ? { in_force_from: active.from } : {}), children: [] });
          }
        }
        return out;
      },
    };
  }
}

/**
 * Of a value's dependencies, those an evaluation used: for a table, its columns and what the rows
 * tested up to the one that applied mention, and that row's result (the other rows' results,
 * e.g. the allowances of other certificates, played no part); for a definition, its value in
 * force on `asOf`. Of an `if` there, only the condition and the branch taken count (`took`, by
 * the `if`'s id); for anything else, all of them.
 */
function usedBy(d: ValueDecl, branches: readonly number[], took: ReadonlyMap<number, boolean>, asOf: string, deps: readonly string[]): readonly string[] {
  const at = branches[0];
  let used: Set<string>;
  if (d.kind === 'table' && at !== undefined && d.rows[at]) {
    used = new Set(d.columns.map((c) => c.text));
    for (const row of d.rows.slice(0, at + 1)) for (const cell of row.cells) for (const e of cellExprs(cell)) namesIn(e, used);
    namesIn(d.rows[at]!.result, used, took);
  } else if (d.kind === 'def') {
    const active = inForce(d.values, asOf)!;
    used = namesIn(active.value, new Set(), took);
  } else return deps;
  return deps.filter((x) => used.has(x));
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** A message's code and text in one locale, for a field error. */
function fieldMessage(msg: Message, locale: Locale): { code: string; message: string } {
  return { code: msg.code, message: msg.message[locale] };
}

interface Plan {
  readonly outputs: readonly string[];
  /** Requested names that are not outputs (an error). */
  readonly unknown: readonly string[];
  /** Per output: its register, how its value becomes JSON, and its shape. */
  readonly regs: readonly number[];
  readonly kinds: readonly number[];
  readonly shapes: readonly Shape[];
  /** Converted outputs of the current evaluation, before they go into the result object. */
  readonly scratch: unknown[];
  readonly build: RecordBuilder;
  readonly read: InputReader;
  /** The reader of input objects a group at a time (made when first needed). */
  readGroup?: GroupReader;
  readonly required: ReadonlySet<string>;
  schema?: ReturnType<typeof inputSchema>;
  straight?: (env: Env) => boolean;
  /**
   * The plan run for many inputs at once: its register files (one per input of a group), the
   * lanes computed and the outputs' columns.
   */
  many?: {
    readonly run: ColumnsMany;
    readonly files: any[][];
    readonly failed: Uint8Array;
    readonly env: Env;
    readonly lanes: Int32Array;
    /** Each output's column (the same arrays for every group), and how its values become JSON. */
    readonly outputs: readonly (ColumnType & { readonly col: Column })[];
    readonly how: ColumnJson;
  };
}

/**
 * Inputs {@link Evaluator.many} runs through the column plan together: enough for the loops to
 * outweigh their set-up, few enough that the columns and register files stay in the data cache.
 */
const MANY_AT_ONCE = 256;

/**
 * How the records of a group are read: each into its register file (false if it cannot be), or
 * the group at once (records `from..from+n-1`, setting `failed[i]` for those that cannot be),
 * their checked values into the plan's input columns.
 */
type Load = ((i: number, regs: any[]) => boolean) | { group(from: number, n: number, failed: Uint8Array, columns: FieldColumns): void };

/** The {@link Load} of `records` read a group at a time by `read`. */
const groupLoad = (read: GroupReader, records: readonly unknown[]): Load => ({ group: (from, n, failed, columns) => read((i) => records[from + i], n, failed, columns) });

/**
 * The {@link Load} of records given as lines of a text (none where `ends[i]` is -1), each read
 * by `scan`, and which were refused: their answer alone is none, without reading them again.
 */
function textLoad(starts: readonly number[], ends: readonly number[], scan: (i: number, regs: any[]) => boolean): { load: Load; refused(i: number): boolean } {
  const refused = new Uint8Array(starts.length);
  return {
    load: (i, regs) => {
      const ok = ends[i]! >= 0 && scan(i, regs);
      refused[i] = +!ok;
      return ok;
    },
    refused: (i) => ends[i]! < 0 || refused[i] === 1,
  };
}

/**
 * How the answers of a group are built: one from the registers it was computed in, or those of
 * lanes `sel[0..m)` into `out[from + lane]` from each output's JSON values by lane.
 */
interface Answers<R> {
  one(regs: any[]): R;
  many(json: readonly ArrayLike<unknown>[], how: ColumnJson, sel: Int32Array, m: number, out: R[], from: number): void;
}

/**
 * Output `j` of a plan in lanes `sel[0..m)` of its column `c`, for JSON: the column itself,
 * whose values become JSON at the answer's store site (as they are, 0/1 → false/true, fen →
 * yuan: `Plan.many.how`), or a new array of JSON values (enum members by number, an output
 * with a converter). (A new one: values stored into a long-lived array would each be
 * remembered by the collector.)
 */
function jsonColumn(plan: Plan, j: number, c: ColumnType & { readonly col: Column }, sel: Int32Array, m: number): ArrayLike<unknown> {
  const { col } = c;
  if (c.kind === ENUM) {
    const members = c.members!;
    const out: unknown[] = new Array(col.length);
    for (let q = 0; q < m; q++) { const i = sel[q]!; out[i] = members[col[i]]; }
    return out;
  }
  if (plan.kinds[j] !== CONVERTED) return col;
  const out: unknown[] = new Array(col.length);
  const shape = plan.shapes[j]!;
  for (let q = 0; q < m; q++) { const i = sel[q]!; out[i] = toJson(col[i], shape); }
  return out;
}

/** Output `i` of a plan, computed as `v`, as JSON. */
function outputJson(plan: Plan, i: number, v: any): unknown {
  const k = plan.kinds[i];
  return k === AS_IS ? v : k === FEN_TO_YUAN ? v / 100 : toJson(v, plan.shapes[i]!);
}

/** How an output value becomes JSON: as it is, fen → yuan, or through {@link toJson}. */
function outputKind(shape: Shape): number {
  if (shape.k === 'plain' || (shape.k === 'list' && shape.of.k === 'plain')) return AS_IS;
  return shape.k === 'money' ? FEN_TO_YUAN : CONVERTED;
}

let todayCache = { at: 0, date: '' };
/** Today's date (UTC), recomputed at most once a second. */
function today(): string {
  const now = Date.now();
  if (now - todayCache.at > 1000) todayCache = { at: now, date: chinaDate(now) };
  return todayCache.date;
}


/** Whether an evaluation date is a real `YYYY-MM-DD` date. */
const isDate = (s: unknown): s is string => typeof s === 'string' && isIsoDate(s);

/** Core value → JSON (money fen → yuan). */
export function toJson(v: unknown, shape: Shape): unknown {
  if (shape.k === 'money') return fenToYuan(v as number);
  if (shape.k === 'list' && shape.of.k !== 'plain') return (v as unknown[]).map((x) => toJson(x, shape.of));
  return v;
}

/** Validated JSON → core value (yuan → fen). */
function fromJson(v: unknown, shape: Shape): unknown {
  if (shape.k === 'money') return yuanToFen(v as number);
  if (shape.k === 'list' && shape.of.k !== 'plain') return (v as unknown[]).map((x) => fromJson(x, shape.of));
  return v;
}

/** Past this, a number is clearer as 1e+300 than as its 301 digits. */
const DIGITS_UP_TO = 1e30;

/** A whole number written out in digits (`String` would write 1.2e+24), unless it is beyond {@link DIGITS_UP_TO}. */
function digits(x: number): string {
  return Number.isInteger(x) && !Number.isSafeInteger(x) && Math.abs(x) < DIGITS_UP_TO ? BigInt(x).toString() : String(x);
}

/** An amount of fen in yuan, written out in digits likewise. */
function yuanText(fen: number): string {
  if (Number.isSafeInteger(fen) || !Number.isInteger(fen) || Math.abs(fen) >= DIGITS_UP_TO) return String(fenToYuan(fen));
  const f = BigInt(fen);
  const cents = (f < 0n ? -f : f) % 100n;
  return `${f / 100n}${cents === 0n ? '' : `.${String(cents).padStart(2, '0').replace(/0$/, '')}`}`;
}
