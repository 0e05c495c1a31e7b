/**
 * @module check/consts
 * Compile-time evaluation of constant expressions: param values, range bounds, table cells,
 * constraints and example values. Constants may use literals, params and enum members, never
 * inputs or computed values. Money is in fen, as at run time.
 */
import type * as A from '../ast/nodes.ts';
import { divMoney, divRoundHalfUp, MAX_EXACT_PLACES, mulMoney, placesOfNumber, roundTo, roundToPlaces, yuanTextToFen, type RoundMode } from '../runtime.ts';
import type { Ctx } from './context.ts';

export type Value = number | string | boolean | Value[];

/** Thrown internally when an expression is not constant; carries the offending node. */
export class NotConstant {
  readonly node: A.Expr;
  constructor(node: A.Expr) {
    this.node = node;
  }
}

export class Consts {
  private readonly c: Ctx;
  /** Param name → value as of the evaluation date chosen by the caller. */
  readonly params: Map<string, Value>;
  /** Every value of each param over time: a param read has the places of all of them, as lowered. */
  private readonly dated: ReadonlyMap<string, readonly { value: Value }[]> | undefined;
  constructor(c: Ctx, params: Map<string, Value>, dated?: ReadonlyMap<string, readonly { value: Value }[]>) {
    this.c = c;
    this.params = params;
    this.dated = dated;
  }

  /** The value of a literal expression under its checked type. */
  literal(e: A.Expr & { kind: 'number' | 'percent' }): number {
    // `1.1%` is the number nearest 0.011, which 1.1 / 100 (0.011000000000000001) is not.
    if (e.kind === 'percent') return Number(`${e.text}e-2`);
    const t = this.c.types.get(e.id);
    if (t?.k === 'money') return yuanTextToFen(e.text) ?? Math.round(Number(e.text) * 100);
    return Number(e.text);
  }

  ordinal(v: Value, e: A.Expr): number | string | boolean {
    const t = this.c.types.get(e.id);
    if (t?.k === 'enum' && typeof v === 'string') return this.c.enums.get(t.name)?.members.indexOf(v) ?? -1;
    return v as number;
  }

  /** Evaluates or throws {@link NotConstant}. */
  eval(e: A.Expr): Value {
    switch (e.kind) {
      case 'number':
      case 'percent':
        return this.literal(e);
      case 'string':
      case 'date':
      case 'bool':
        return e.value;
      case 'asOf':
        throw new NotConstant(e);
      case 'name': {
        const ref = this.c.refs.get(e.id);
        if (ref?.k === 'enum') return ref.member;
        if (ref?.k === 'param' && this.params.has(ref.name)) return this.params.get(ref.name)!;
        if (ref?.k === 'list') return this.c.lists.get(ref.name)!.items.map((i) => i.name.text);
        throw new NotConstant(e);
      }
      case 'list':
        return e.items.map((i) => this.eval(i));
      case 'neg':
        return -(this.eval(e.operand) as number);
      case 'not':
        return !this.eval(e.operand);
      case 'if':
        return this.eval(e.cond) ? this.eval(e.then) : this.eval(e.else);
      case 'in': {
        const x = this.eval(e.left);
        const ref = e.right.kind === 'name' ? this.c.refs.get(e.right.id) : undefined;
        if (ref?.k === 'list') return this.c.lists.get(ref.name)!.items.some((i) => i.name.text === x);
        return (this.eval(e.right) as Value[]).includes(x);
      }
      case 'binary':
        return this.binary(e);
      case 'call':
        return this.call(e);
    }
  }

  private binary(e: A.Expr & { kind: 'binary' }): Value {
    if (e.op === 'and') return !!this.eval(e.left) && !!this.eval(e.right);
    if (e.op === 'or') return !!this.eval(e.left) || !!this.eval(e.right);
    const a = this.eval(e.left);
    const b = this.eval(e.right);
    const lt = this.c.types.get(e.left.id);
    const rt = this.c.types.get(e.right.id);
    const x = this.ordinal(a, e.left);
    const y = this.ordinal(b, e.right);
    switch (e.op) {
      case '=': return x === y;
      case '!=': return x !== y;
      case '<': return x < y;
      case '<=': return x <= y;
      case '>': return x > y;
      case '>=': return x >= y;
      case '+': return this.exact(e, (a as number) + (b as number));
      case '-': return this.exact(e, (a as number) - (b as number));
      case '*':
        if (lt?.k === 'money') return rt?.k === 'int' ? (a as number) * (b as number) : mulMoney(a as number, b as number);
        if (rt?.k === 'money') return lt?.k === 'int' ? (a as number) * (b as number) : mulMoney(b as number, a as number);
        return this.exact(e, (a as number) * (b as number));
      case '/':
        if (lt?.k === 'money' && rt?.k !== 'money') return rt?.k === 'int' ? divRoundHalfUp(a as number, b as number) : divMoney(a as number, b as number);
        return (a as number) / (b as number);
    }
  }

  /** A sum, difference or product rounded to the places of its exact value, as lowering does (core/places.ts). */
  private exact(e: A.Expr, x: number): number {
    const places = this.places(e);
    return places >= 1 && places <= MAX_EXACT_PLACES ? roundToPlaces(x, places) : x;
  }

  /**
   * The most decimal places a constant expression's exact value can have, by the rules of
   * `core/places.ts` (a param has the places of its values; a quotient has no bound).
   */
  private places(e: A.Expr): number {
    const t = this.c.types.get(e.id);
    if (t?.k === 'money' || t?.k === 'bool' || t?.k === 'text' || t?.k === 'date' || t?.k === 'enum') return 0;
    switch (e.kind) {
      case 'number':
      case 'percent':
        return placesOfNumber(this.literal(e));
      case 'name': {
        const ref = this.c.refs.get(e.id);
        const over = ref?.k === 'param' ? this.dated?.get(ref.name) : undefined;
        const all = (over ? over.map((d) => d.value) : [this.eval(e)]).flat();
        return Math.max(0, ...all.map((x) => (typeof x === 'number' ? placesOfNumber(x) : 0)));
      }
      case 'list':
        return Math.max(0, ...e.items.map((i) => this.places(i)));
      case 'neg':
        return this.places(e.operand);
      case 'if':
        return Math.max(this.places(e.then), this.places(e.else));
      case 'binary': {
        const lt = this.c.types.get(e.left.id);
        const rt = this.c.types.get(e.right.id);
        if (e.op === '+' || e.op === '-') return Math.max(this.places(e.left), this.places(e.right));
        // Money × or ÷ a decimal is whole fen (money ÷ money is a decimal quotient).
        if (e.op === '*') return lt?.k === 'money' || rt?.k === 'money' ? 0 : this.places(e.left) + this.places(e.right);
        if (e.op === '/') return lt?.k === 'money' && rt?.k !== 'money' ? 0 : Infinity;
        return 0;
      }
      case 'call': {
        const fn = this.c.calls.get(e.id);
        const arg = e.args[0];
        if (!arg) return 0;
        if (fn === 'floor' || fn === 'ceil' || fn === 'round') {
          const money = this.c.types.get(arg.id)?.k === 'money';
          return e.args[1] && !money ? placesOfNumber(this.eval(e.args[1]) as number) : 0;
        }
        if (fn === 'min' || fn === 'max') return Math.max(0, ...e.args.map((x) => this.places(x)));
        if (fn === 'abs' || fn === 'sum' || fn === 'last') return this.places(arg);
        return 0;
      }
      default:
        return 0;
    }
  }

  /** A money product or quotient by a decimal, rounded by `mode` to `step` fen (as the core does). */
  private moneyOp(e: A.Expr & { kind: 'binary' }, mode: RoundMode, step: number): number | undefined {
    const lt = this.c.types.get(e.left.id);
    const rt = this.c.types.get(e.right.id);
    if (e.op === '*' && (lt?.k === 'money') !== (rt?.k === 'money')) {
      const [m, r] = lt?.k === 'money' ? [e.left, e.right] : [e.right, e.left];
      return mulMoney(this.eval(m) as number, this.eval(r) as number, mode, step);
    }
    if (e.op === '/' && lt?.k === 'money' && rt?.k !== 'money') return divMoney(this.eval(e.left) as number, this.eval(e.right) as number, mode, step);
    return undefined;
  }

  private call(e: A.Expr & { kind: 'call' }): Value {
    const fn = this.c.calls.get(e.id);
    const t = this.c.types.get(e.args[0]?.id ?? -1);
    const step = e.args[1] ? (this.eval(e.args[1]) as number) : t?.k === 'money' ? 100 : 1;
    const mode: RoundMode | undefined = fn === 'floor' ? 'floor' : fn === 'ceil' ? 'ceil' : fn === 'round' ? 'half_up' : undefined;
    const inner = e.args[0];
    if (mode && inner?.kind === 'binary') {
      const exact = this.moneyOp(inner, mode, step);
      if (exact !== undefined) return exact;
    }
    const args = e.args.map((a) => this.eval(a));
    switch (fn) {
      case 'min': return args.reduce((p, q) => (q < p ? q : p));
      case 'max': return args.reduce((p, q) => (q > p ? q : p));
      case 'floor': return roundTo(args[0] as number, 'floor', step);
      case 'ceil': return roundTo(args[0] as number, 'ceil', step);
      case 'round': return roundTo(args[0] as number, 'half_up', step);
      case 'abs': return Math.abs(args[0] as number);
      case 'length': return (args[0] as Value[]).length;
      case 'count': return args.length > 1 ? (args[0] as Value[]).filter((x) => x === args[1]).length : (args[0] as Value[]).length;
      case 'contains': return (args[0] as Value[]).includes(args[1]!);
      case 'all': return (args[0] as Value[]).every((x) => x === args[1]);
      case 'sum': return this.exact(e, (args[0] as number[]).reduce((p, q) => p + q, 0));
      default: throw new NotConstant(e);
    }
  }
}
