/**
 * @module backend/json-logic-failure
 * Failures in JSON Logic. JSON Logic has no errors, so a value with no answer (a division by
 * zero, a value outside its declared range, a table no row of which applies) is `null` there;
 * and json-logic-js reads `null` as 0 in arithmetic and as false in a condition. So that a
 * failure reaches the outputs as `null`, as the closures fail the evaluation, the lowering makes
 * each operation that reads a value that may be `null` answer `null` when it is. Which operands
 * an operation reads eagerly is what the closures do too: `and`/`or` stop at the first operand
 * that decides them, `if` and `cond` read only the branch taken.
 */
import { scaleRate } from '../runtime.ts';
import type { Core } from '../core/ir.ts';

/** Whether `e` may have no value: it divides by a value that may be 0, or fails otherwise. */
export class Failures {
  /** Computed values (in dependency order) that may have no value. */
  private readonly defs = new Set<string>();
  private readonly memo = new WeakMap<Core, boolean>();

  /** Records whether the computed value `name` (defined by `e`) may have no value. */
  define(name: string, e: Core): void {
    if (this.may(e)) this.defs.add(name);
  }

  /** Whether computed value `name` may have no value. */
  mayFail(name: string): boolean {
    return this.defs.has(name);
  }

  /** Whether `e` may have no value. */
  may(e: Core): boolean {
    const known = this.memo.get(e);
    if (known !== undefined) return known;
    const r = this.compute(e);
    this.memo.set(e, r);
    return r;
  }

  private compute(e: Core): boolean {
    switch (e.op) {
      case 'const': case 'input': case 'asOf': return false;
      case 'ref': return this.defs.has(e.name);
      case 'within': return true;
      // A table the checker proved complete always has a row that applies.
      case 'cond': return (!e.else && !e.complete) || (!!e.else && this.may(e.else)) || e.branches.some((b) => this.may(b.when) || this.may(b.then));
      case 'cmp': return this.may(e.a) || this.may(e.b);
      case 'arith':
        if (e.fn === '/' && !(e.b.op === 'const' && typeof e.b.value === 'number' && e.b.value !== 0)) return true;
        return this.may(e.a) || this.may(e.b);
      case 'money':
        if (e.fn === '/' && !(e.b.op === 'const' && typeof e.b.value === 'number' && scaleRate(e.b.value) !== 0)) return true;
        return this.may(e.a) || this.may(e.b);
      case 'if': return this.may(e.cond) || this.may(e.then) || this.may(e.else);
      case 'and': case 'or': case 'minmax': return e.args.some((a) => this.may(a));
      case 'collect': return e.items.some((i) => this.may(i.when));
      case 'list': return e.items.some((i) => this.may(i));
      case 'neg': case 'not': case 'abs': case 'round': case 'places': case 'ordinal': case 'in': return this.may(e.a);
      case 'count': return this.may(e.list) || (!!e.value && this.may(e.value));
      case 'contains': case 'all': return this.may(e.list) || this.may(e.value);
      case 'sum': return this.may(e.list);
      case 'run': return this.may(e.list) || this.may(e.value) || this.may(e.n);
      case 'last': return this.may(e.list) || this.may(e.n);
    }
  }
}

/**
 * `e` with each operand it always reads replaced by `f(operand)` (operands read only in some
 * cases — `and`'s and `or`'s, `if`'s branches, `cond` — are left alone; `or` and `cond` are
 * handled by the caller, `and` needs nothing: it answers its first operand that is false or null).
 */
export function mapEagerOperands(e: Core, f: (x: Core) => Core): Core {
  switch (e.op) {
    case 'arith': case 'money': case 'cmp': return { ...e, a: f(e.a), b: f(e.b) };
    case 'neg': case 'not': case 'abs': case 'round': case 'places': case 'ordinal': case 'in': case 'within': return { ...e, a: f(e.a) };
    case 'minmax': return { ...e, args: e.args.map(f) };
    case 'if': return { ...e, cond: f(e.cond) };
    case 'collect': return { ...e, items: e.items.map((i) => ({ ...i, when: f(i.when) })) };
    case 'list': return { ...e, items: e.items.map(f) };
    case 'count': return { ...e, list: f(e.list), ...(e.value ? { value: f(e.value) } : {}) };
    case 'contains': case 'all': return { ...e, list: f(e.list), value: f(e.value) };
    case 'sum': return { ...e, list: f(e.list) };
    case 'run': return { ...e, list: f(e.list), value: f(e.value), n: f(e.n) };
    case 'last': return { ...e, list: f(e.list), n: f(e.n) };
    default: return e;
  }
}
