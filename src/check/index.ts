/**
 * @module check
 * Checks a linked program: names, types and units, cycles, param ranges and constraints
 * (including the limits a base sets for its forks), decision tables, outputs and examples.
 * The result keeps every table keyed by node id for the lowering stage.
 */
import type * as A from '../ast/nodes.ts';
import type { Locale, Staged } from '../diagnostics.ts';
import type { Linked, Program } from '../link/index.ts';
import { M, Note, Reporter, type Message } from '../messages.ts';
import { fenToYuan } from '../runtime.ts';
import type { Span } from '../source.ts';
import { Consts, NotConstant, type Value } from './consts.ts';
import type { Ctx, EnumInfo, ValueDecl } from './context.ts';
import { builtinNames } from './functions.ts';
import { Infer } from './infer.ts';
import { suggest } from '../suggest.ts';
import { boundRanges, inRange, rangeText, type BoundRange } from './ranges.ts';
import { checkLiterals } from './literals.ts';
import { inForce } from '../dated.ts';
import { checkTable } from './tables.ts';
import { T, type Ty } from './types.ts';

export type { Ctx, Ref, EnumInfo, ValueDecl } from './context.ts';
export type { Ty } from './types.ts';
export type { Value } from './consts.ts';

/** A param's value over time: `from` absent means "from the beginning". */
export interface DatedConst {
  readonly from?: string;
  readonly value: Value;
}

export interface CheckedExample {
  readonly name: string;
  readonly origin: string;
  readonly asOf?: string;
  /** Inputs and expected outputs in their JSON form (money as yuan numbers). */
  readonly given: Record<string, unknown>;
  readonly expect: Record<string, unknown>;
  readonly span: Span;
}

export interface Checked {
  readonly program: Program;
  readonly ctx: Ctx;
  readonly params: ReadonlyMap<string, readonly DatedConst[]>;
  /** Computed values (defs, tables, clauses) in dependency order. */
  readonly order: readonly string[];
  /** Direct dependencies of each param and computed value (inputs, params, computed). */
  readonly deps: ReadonlyMap<string, readonly string[]>;
  readonly outputs: readonly string[];
  readonly examples: readonly CheckedExample[];
  /** The ranges that bind each computed value that declares or inherits one (checked when evaluated). */
  readonly ranges: ReadonlyMap<string, readonly BoundRange[]>;
  /** Tables every case of which some row matches, in every period of the params they read (proven by enumeration). */
  readonly completeTables: ReadonlySet<string>;
}

/**
 * Type-checks a linked program and evaluates its constants.
 * @example check(link(file, resolve).value!).diagnostics // [] when clean
 */
export function check(program: Program, locale: Locale = 'en'): Staged<Checked> {
  const r = new Reporter(locale);
  const ctx = collect(program, r);
  const deps = dependencies(ctx);
  const order = topoOrder(ctx, deps, r);
  const infer = new Infer(ctx);
  for (const name of order) typeValue(ctx, infer, ctx.values.get(name)!);
  const constraints = [...program.decls.values()].filter((l): l is Linked<A.ConstraintDecl> => l.decl.kind === 'constraint');
  for (const c of constraints) infer.expect(c.decl.rule, T.bool);
  const params = evaluateParams(ctx, order, r, constraints);
  const firstValues = new Map([...params].map(([k, v]) => [k, v[0]!.value]));
  const consts = new Consts(ctx, firstValues, params);
  const dated = constsByDate(ctx, params);
  const notConstant = reportNotConstant(r);
  const sources = new Set(program.sources.map((s) => s.code));
  const ranges = new Map<string, BoundRange[]>();
  const completeTables = new Set<string>();
  for (const name of order) {
    const d = ctx.values.get(name)!;
    if (d.kind === 'table') {
      // Once with the params of the first period, then again from each date a param the table reads changes.
      let complete = checkTable(ctx, d, consts);
      const read = tableParams(ctx, d);
      let last = consts;
      for (const [date, later] of dated) {
        if (date === '' || ![...read].some((p) => later.params.get(p) !== last.params.get(p))) continue;
        complete = checkTable(ctx, d, later, date) && complete;
        last = later;
      }
      if (complete) completeTables.add(name);
    }
    if (d.kind === 'def') checkDivisors(ctx, d, dated);
    if (d.kind === 'def' || d.kind === 'table') {
      checkConstantResults(ctx, d, dated);
      const bound = boundRanges(ctx, consts, name);
      if (bound.length) ranges.set(name, bound);
    }
    if (d.attrs.range) for (const b of [d.attrs.range.low, d.attrs.range.high, d.attrs.range.set]) if (b) constOrReport(consts, b, notConstant);
    if ((d.kind === 'def' || d.kind === 'table' || d.kind === 'clauses') && !d.attrs.cite) r.warning(d.name.span, M.missingCite(name));
  }
  for (const { decl } of program.decls.values()) {
    if (decl.kind === 'list') {
      for (const item of decl.items) for (const f of item.fields) {
        infer.infer(f.value);
        constOrReport(consts, f.value, notConstant, 'an item attribute');
      }
    }
    checkCiteSource(r, sources, decl.attrs);
    // `max_items` bounds what a caller sends: a list input's length, nothing else.
    if (decl.attrs.maxItemsSpan && !(decl.kind === 'input' && ctx.valueTypes.get(decl.name.text)?.k === 'list')) r.error(decl.attrs.maxItemsSpan, M.maxItemsMisplaced(decl.name.text, decl.kind));
    if (decl.kind === 'clauses') for (const c of decl.clauses) checkCiteSource(r, sources, c.attrs);
  }
  warnUnused(ctx, r);
  const outputs = checkOutputs(ctx, r);
  const examples = checkExamples(ctx, infer, consts, r);
  checkLiterals(ctx, infer.literals.values());
  const computed = order.filter((n) => { const k = ctx.values.get(n)!.kind; return k === 'def' || k === 'table' || k === 'clauses'; });
  return { value: { program, ctx, params, order: computed, deps, outputs, examples, ranges, completeTables }, diagnostics: r.diagnostics };
}

/** Names every JSON object answers to (`toString`, `constructor`…): an input or output so named would be misread. */
const OBJECT_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

function collect(program: Program, r: Reporter): Ctx {
  const ctx: Ctx = {
    program, r, enums: new Map(), units: new Map(), lists: new Map(), values: new Map(), valueTypes: new Map(),
    types: new Map(), refs: new Map(), calls: new Map(),
  };
  const builtins = new Set(Object.values(builtinNames).flat());
  for (const { decl: d } of program.decls.values()) {
    if (builtins.has(d.name.text)) r.error(d.name.span, M.reservedName(d.name.text));
    if (d.name.text.startsWith('__') || OBJECT_NAMES.has(d.name.text)) r.error(d.name.span, M.reservedIdentifier(d.name.text));
    switch (d.kind) {
      case 'unit': ctx.units.set(d.name.text, d.label); break;
      case 'enum': {
        const labels: Record<string, string> = {};
        const members: string[] = [];
        for (const m of d.members) {
          if (members.includes(m.name.text)) r.error(m.name.span, M.duplicateName(m.name.text));
          members.push(m.name.text);
          if (m.label) labels[m.name.text] = m.label;
        }
        ctx.enums.set(d.name.text, { name: d.name.text, members, labels, decl: d } satisfies EnumInfo);
        break;
      }
      case 'list': ctx.lists.set(d.name.text, d); break;
      case 'constraint': break;
      default: ctx.values.set(d.name.text, d);
    }
  }
  for (const d of ctx.values.values()) {
    const declared = d.kind === 'clauses' ? clausesType(ctx, d, r) : 'type' in d && d.type ? resolveType(ctx, d.type) : undefined;
    if (declared) ctx.valueTypes.set(d.name.text, declared);
  }
  return ctx;
}

/** Named clause keys form an implicit enum named after the clause set, so `[not_listed]` resolves. */
function clausesType(ctx: Ctx, d: A.ClausesDecl, r: Reporter): Ty {
  if (d.clauses.length === 0) r.error(d.name.span, M.emptyClauses());
  const numeric = d.clauses.every((c) => c.numeric);
  if (!numeric && d.clauses.some((c) => c.numeric)) r.error(d.name.span, M.mixedClauseKeys());
  const seen = new Set<string>();
  for (const c of d.clauses) {
    // A number is the integer it writes (`clause 01` is clause 1); `1.25` is not one.
    if (c.numeric && !/^\d+$/.test(c.key)) r.error(c.span, M.clauseNumber(c.key));
    const key = c.numeric ? String(Number(c.key)) : c.key;
    if (seen.has(key)) r.error(c.span, M.duplicateClause(c.key));
    seen.add(key);
  }
  if (numeric) return T.list(T.int());
  const members = d.clauses.map((c) => c.key);
  const labels = Object.fromEntries(d.clauses.filter((c) => c.label).map((c) => [c.key, c.label!]));
  if (!ctx.enums.has(d.name.text)) ctx.enums.set(d.name.text, { name: d.name.text, members, labels, decl: d });
  return T.list(T.enumOf(d.name.text));
}

function resolveType(ctx: Ctx, t: A.TypeRef): Ty {
  switch (t.kind) {
    case 'money': return T.money;
    case 'bool': return T.bool;
    case 'date': return T.date;
    case 'text': return T.text;
    case 'integer':
    case 'decimal': {
      const unit = t.unit?.text;
      if (t.unit && !ctx.units.has(t.unit.text)) ctx.r.error(t.unit.span, M.unknownUnit(t.unit.text));
      return t.kind === 'integer' ? T.int(unit) : T.dec(unit);
    }
    case 'named': {
      if (ctx.enums.has(t.name.text)) return T.enumOf(t.name.text);
      ctx.r.error(t.name.span, M.unknownType(t.name.text, suggest(t.name.text, ctx.enums.keys())));
      return T.any;
    }
    case 'list': return T.list(resolveType(ctx, t.element));
  }
}

/** Expressions a value declaration reads (its body, table cells, clause conditions, range). */
export function bodyExprs(d: ValueDecl): A.Expr[] {
  const range = d.attrs.range ? [d.attrs.range.low, d.attrs.range.high, d.attrs.range.set].filter((x): x is A.Expr => !!x) : [];
  switch (d.kind) {
    case 'input': return range;
    case 'param':
    case 'def': return [...d.values.map((v) => v.value), ...range];
    case 'table': return [...d.rows.flatMap((row) => [...row.cells.flatMap(cellExprs), row.result]), ...range];
    case 'clauses': return d.clauses.map((c) => c.when);
  }
}

export function cellExprs(c: A.Cell): A.Expr[] {
  switch (c.kind) {
    case 'any': return [];
    case 'compare': return [c.bound];
    case 'range': return [c.low, c.high].filter((x): x is A.Expr => !!x);
    case 'oneOf': return c.values;
  }
}

/**
 * Names of values an expression mentions (syntactically; enum members are filtered later). With
 * `took` (an evaluation's branches, by `if` id: whether `then` was taken), of each `if` it
 * recorded only the condition and the branch taken.
 */
export function namesIn(e: A.Expr, out: Set<string>, took?: ReadonlyMap<number, boolean>): Set<string> {
  switch (e.kind) {
    case 'name': out.add(e.name); break;
    case 'call': for (const a of e.args) namesIn(a, out, took); break;
    case 'list': for (const a of e.items) namesIn(a, out, took); break;
    case 'neg':
    case 'not': namesIn(e.operand, out, took); break;
    case 'binary':
    case 'in': namesIn(e.left, out, took); namesIn(e.right, out, took); break;
    case 'if': {
      const then = took?.get(e.id);
      namesIn(e.cond, out, took);
      if (then !== false) namesIn(e.then, out, took);
      if (then !== true) namesIn(e.else, out, took);
      break;
    }
  }
  return out;
}

function dependencies(ctx: Ctx): Map<string, string[]> {
  const deps = new Map<string, string[]>();
  for (const d of ctx.values.values()) {
    const names = new Set<string>();
    for (const e of bodyExprs(d)) namesIn(e, names);
    if (d.kind === 'table') for (const c of d.columns) names.add(c.text);
    deps.set(d.name.text, [...names].filter((n) => ctx.values.has(n) && n !== '' ));
  }
  return deps;
}

/** Dependency order of all value declarations; reports each cycle once, at its first member. */
function topoOrder(ctx: Ctx, deps: Map<string, string[]>, r: Reporter): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): boolean => {
    const s = state.get(n);
    if (s === 'done') return true;
    if (s === 'visiting') {
      const path = [...stack.slice(stack.indexOf(n)), n];
      r.error(ctx.values.get(n)!.name.span, M.cycle(path));
      return false;
    }
    state.set(n, 'visiting');
    stack.push(n);
    let ok = true;
    for (const d of deps.get(n) ?? []) if (d !== n || true) ok = visit(d) && ok;
    stack.pop();
    state.set(n, 'done');
    if (ok) order.push(n);
    return ok;
  };
  for (const n of ctx.values.keys()) visit(n);
  return order;
}

function typeValue(ctx: Ctx, infer: Infer, d: ValueDecl): void {
  const declared = ctx.valueTypes.get(d.name.text);
  const range = d.attrs.range;
  const expectOr = (e: A.Expr): Ty => (declared ? infer.expect(e, declared) : infer.infer(e));
  switch (d.kind) {
    case 'input':
      break;
    case 'param':
    case 'def': {
      let t: Ty | undefined = declared;
      for (const v of d.values) {
        const vt = expectOr(v.value);
        if (!t) t = vt.k === 'num' ? (vt.integral ? T.int() : T.dec()) : vt;
        if (!declared && vt.k === 'num') infer.settle(v.value, t);
      }
      for (let i = 2; i < d.values.length; i++) if ((d.values[i]!.from ?? '') <= (d.values[i - 1]!.from ?? '')) ctx.r.error(d.values[i]!.span, M.valueOrder());
      ctx.valueTypes.set(d.name.text, t ?? T.any);
      break;
    }
    case 'table': {
      const colTypes = d.columns.map((c) => {
        const t = ctx.values.has(c.text) ? ctx.valueTypes.get(c.text) ?? T.any : undefined;
        if (!t) {
          ctx.r.error(c.span, M.unknownName(c.text, suggest(c.text, ctx.values.keys())));
          return T.any;
        }
        ctx.refs.set(c.id, { k: ctx.values.get(c.text)!.kind === 'input' ? 'input' : ctx.values.get(c.text)!.kind === 'param' ? 'param' : 'value', name: c.text });
        if (!['enum', 'bool', 'int', 'dec', 'money', 'date', 'text', 'any'].includes(t.k)) ctx.r.error(c.span, M.tableColumn(c.text));
        return t;
      });
      for (const row of d.rows) {
        row.cells.forEach((cell, i) => {
          const ct = colTypes[i] ?? T.any;
          for (const e of cellExprs(cell)) infer.expect(e, ct);
        });
        infer.expect(row.result, declared ?? T.any);
      }
      break;
    }
    case 'clauses':
      for (const c of d.clauses) infer.expect(c.when, T.bool);
      break;
  }
  // The ranges of this declaration and of every base declaration it overrides (checked later).
  const t = ctx.valueTypes.get(d.name.text) ?? T.any;
  for (let l: Linked<A.Decl> | undefined = ctx.program.decls.get(d.name.text); l; l = l.replaced) {
    const rg = l.decl === d ? range : l.decl.attrs.range;
    if (!rg) continue;
    for (const b of [rg.low, rg.high]) if (b) infer.expect(b, t);
    if (rg.set) infer.expect(rg.set, T.list(t));
  }
}

/** Dates at which any param changes value, plus the start of time (''). */
function paramDates(ctx: Ctx): string[] {
  const dates = new Set<string>(['']);
  for (const d of ctx.values.values()) if (d.kind === 'param') for (const v of d.values) if (v.from) dates.add(v.from);
  return [...dates].sort();
}

/** Reports each non-constant node once. */
function reportNotConstant(r: Reporter): (e: NotConstant, what: string) => void {
  const reported = new Set<number>();
  return (e, what) => {
    if (reported.has(e.node.id)) return;
    reported.add(e.node.id);
    // An unresolved name was already reported as unknown.
    if (e.node.kind === 'name' && !r.diagnostics.some((d) => d.span.start === e.node.span.start && d.code === 'E-NAME-UNKNOWN')) r.error(e.node.span, M.notConstant(what));
    else if (e.node.kind !== 'name') r.error(e.node.span, M.notConstant(what));
  };
}

/** Constants evaluating params as of each date a param or a definition changes value ('' first). */
function constsByDate(ctx: Ctx, params: ReadonlyMap<string, readonly DatedConst[]>): [string, Consts][] {
  const dates = new Set(paramDates(ctx));
  for (const d of ctx.values.values()) if (d.kind === 'def') for (const v of d.values) if (v.from) dates.add(v.from);
  return [...dates].sort().map((date) => {
    const values = new Map<string, Value>();
    for (const [name, list] of params) values.set(name, inForce(list, date)!.value);
    return [date, new Consts(ctx, values, params)];
  });
}

/**
 * The expressions whose value a result can be: the branches of an `if` (only the one taken when
 * its condition is constant), otherwise the expression itself.
 */
function resultLeaves(consts: Consts, e: A.Expr, out: A.Expr[] = []): A.Expr[] {
  if (e.kind !== 'if') out.push(e);
  else {
    const cond = tryConst(consts, e.cond);
    if (cond !== false) resultLeaves(consts, e.then, out);
    if (cond !== true) resultLeaves(consts, e.else, out);
  }
  return out;
}

/**
 * Checks every constant a definition or table can result in (a value, an `if` branch, a result
 * cell, a param read there) against its ranges, at each date params or the definition change;
 * each value at each place is reported once, with the date from which it holds.
 */
function checkConstantResults(ctx: Ctx, d: A.DefDecl | A.TableDecl, dated: readonly [string, Consts][]): void {
  const seen = new Set<string>();
  for (const [date, consts] of dated) {
    const results = d.kind === 'table'
      ? d.rows.map((row) => row.result)
      : [inForce(d.values, date)!.value];
    for (const leaf of results.flatMap((e) => resultLeaves(consts, e))) {
      const v = tryConst(consts, leaf);
      if (v === undefined) continue;
      const key = `${leaf.span.start}:${JSON.stringify(v)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      checkRanges(ctx, consts, d.name.text, v, leaf.span, date);
    }
  }
}

function tryConst(consts: Consts, e: A.Expr): Value | undefined {
  try {
    return consts.eval(e);
  } catch (err) {
    if (err instanceof NotConstant) return undefined;
    throw err;
  }
}

function constOrReport(consts: Consts, e: A.Expr, notConstant: (e: NotConstant, what: string) => void, what = 'a range bound'): void {
  try {
    consts.eval(e);
  } catch (err) {
    if (err instanceof NotConstant) notConstant(err, what);
    else throw err;
  }
}

/** A citation whose document code (before the first space or §) is not a declared `source`. */
function checkCiteSource(r: Reporter, sources: ReadonlySet<string>, attrs: A.Attributes): void {
  if (!attrs.cite || !attrs.citeSpan || sources.size === 0) return;
  const code = attrs.cite.split(/[\s§]/)[0]!;
  if (!sources.has(code)) r.warning(attrs.citeSpan, M.citeSource(code, [...sources]));
}

/** Inputs, params and defs that no output depends on (directly or indirectly). */
function warnUnused(ctx: Ctx, r: Reporter): void {
  const used = new Set<string>();
  const visit = (n: string) => {
    if (used.has(n)) return;
    used.add(n);
    const d = ctx.values.get(n);
    if (!d) return;
    const names = new Set<string>();
    for (const e of bodyExprs(d)) namesIn(e, names);
    if (d.kind === 'table') for (const c of d.columns) names.add(c.text);
    for (const x of names) if (ctx.values.has(x)) visit(x);
  };
  for (const o of ctx.program.outputs) visit(o.text);
  for (const { decl } of ctx.program.decls.values()) if (decl.kind === 'constraint') for (const x of namesIn(decl.rule, new Set())) visit(x);
  for (const [name, d] of ctx.values) {
    if (used.has(name) || !ctx.program.outputs.length) continue;
    if (d.kind === 'input' || d.kind === 'param' || d.kind === 'def') r.warning(d.name.span, M.unusedName(name));
  }
}

function evaluateParams(ctx: Ctx, order: string[], r: Reporter, constraints: Linked<A.ConstraintDecl>[]): Map<string, DatedConst[]> {
  const result = new Map<string, DatedConst[]>();
  const notConstant = reportNotConstant(r);
  // Values are re-evaluated at every date any param changes; each problem is reported once.
  const rangeChecked = new Set<string>();
  const constraintReported = new Set<string>();
  for (const date of paramDates(ctx)) {
    const values = new Map<string, Value>();
    const consts = new Consts(ctx, values);
    for (const name of order) {
      const d = ctx.values.get(name)!;
      if (d.kind !== 'param') continue;
      const active = inForce(d.values, date)!;
      try {
        const v = consts.eval(active.value);
        values.set(name, v);
        const list = result.get(name) ?? [];
        if (list.length === 0 || list[list.length - 1]!.value !== v) list.push(date ? { from: date, value: v } : { value: v });
        result.set(name, list);
        const key = `${name}@${active.span.start}:${JSON.stringify(v)}`;
        if (!rangeChecked.has(key)) {
          rangeChecked.add(key);
          checkRanges(ctx, consts, name, v, active.value.span, active.from ?? '');
        }
      } catch (e) {
        if (e instanceof NotConstant) notConstant(e, 'a param value');
        else throw e;
      }
    }
    for (const c of constraints) {
      try {
        if (consts.eval(c.decl.rule) === false && !constraintReported.has(c.decl.name.text)) {
          constraintReported.add(c.decl.name.text);
          reportConstraint(ctx, c, date, values, consts);
        }
      } catch (e) {
        if (e instanceof NotConstant) notConstant(e, 'a constraint');
        else throw e;
      }
    }
  }
  return result;
}

function showValue(ctx: Ctx, name: string, v: Value): string {
  const t = ctx.valueTypes.get(name);
  return t?.k === 'money' && typeof v === 'number' ? `${fenToYuan(v)}` : JSON.stringify(v);
}

/** Checks a constant value of `name` against its own range and every range its base chain declared. */
function checkRanges(ctx: Ctx, consts: Consts, name: string, v: Value, span: Span, date: string): void {
  const bad = boundRanges(ctx, consts, name).find((r) => !inRange(r, v));
  if (!bad) return;
  const text = rangeText(bad, ctx.valueTypes.get(name)?.k === 'money');
  const shown = showValue(ctx, name, v);
  const from = date || undefined;
  const current = ctx.program.decls.get(name)!;
  if (bad.origin !== ctx.program.id && current.origin === ctx.program.id) {
    ctx.r.error(span, M.forkRange(name, shown, text, bad.cite, from), [{ span: bad.span, message: Note.baseLimit(bad.cite) }]);
  } else if (bad.decl === current.decl) ctx.r.error(span, M.rangeOutside(name, shown, text, from));
}

/** Adds "with x = 1, y = 2" as help, so the author sees which values break a constraint. */
function withValues(msg: Message, used: string): Message {
  return used ? { ...msg, help: { en: `the values here: ${used}`, zh: `此处的取值：${used}` } } : msg;
}

/** The part of a false constraint that is false: of `a and b`, the first false operand (and so on down). */
function falsePart(e: A.Expr, consts: Consts): A.Expr {
  if (e.kind === 'binary' && e.op === 'and') return falsePart(consts.eval(e.left) === false ? e.left : e.right, consts);
  return e;
}

function reportConstraint(ctx: Ctx, c: Linked<A.ConstraintDecl>, date: string, values: ReadonlyMap<string, Value>, consts: Consts): void {
  const own = ctx.program.id;
  const used = [...namesIn(c.decl.rule, new Set())].filter((n) => values.has(n)).map((n) => `${n} = ${showValue(ctx, n, values.get(n)!)}`).join(', ');
  const label = c.decl.label ?? c.decl.name.text;
  const from = date || undefined;
  if (c.origin === own) {
    ctx.r.error(c.decl.name.span, withValues(M.constraintFailed(c.decl.name.text, label, from), used));
    return;
  }
  // The names of the part that fails first (`b < c` of `a < b and b < c`), then the others.
  const failing = [...namesIn(falsePart(c.decl.rule, consts), new Set())];
  const mentioned = new Set([...failing, ...namesIn(c.decl.rule, new Set())]);
  const culprit = [...mentioned].map((n) => ctx.program.decls.get(n)).find((l) => l?.origin === own);
  const ownParam = (n: string) => {
    const l = ctx.program.decls.get(n);
    return l?.origin === own && l.decl.kind === 'param' ? l.decl : undefined;
  };
  const setHere = (n: string) => ownParam(n)?.values.find((v) => (v.from ?? '') === date);
  const inForceHere = (n: string) => {
    const d = ownParam(n);
    return d ? inForce(d.values, date) : undefined;
  };
  // Point at this fork's value in the failing part that takes effect on that date (a dated `from`
  // line), else the one in force there (a base's dated value may be what changed); a value of the
  // rest of the constraint only when the failing part has none of this fork's (it may hold).
  const changed = failing.map(setHere).find((v) => v !== undefined) ?? failing.map(inForceHere).find((v) => v !== undefined) ?? [...mentioned].map(setHere).find((v) => v !== undefined);
  // The fork's other values in the failing part (`c` of a failing `b < c`, when `b` is shown).
  const others = failing.flatMap((n) => {
    const v = inForceHere(n);
    return v && v !== changed ? [{ span: v.span, message: Note.alsoInConflict(n) }] : [];
  });
  ctx.r.error(changed?.span ?? culprit?.decl.name.span ?? ctx.program.own.name.span, withValues(M.forkConstraint(c.decl.name.text, label, c.decl.attrs.cite, from), used),
    [...others, { span: c.decl.rule.span, message: Note.baseLimit(c.decl.attrs.cite) }]);
}

function checkOutputs(ctx: Ctx, r: Reporter): string[] {
  const outputs: string[] = [];
  for (const n of ctx.program.outputs) {
    const d = ctx.values.get(n.text);
    if (!d || d.kind === 'input' || d.kind === 'param') r.error(n.span, M.unknownOutput(n.text));
    else outputs.push(n.text);
  }
  if (outputs.length === 0) r.warning(ctx.program.own.name.span, M.noOutputs());
  return outputs;
}

/** JSON form of a constant under its type: money in yuan, lists element-wise. */
function toJson(v: Value, t: Ty): unknown {
  if (Array.isArray(v)) return v.map((x) => toJson(x, t.k === 'list' ? t.of : T.any));
  return t.k === 'money' && typeof v === 'number' ? fenToYuan(v) : v;
}

function checkExamples(ctx: Ctx, infer: Infer, consts: Consts, r: Reporter): CheckedExample[] {
  const out: CheckedExample[] = [];
  for (const { example: ex, origin } of ctx.program.examples) {
    const given: Record<string, unknown> = {};
    const expect: Record<string, unknown> = {};
    const first = { given: new Map<string, Span>(), expect: new Map<string, Span>() };
    const fill = (a: A.Assignment, target: Record<string, unknown>, inputs: boolean) => {
      const seen = inputs ? first.given : first.expect;
      const prior = seen.get(a.name.text);
      if (prior) {
        r.error(a.name.span, M.exampleRepeated(a.name.text, inputs), [{ span: prior, message: Note.firstInExample(a.name.text, inputs) }]);
        return;
      }
      seen.set(a.name.text, a.name.span);
      const d = ctx.values.get(a.name.text);
      if (!d || (inputs ? d.kind !== 'input' : d.kind === 'input' || d.kind === 'param')) {
        const names = [...ctx.values].filter(([, x]) => (inputs ? x.kind === 'input' : x.kind !== 'input' && x.kind !== 'param')).map(([n]) => n);
        r.error(a.name.span, M.exampleUnknown(a.name.text, inputs, suggest(a.name.text, names)));
        return;
      }
      const t = ctx.valueTypes.get(a.name.text) ?? T.any;
      infer.expect(a.value, t);
      try {
        target[a.name.text] = toJson(consts.eval(a.value), t);
      } catch (e) {
        if (e instanceof NotConstant) {
          if (e.node.kind !== 'name' || ctx.refs.has(e.node.id)) r.error(e.node.span, M.notConstant('an example value'));
        }
        else throw e;
      }
    };
    for (const a of ex.given) fill(a, given, true);
    for (const a of ex.expect) fill(a, expect, false);
    out.push({ name: ex.name, origin, ...(ex.asOf ? { asOf: ex.asOf } : {}), given, expect, span: ex.span });
  }
  return out;
}

/** The params a table's cells and column ranges read. */
function tableParams(ctx: Ctx, d: A.TableDecl): Set<string> {
  const names = new Set<string>();
  for (const row of d.rows) for (const cell of row.cells.slice(0, d.columns.length)) {
    if (cell.kind === 'oneOf') for (const v of cell.values) namesIn(v, names);
    else if (cell.kind === 'compare') namesIn(cell.bound, names);
    else if (cell.kind === 'range') for (const b of [cell.low, cell.high]) if (b) namesIn(b, names);
  }
  for (const c of d.columns) {
    const range = ctx.values.get(c.text)?.attrs.range;
    for (const b of [range?.low, range?.high, range?.set]) if (b) namesIn(b, names);
  }
  return new Set([...names].filter((n) => ctx.values.get(n)?.kind === 'param'));
}

/**
 * A division a definition always reaches whose divisor is a param that is 0 (a literal 0 is
 * reported when typing): in that period the definition never gives a value. Checked period by
 * period, with the value in force and only what it evaluates whatever the inputs: an `if` whose
 * condition is constant then (`if share > 0 then x / share otherwise 0`) only in its branch
 * taken, one that depends on inputs in neither; what follows `and`/`or` not at all (tables and
 * clause sets are conditional throughout). Reported once, with the first date it is 0 from.
 */
function checkDivisors(ctx: Ctx, d: A.DefDecl, dated: readonly [string, Consts][]): void {
  const reported = new Set<A.Expr>();
  for (const [date, consts] of dated) {
    const value = inForce(d.values, date);
    const visit = (e: A.Expr): void => {
      switch (e.kind) {
        case 'binary':
          if (e.op === '/' && !isLiteral(e.right) && !reported.has(e.right) && tryConst(consts, e.right) === 0) {
            reported.add(e.right);
            ctx.r.error(e.right.span, date ? M.fromDate(M.divisorIsZero(), date) : M.divisorIsZero());
          }
          visit(e.left);
          if (e.op !== 'and' && e.op !== 'or') visit(e.right);
          break;
        case 'in': visit(e.left); visit(e.right); break;
        case 'not': case 'neg': visit(e.operand); break;
        case 'if': {
          visit(e.cond);
          const cond = tryConst(consts, e.cond);
          if (cond === true) visit(e.then);
          else if (cond === false) visit(e.else);
          break;
        }
        case 'call': e.args.forEach(visit); break;
        case 'list': e.items.forEach(visit); break;
      }
    };
    if (value) visit(value.value);
  }
}

/** A number or percentage written out (a literal 0 divisor is E-DIV-ZERO when typing already). */
const isLiteral = (e: A.Expr): boolean => e.kind === 'number' || e.kind === 'percent' || (e.kind === 'neg' && isLiteral(e.operand));
