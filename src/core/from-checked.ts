/**
 * @module core/from-checked
 * Lowers a checked program to the core IR: names resolve to inputs, refs or folded constants;
 * tables become `cond`, clause sets `collect`, dated values a `cond` on the evaluation date;
 * money arithmetic picks exact fen operations from the checked types.
 */
import type * as A from '../ast/nodes.ts';
import type { Checked, DatedConst, Ty } from '../check/index.ts';
import { Consts } from '../check/consts.ts';
import { insideRange, SWAPPED_CMP, walk, type Const, type Core, type CoreDef, type CoreProgram, type CoreRange, type Shape } from './ir.ts';
import { boundsOf, isSafe, SAFE, type BoundsOf, type Interval } from './bounds.ts';
import { exactDecimal, placesOf, type PlacesOf } from './places.ts';
import { MAX_MONEY_FEN, RATE_PLACES } from '../runtime.ts';

export type { Core, CoreDef, CoreProgram, Const, Shape } from './ir.ts';
export { walk } from './ir.ts';

/**
 * @example lower(checked).defs.map((d) => d.name) // ['posts_min', …] in dependency order
 */
export function lower(checked: Checked): CoreProgram {
  const l = new Lowering(checked);
  const defs = checked.order.map((name) => l.def(name));
  const inputs = [...checked.ctx.values.values()]
    .filter((d): d is A.InputDecl => d.kind === 'input')
    .map((d) => ({ name: d.name.text, shape: shapeOf(checked.ctx.valueTypes.get(d.name.text)!) }));
  return { id: checked.program.id, defs, inputs, outputs: checked.outputs };
}

export function shapeOf(t: Ty): Shape {
  if (t.k === 'money') return { k: 'money' };
  if (t.k === 'list') return { k: 'list', of: shapeOf(t.of) };
  return { k: 'plain' };
}

const c = (value: Const): Core => ({ op: 'const', value });

/**
 * Whether every value `e` can result in (table rows, dated values, `if` branches) is a constant
 * inside every one of `ranges`: then no check is needed when evaluating. (The checker has already
 * reported any constant outside; a param read there stays a run-time check, as it is not a
 * constant in the core.)
 */
function constantsInside(e: Core, ranges: readonly CoreRange[]): boolean {
  if (e.op === 'const') return ranges.every((r) => insideRange(r, e.value));
  if (e.op === 'cond') return e.branches.every((b) => constantsInside(b.then, ranges)) && (!e.else || constantsInside(e.else, ranges));
  if (e.op === 'if') return constantsInside(e.then, ranges) && constantsInside(e.else, ranges);
  return false;
}

/** Decimal places of an input's values: a decimal has at most {@link RATE_PLACES}; integers and fen none. */
function inputPlaces(t: Ty | undefined): number {
  return t?.k === 'dec' ? RATE_PLACES : t?.k === 'list' ? inputPlaces(t.of) : 0;
}

class Lowering {
  private readonly ch: Checked;
  private readonly consts: Consts;
  /** The interval of each computed value lowered so far (an unsafe integer: once checked). */
  private readonly bounds = new Map<string, Interval | undefined>();
  private readonly boundsOf: BoundsOf = {
    ref: (name) => this.bounds.get(name),
    input: (name) => this.inputBounds(name),
  };
  /** The decimal places of each computed value lowered so far. */
  private readonly places = new Map<string, number>();
  private readonly placesOf: PlacesOf = {
    ref: (name) => this.places.get(name) ?? Infinity,
    input: (name) => inputPlaces(this.ch.ctx.valueTypes.get(name)),
  };
  constructor(ch: Checked) {
    this.ch = ch;
    this.consts = new Consts(ch.ctx, new Map());
  }

  /** An input's declared range where its bounds are literals; integers and money are limited anyway. */
  private inputBounds(name: string): Interval | undefined {
    const t = this.ch.ctx.valueTypes.get(name);
    const limit: Interval | undefined = t?.k === 'int' ? [-SAFE, SAFE] : t?.k === 'money' ? [-MAX_MONEY_FEN, MAX_MONEY_FEN] : undefined;
    const range = this.ch.ctx.values.get(name)?.attrs.range;
    const at = (x: A.Expr | undefined): number | undefined => {
      try {
        const v = x ? this.consts.eval(x) : undefined;
        return typeof v === 'number' ? v : undefined;
      } catch {
        return undefined; // a bound that reads a param: the type's limit stands
      }
    };
    const lo = at(range?.low) ?? limit?.[0];
    const hi = at(range?.high) ?? limit?.[1];
    return lo !== undefined && hi !== undefined ? [lo, hi] : undefined;
  }

  private type(e: A.Expr): Ty | undefined {
    return this.ch.ctx.types.get(e.id);
  }

  def(name: string): CoreDef {
    const d = this.ch.ctx.values.get(name)!;
    let expr: Core;
    let kind: CoreDef['kind'];
    if (d.kind === 'table') {
      kind = 'table';
      expr = this.table(d);
    } else if (d.kind === 'clauses') {
      kind = 'clauses';
      expr = { op: 'collect', items: d.clauses.map((cl) => ({ when: this.expr(cl.when), key: cl.numeric ? Number(cl.key) : cl.key })) };
    } else if (d.kind === 'def') {
      kind = 'def';
      expr = this.dated(d.values.map((v) => ({ ...(v.from ? { from: v.from } : {}), value: this.expr(v.value) })));
    } else throw new Error(`internal: ${name} is not computed`);
    expr = this.withinRanges(name, expr);
    const refs = new Set<string>();
    const inputs = new Set<string>();
    walk(expr, (x) => {
      if (x.op === 'ref') refs.add(x.name);
      if (x.op === 'input') inputs.add(x.name);
    });
    const t = this.ch.ctx.valueTypes.get(name)!;
    // An integer or amount (fen) whose declared ranges do not bound it within the safe integers is
    // checked when evaluated: past them, numbers are not exact.
    const bounds = boundsOf(expr, this.boundsOf);
    const unsafe = (t.k === 'int' || t.k === 'money') && !isSafe(bounds);
    this.bounds.set(name, unsafe ? [-SAFE, SAFE] : bounds);
    this.places.set(name, placesOf(expr, this.placesOf));
    return { name, kind, expr, shape: shapeOf(t), refs: [...refs], inputs: [...inputs], ...(unsafe ? { unsafe: true as const } : {}) };
  }

  /**
   * A computed value that a declared range binds is checked when evaluated, unless every value
   * it can take is a constant inside the ranges.
   */
  private withinRanges(name: string, expr: Core): Core {
    const bound = this.ch.ranges.get(name);
    if (!bound?.length) return expr;
    const ranges: CoreRange[] = bound.map((r) => ({ ...(r.low !== undefined ? { low: r.low as Const } : {}), ...(r.high !== undefined ? { high: r.high as Const } : {}), ...(r.set ? { set: r.set as Const[] } : {}) }));
    return constantsInside(expr, ranges) ? expr : { op: 'within', a: expr, ranges };
  }

  /** Values that change on dates: the latest `from` not after the evaluation date wins. */
  private dated(values: { from?: string; value: Core }[]): Core {
    if (values.length === 1) return values[0]!.value;
    const branches = values.slice(1).reverse().map((v) => ({ when: { op: 'cmp', fn: '>=', a: { op: 'asOf' }, b: c(v.from!) } as Core, then: v.value }));
    return { op: 'cond', branches, else: values[0]!.value, dated: true };
  }

  private param(name: string): Core {
    const values = this.ch.params.get(name) ?? [];
    return this.dated(values.map((v: DatedConst) => ({ ...(v.from ? { from: v.from } : {}), value: c(v.value as Const) })));
  }

  private column(col: A.Name): Core {
    const ref = this.ch.ctx.refs.get(col.id);
    if (ref?.k === 'input') return { op: 'input', name: col.text };
    if (ref?.k === 'param') return this.param(col.text);
    return { op: 'ref', name: col.text };
  }

  private table(d: A.TableDecl): Core {
    const cols = d.columns.map((col) => this.column(col));
    const branches = d.rows.map((row) => {
      const conds = row.cells.map((cell, i) => this.cell(cell, cols[i]!, this.ch.ctx.valueTypes.get(d.columns[i]!.text))).filter((x): x is Core => !!x);
      const when: Core = conds.length === 0 ? c(true) : conds.length === 1 ? conds[0]! : { op: 'and', args: conds };
      return { when, then: this.expr(row.result) };
    });
    return { op: 'cond', branches, failCode: 'E-EVAL-NO-ROW', ...(this.ch.completeTables.has(d.name.text) ? { complete: true as const } : {}) };
  }

  private cell(cell: A.Cell, col: Core, t: Ty | undefined): Core | undefined {
    switch (cell.kind) {
      case 'any': return undefined;
      case 'oneOf': {
        const values = cell.values.map((v) => this.expr(v));
        if (values.every((v) => v.op === 'const')) {
          const set = values.map((v) => (v as { value: Const }).value);
          return set.length === 1 ? { op: 'cmp', fn: '==', a: col, b: c(set[0]!) } : { op: 'in', a: col, set };
        }
        return { op: 'or', args: values.map((v) => ({ op: 'cmp', fn: '==', a: col, b: v }) as Core) };
      }
      case 'compare':
        return this.compare(cell.op === '!=' ? '!=' : cell.op, col, this.expr(cell.bound), t);
      case 'range': {
        const parts: Core[] = [];
        if (cell.low) parts.push(this.compare('>=', col, this.expr(cell.low), t));
        if (cell.high) parts.push(this.compare('<=', col, this.expr(cell.high), t));
        return parts.length === 1 ? parts[0] : { op: 'and', args: parts };
      }
    }
  }

  /**
   * Comparison; ordering on enums against a member becomes membership in the members that
   * satisfy it (`c >= grade` as `grade <= c`), checked without looking places up.
   */
  private compare(fn: '==' | '!=' | '<' | '<=' | '>' | '>=', a: Core, b: Core, t: Ty | undefined): Core {
    if (t?.k === 'enum' && fn !== '==' && fn !== '!=') {
      if (a.op === 'const' && b.op !== 'const') return this.compare(SWAPPED_CMP[fn], b, a, t);
      const order = this.ch.ctx.enums.get(t.name)!.members;
      if (b.op === 'const' && typeof b.value === 'string') {
        const k = order.indexOf(b.value);
        const keep = order.filter((_, i) => (fn === '<' ? i < k : fn === '<=' ? i <= k : fn === '>' ? i > k : i >= k));
        return { op: 'in', a, set: keep };
      }
      return { op: 'cmp', fn, a: { op: 'ordinal', order, a }, b: { op: 'ordinal', order, a: b } };
    }
    return { op: 'cmp', fn, a, b };
  }

  expr(e: A.Expr): Core {
    switch (e.kind) {
      case 'number':
      case 'percent':
        return c(this.consts.literal(e));
      case 'string':
      case 'date':
      case 'bool':
        return c(e.value);
      case 'asOf':
        return { op: 'asOf' };
      case 'name': {
        const ref = this.ch.ctx.refs.get(e.id);
        if (!ref) throw new Error(`internal: unresolved name ${e.name}`);
        if (ref.k === 'enum') return c(ref.member);
        if (ref.k === 'input') return { op: 'input', name: ref.name };
        if (ref.k === 'param') return this.param(ref.name);
        if (ref.k === 'list') return c(this.ch.ctx.lists.get(ref.name)!.items.map((i) => i.name.text));
        return { op: 'ref', name: ref.name };
      }
      case 'list': {
        const items = e.items.map((i) => this.expr(i));
        return items.every((i) => i.op === 'const') ? c(items.map((i) => (i as { value: Const }).value)) : { op: 'list', items };
      }
      case 'neg':
        return { op: 'neg', a: this.expr(e.operand) };
      case 'not':
        return { op: 'not', a: this.expr(e.operand) };
      case 'if':
        return { op: 'if', cond: this.expr(e.cond), then: this.expr(e.then), else: this.expr(e.else), node: e.id };
      case 'in': {
        const a = this.expr(e.left);
        const right = this.expr(e.right);
        if (right.op === 'const' && Array.isArray(right.value)) return { op: 'in', a, set: right.value };
        return { op: 'contains', list: right, value: a };
      }
      case 'binary':
        return this.binary(e);
      case 'call':
        return this.call(e);
    }
  }

  private binary(e: A.Expr & { kind: 'binary' }): Core {
    const a = this.expr(e.left);
    const b = this.expr(e.right);
    const lt = this.type(e.left);
    const rt = this.type(e.right);
    switch (e.op) {
      case 'and':
      case 'or': {
        // `a or b or c` parses left-deep; one n-ary node evaluates it without nesting.
        const flat = (x: Core): Core[] => (x.op === e.op ? (x as { args: Core[] }).args : [x]);
        return { op: e.op, args: [...flat(a), ...flat(b)] };
      }
      case '=':
        return { op: 'cmp', fn: '==', a, b };
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
        return this.compare(e.op, a, b, lt?.k === 'enum' ? lt : rt);
      case '+':
      case '-':
        return exactDecimal({ op: 'arith', fn: e.op, a, b }, this.placesOf);
      case '*':
        if (lt?.k === 'money' && rt?.k !== 'int') return { op: 'money', fn: '*', a, b };
        if (rt?.k === 'money' && lt?.k !== 'int') return { op: 'money', fn: '*', a: b, b: a };
        return exactDecimal({ op: 'arith', fn: '*', a, b }, this.placesOf);
      case '/':
        if (lt?.k === 'money' && rt?.k !== 'money') return { op: 'money', fn: '/', a, b };
        return { op: 'arith', fn: '/', a, b };
    }
  }

  private call(e: A.Expr & { kind: 'call' }): Core {
    const fn = this.ch.ctx.calls.get(e.id)!;
    const args = e.args.map((x) => this.expr(x));
    const money = this.type(e.args[0]!)?.k === 'money';
    // Money rounds to the yuan unless a step is given (`round(x, 0.01)`, in yuan, lowered to fen).
    const step = args[1]?.op === 'const' ? (args[1].value as number) : money ? 100 : 1;
    const rounded = (mode: 'floor' | 'ceil' | 'half_up'): Core => {
      const a = args[0]!;
      // Rounding a money product or quotient applies to its exact value: one rounding, not two.
      if (a.op === 'money' && a.mode === undefined) return { ...a, mode, step };
      return { op: 'round', mode, step, a };
    };
    switch (fn) {
      case 'min':
      case 'max':
        return args.length === 1 ? args[0]! : { op: 'minmax', fn, args };
      case 'floor':
        return rounded('floor');
      case 'ceil':
        return rounded('ceil');
      case 'round':
        return rounded('half_up');
      case 'abs':
        return { op: 'abs', a: args[0]! };
      case 'length':
        return { op: 'count', list: args[0]! };
      case 'count':
        return args[1] ? { op: 'count', list: args[0]!, value: args[1] } : { op: 'count', list: args[0]! };
      case 'contains':
      case 'all':
        return { op: fn, list: args[0]!, value: args[1]! };
      case 'sum':
        return exactDecimal({ op: 'sum', list: args[0]! }, this.placesOf);
      case 'consecutive':
        return { op: 'run', list: args[0]!, value: args[1]!, n: args[2]! };
      case 'last':
        return { op: 'last', list: args[0]!, n: args[1]! };
    }
  }
}
