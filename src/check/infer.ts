/**
 * @module check/infer
 * Type and unit checking of expressions, bidirectional: `infer(e, expected)` returns the type
 * of `e`, records it by node id, resolves names (including bare enum members where the
 * expected type is an enum) and settles numeric literals into the unit of their context.
 */
import type * as A from '../ast/nodes.ts';
import { M } from '../messages.ts';
import type { Ctx } from './context.ts';
import { allBuiltinNames, lookupBuiltin } from './functions.ts';
import { decimalPlaces, MONEY_PLACES } from './literals.ts';
import { suggest } from '../suggest.ts';
import { assignable, isNumeric, sameType, showType, T, unitOf, type Ty } from './types.ts';

export class Infer {
  private readonly c: Ctx;
  /** Names referenced while inferring, for dependency graphs. */
  used = new Set<string>();
  /** Every numeric literal inferred, by id: their digits are checked once their types are settled. */
  readonly literals = new Map<number, A.Expr & { kind: 'number' | 'percent' }>();
  constructor(c: Ctx) {
    this.c = c;
  }

  private show(t: Ty): { en: string; zh: string } {
    return { en: showType(t, 'en'), zh: showType(t, 'zh') };
  }
  private mismatch(span: A.NodeBase['span'], expected: Ty, found: Ty, expr?: A.Expr): void {
    const e = this.show(expected);
    const f = this.show(found);
    const en = M.typeMismatch(e.en, f.en);
    const zh = M.typeMismatch(e.zh, f.zh);
    // A decimal where a whole number is wanted: say how to round it (and why, for a quotient).
    const help = expected.k === 'int' && found.k === 'dec' ? (expr && hasDivision(expr) ? M.roundToInteger() : M.roundDecimal()).message : undefined;
    this.c.r.error(span, { code: en.code, message: { en: en.message.en, zh: zh.message.zh }, ...(help ? { help } : {}) });
  }
  private unitError(span: A.NodeBase['span'], op: string, a: Ty, b: Ty): void {
    const en = M.unitMismatch(op, showType(a, 'en'), showType(b, 'en'));
    const zh = M.unitMismatch(op, showType(a, 'zh'), showType(b, 'zh'));
    this.c.r.error(span, { code: en.code, message: { en: en.message.en, zh: zh.message.zh }, help: en.help! && { en: en.help.en, zh: zh.help!.zh } });
  }
  private set(e: A.Expr, t: Ty): Ty {
    this.c.types.set(e.id, t);
    return t;
  }

  /** Checks `e` against a declared type and settles literals into it. */
  expect(e: A.Expr, want: Ty): Ty {
    const t = this.infer(e, want);
    if (t.k === 'any' || want.k === 'any') return t;
    if (!assignable(t, want)) {
      this.mismatch(e.span, want, t, e);
      return want;
    }
    this.settle(e, want);
    return want;
  }

  /** Fixes unsettled numeric literals in `e` to `t` (money, or a unit). */
  settle(e: A.Expr, t: Ty): void {
    const cur = this.c.types.get(e.id);
    if (!cur || (cur.k !== 'num' && !(t.k === 'list' && cur.k === 'list'))) return;
    if (t.k === 'list') {
      if (e.kind === 'list') for (const i of e.items) this.settle(i, t.of);
      this.set(e, t);
      return;
    }
    if (cur.k !== 'num') return;
    let target: Ty = t;
    if (t.k === 'int' && !cur.integral) target = T.dec(t.unit);
    if (!isNumeric(t)) return;
    this.set(e, target);
    switch (e.kind) {
      case 'binary':
        if (e.op === '*' || e.op === '/') {
          this.settle(e.left, target);
          this.settle(e.right, target.k === 'money' ? T.dec() : stripUnit(target));
        } else {
          this.settle(e.left, target);
          this.settle(e.right, target);
        }
        break;
      case 'neg':
        this.settle(e.operand, target);
        break;
      case 'if':
        this.settle(e.then, target);
        this.settle(e.else, target);
        break;
      case 'call':
        for (const a of e.args) this.settle(a, target);
        break;
    }
  }

  infer(e: A.Expr, want?: Ty): Ty {
    switch (e.kind) {
      case 'number':
        this.literals.set(e.id, e);
        return this.set(e, { k: 'num', integral: !e.text.includes('.') });
      case 'percent':
        this.literals.set(e.id, e);
        return this.set(e, T.dec());
      case 'string':
        return this.set(e, T.text);
      case 'date':
        return this.set(e, T.date);
      case 'bool':
        return this.set(e, T.bool);
      case 'asOf':
        return this.set(e, T.date);
      case 'name':
        return this.set(e, this.name(e, want));
      case 'list': {
        const el = want?.k === 'list' ? want.of : undefined;
        let elTy: Ty | undefined = el;
        for (const item of e.items) {
          const t = el ? this.expect(item, el) : this.infer(item, elTy);
          if (!elTy || elTy.k === 'num') elTy = t;
          else if (!sameType(t, elTy) && !assignable(t, elTy)) this.mismatch(item.span, elTy, t);
        }
        return this.set(e, T.list(elTy ?? T.any));
      }
      case 'neg': {
        const t = this.infer(e.operand);
        if (!isNumeric(t) && t.k !== 'any') this.c.r.error(e.span, M.operandType('-', showType(t)));
        return this.set(e, t);
      }
      case 'not':
        this.expect(e.operand, T.bool);
        return this.set(e, T.bool);
      case 'if': {
        this.expect(e.cond, T.bool);
        const a = this.infer(e.then, want);
        const b = this.infer(e.else, want ?? a);
        return this.set(e, this.unify(e, e.then, e.else, a, b, 'choose'));
      }
      case 'binary':
        return this.set(e, this.binary(e, want));
      case 'in':
        return this.set(e, this.membership(e));
      case 'call':
        return this.set(e, this.call(e, want));
    }
  }

  private name(e: A.Expr & { kind: 'name' }, wanted?: Ty): Ty {
    const want = wanted?.k === 'any' ? undefined : wanted;
    if (want?.k === 'enum') {
      const info = this.c.enums.get(want.name);
      if (info?.members.includes(e.name)) {
        this.c.refs.set(e.id, { k: 'enum', enumName: want.name, member: e.name });
        return want;
      }
    }
    const decl = this.c.values.get(e.name);
    if (decl) {
      this.used.add(e.name);
      this.c.refs.set(e.id, { k: decl.kind === 'input' ? 'input' : decl.kind === 'param' ? 'param' : 'value', name: e.name });
      return this.c.valueTypes.get(e.name) ?? T.any;
    }
    if (this.c.lists.has(e.name)) {
      this.c.refs.set(e.id, { k: 'list', name: e.name });
      return T.list(T.text);
    }
    const owners = [...this.c.enums.values()].filter((en) => en.members.includes(e.name));
    if (owners.length === 1 && !want) {
      this.c.refs.set(e.id, { k: 'enum', enumName: owners[0]!.name, member: e.name });
      return T.enumOf(owners[0]!.name);
    }
    if (want?.k === 'enum') {
      const info = this.c.enums.get(want.name)!;
      this.c.r.error(e.span, M.enumMember(e.name, want.name, info.members, suggest(e.name, info.members)));
      return T.any;
    }
    if (owners.length > 1) {
      // Nothing says which enum is meant: lowering could not resolve it either.
      this.c.r.error(e.span, M.ambiguousMember(e.name, owners.map((o) => o.name)));
      return T.any;
    }
    const kind = this.c.program.decls.get(e.name)?.decl.kind;
    if (kind) this.c.r.error(e.span, M.notAValue(e.name, kind));
    else this.c.r.error(e.span, M.unknownName(e.name, suggest(e.name, this.candidates().filter((c) => c !== e.name))));
    return T.any;
  }

  /** Names a misspelt name may have meant (list names only right of `in`, where a list goes). */
  private candidates(): string[] {
    return [...this.c.values.keys(), ...(this.listExpected ? this.c.lists.keys() : []), ...[...this.c.enums.values()].flatMap((x) => x.members)];
  }
  private listExpected = false;

  /** Infers both operands, letting a bare enum member on one side take the other's enum type. */
  private pair(l: A.Expr, r: A.Expr, want?: Ty): [Ty, Ty] {
    if (this.isBare(l) && !this.isBare(r)) {
      const b = this.infer(r);
      return [this.infer(l, b), b];
    }
    const a = this.infer(l, want);
    return [a, this.infer(r, a.k === 'num' ? want : a)];
  }
  private isBare(e: A.Expr): boolean {
    return e.kind === 'name' && !this.c.values.has(e.name) && !this.c.lists.has(e.name);
  }

  /** The common type of two operands of `+`, `-`, comparison, `min`/`max`, or branches. */
  private unify(node: A.Expr, l: A.Expr, r: A.Expr, a: Ty, b: Ty, op: string): Ty {
    if (a.k === 'any' || b.k === 'any') return a.k === 'any' ? b : a;
    if (a.k === 'num' && b.k === 'num') return { k: 'num', integral: a.integral && b.integral };
    if (a.k === 'num' && isNumeric(b)) {
      this.settle(l, b);
      return b.k === 'int' && !a.integral ? T.dec(b.unit) : b;
    }
    if (b.k === 'num' && isNumeric(a)) {
      this.settle(r, a);
      return a.k === 'int' && !b.integral ? T.dec(a.unit) : a;
    }
    if (isNumeric(a) && isNumeric(b)) {
      if (a.k === 'money' || b.k === 'money') {
        if (a.k === b.k) return a;
        this.unitError(node.span, op, a, b);
        return T.any;
      }
      // A unitless count (e.g. a quotient of households) may join a value with a unit.
      const unit = unitOf(a) ?? unitOf(b);
      if (unitOf(a) && unitOf(b) && unitOf(a) !== unitOf(b)) {
        this.unitError(node.span, op, a, b);
        return T.any;
      }
      return a.k === 'dec' || b.k === 'dec' ? T.dec(unit) : T.int(unit);
    }
    if (sameType(a, b)) return a;
    if (a.k === 'list' && b.k === 'list' && (a.of.k === 'any' || b.of.k === 'any')) return a.of.k === 'any' ? b : a;
    this.mismatch(r.span, a, b);
    return T.any;
  }

  private binary(e: A.Expr & { kind: 'binary' }, want?: Ty): Ty {
    const { op, left, right } = e;
    if (op === 'and' || op === 'or') {
      this.expect(left, T.bool);
      this.expect(right, T.bool);
      return T.bool;
    }
    if (op === '=' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=') {
      const [a, b] = this.pair(left, right);
      const t = this.unify(e, left, right, a, b, 'compare');
      if ((op !== '=' && op !== '!=') && (t.k === 'bool' || t.k === 'text' || t.k === 'list')) this.c.r.error(e.span, M.operandType(op, showType(t)));
      if (t.k === 'num') {
        this.settle(left, T.dec());
        this.settle(right, T.dec());
      }
      return T.bool;
    }
    const numWant = want && isNumeric(want) ? want : undefined;
    const a = this.infer(left, op === '+' || op === '-' ? numWant : undefined);
    const b = this.infer(right, op === '+' || op === '-' ? numWant : undefined);
    for (const [t, x] of [[a, left], [b, right]] as const) {
      if (!isNumeric(t) && t.k !== 'any') {
        this.c.r.error(x.span, M.operandType(op, showType(t)));
        return T.any;
      }
    }
    if (a.k === 'any' || b.k === 'any') return T.any;
    if (op === '/' && isZeroLiteral(right)) this.c.r.error(right.span, M.divideByZeroLiteral());
    if (op === '+' || op === '-') return this.unify(e, left, right, a, b, op === '+' ? 'add' : 'subtract');
    if (a.k === 'num' && b.k === 'num') return { k: 'num', integral: op === '*' && a.integral && b.integral };
    if (op === '*') return this.multiply(e, left, right, a, b);
    return this.divide(e, left, right, a, b);
  }

  private multiply(e: A.Expr, l: A.Expr, r: A.Expr, a: Ty, b: Ty): Ty {
    if (a.k === 'money' && b.k === 'money') {
      this.unitError(e.span, 'multiply', a, b);
      return T.any;
    }
    if (a.k === 'money' || b.k === 'money') {
      const [other, ox] = a.k === 'money' ? [b, r] : [a, l];
      if (unitOf(other)) {
        this.unitError(e.span, 'multiply', a, b);
        return T.any;
      }
      if (other.k === 'num') this.settle(ox, T.dec());
      return T.money;
    }
    if (a.k === 'num') this.settle(l, a.integral && b.k === 'int' ? T.int() : T.dec());
    if (b.k === 'num') this.settle(r, b.integral && a.k === 'int' ? T.int() : T.dec());
    const at = this.c.types.get(l.id)!;
    const bt = this.c.types.get(r.id)!;
    if (unitOf(at) && unitOf(bt)) {
      this.unitError(e.span, 'multiply', at, bt);
      return T.any;
    }
    const unit = unitOf(at) ?? unitOf(bt);
    return at.k === 'int' && bt.k === 'int' ? T.int(unit) : T.dec(unit);
  }

  private divide(e: A.Expr, l: A.Expr, r: A.Expr, a: Ty, b: Ty): Ty {
    if (a.k === 'money' && b.k === 'money') return T.dec();
    if (b.k === 'money') {
      this.unitError(e.span, 'divide', a, b);
      return T.any;
    }
    if (a.k === 'money') {
      if (unitOf(b)) {
        this.unitError(e.span, 'divide', a, b);
        return T.any;
      }
      if (b.k === 'num') this.settle(r, T.dec());
      return T.money;
    }
    if (a.k === 'num') this.settle(l, b.k === 'num' ? T.dec() : ({ ...b, k: 'dec' } as Ty));
    // `households / 500` counts blocks of 500 households: a bare divisor takes the dividend's unit.
    if (b.k === 'num') this.settle(r, T.dec(unitOf(a)));
    const ua = unitOf(this.c.types.get(l.id)!);
    const ub = unitOf(this.c.types.get(r.id)!);
    if (ub && ua !== ub) {
      this.unitError(e.span, 'divide', this.c.types.get(l.id)!, this.c.types.get(r.id)!);
      return T.any;
    }
    return T.dec(ub ? undefined : ua);
  }

  private membership(e: A.Expr & { kind: 'in' }): Ty {
    const right = e.right;
    if (right.kind === 'name' && this.c.lists.has(right.name)) {
      this.c.refs.set(right.id, { k: 'list', name: right.name });
      this.set(right, T.list(T.text));
      const t = this.infer(e.left);
      if (t.k !== 'text' && t.k !== 'enum' && t.k !== 'any') this.mismatch(e.left.span, T.text, t);
      return T.bool;
    }
    if (right.kind === 'list') {
      const t = this.infer(e.left);
      for (const item of right.items) this.expect(item, t.k === 'num' ? T.dec() : t);
      this.set(right, T.list(t));
      return T.bool;
    }
    this.listExpected = right.kind === 'name';
    const lt = this.infer(right);
    this.listExpected = false;
    if (lt.k !== 'list' && lt.k !== 'any') this.mismatch(right.span, T.list(T.any), lt);
    // The left side is checked even when the right is wrong (a typo there is a second error).
    if (lt.k === 'list') this.expect(e.left, lt.of);
    else this.infer(e.left);
    return T.bool;
  }

  private call(e: A.Expr & { kind: 'call' }, want?: Ty): Ty {
    const fn = lookupBuiltin(e.fn.text);
    if (!fn) {
      this.c.r.error(e.fn.span, M.unknownFunction(e.fn.text, allBuiltinNames.filter((n) => /^[a-z]/.test(n))));
      for (const a of e.args) this.infer(a);
      return T.any;
    }
    this.c.calls.set(e.id, fn);
    const args = e.args;
    const arity = (min: number, max = min): boolean => {
      if (args.length >= min && args.length <= max) return true;
      this.c.r.error(e.span, M.arity(e.fn.text, min === max ? String(min) : `${min}–${max}`, args.length));
      for (const a of args) this.infer(a);
      return false;
    };
    switch (fn) {
      case 'min':
      case 'max': {
        if (!arity(1, 64)) return T.any;
        let t = this.infer(args[0]!, want);
        for (let i = 1; i < args.length; i++) {
          const u = this.infer(args[i]!, t.k === 'num' ? want : t);
          t = this.unify(e, args[i - 1]!, args[i]!, t, u, 'choose');
        }
        if (t.k !== 'any' && !isNumeric(t)) this.c.r.error(e.span, M.operandType(e.fn.text, showType(t)));
        if (t.k !== 'num') for (const a of args) this.settle(a, t);
        return t;
      }
      case 'floor':
      case 'ceil':
      case 'round':
      case 'abs': {
        if (!arity(1, fn === 'abs' ? 1 : 2)) return T.any;
        const t = this.infer(args[0]!);
        if (args[1]) {
          // `round(x, 0.01)`: money rounded to a declared step instead of the default.
          const step = args[1];
          if (t.k !== 'money' || step.kind !== 'number' || Number(step.text) <= 0) this.c.r.error(step.span, M.roundStep(e.fn.text));
          else if (decimalPlaces(step.text) > MONEY_PLACES) this.c.r.error(step.span, M.roundStepFen(e.fn.text, step.text));
          this.expect(step, T.money);
          this.literals.delete(step.id); // its digits were checked here, as a step
        }
        if (!isNumeric(t) && t.k !== 'any') {
          this.c.r.error(args[0]!.span, M.operandType(e.fn.text, showType(t)));
          return T.any;
        }
        if (fn === 'abs') return t;
        if (t.k === 'num') {
          this.settle(args[0]!, T.dec());
          return T.int();
        }
        return t.k === 'money' ? T.money : t.k === 'any' ? t : T.int(unitOf(t));
      }
      case 'length':
        if (!arity(1)) return T.any;
        this.listArg(args[0]!);
        return T.int();
      case 'sum': {
        if (!arity(1)) return T.any;
        const el = this.listArg(args[0]!);
        if (el.k !== 'any' && !isNumeric(el)) this.c.r.error(args[0]!.span, M.operandType(e.fn.text, showType(T.list(el))));
        return el;
      }
      case 'count':
      case 'contains':
      case 'all': {
        if (!arity(fn === 'count' ? 1 : 2, 2)) return T.any;
        const el = this.listArg(args[0]!);
        if (args[1]) this.expect(args[1], el);
        return fn === 'count' ? T.int() : T.bool;
      }
      case 'consecutive': {
        if (!arity(3)) return T.any;
        const el = this.listArg(args[0]!);
        this.expect(args[1]!, el);
        this.expect(args[2]!, T.int());
        return T.bool;
      }
      case 'last': {
        if (!arity(2)) return T.any;
        const t = this.infer(args[0]!);
        if (t.k !== 'list' && t.k !== 'any') this.mismatch(args[0]!.span, T.list(T.any), t);
        this.expect(args[1]!, T.int());
        return t;
      }
    }
  }

  private listArg(x: A.Expr): Ty {
    const t = this.infer(x);
    if (t.k === 'list') return t.of;
    if (t.k !== 'any') this.mismatch(x.span, T.list(T.any), t);
    return T.any;
  }
}

function stripUnit(t: Ty): Ty {
  return t.k === 'int' ? T.int() : t.k === 'dec' ? T.dec() : t;
}

/** Whether arithmetic `e` divides somewhere (what makes a whole-number expression a decimal). */
function hasDivision(e: A.Expr): boolean {
  return e.kind === 'binary' && (e.op === '/' || hasDivision(e.left) || hasDivision(e.right));
}

/** A literal 0 (`0`, `0.00`, `0%`, `-0`), as a divisor. */
function isZeroLiteral(e: A.Expr): boolean {
  if (e.kind === 'neg') return isZeroLiteral(e.operand);
  return (e.kind === 'number' || e.kind === 'percent') && Number(e.text) === 0;
}
