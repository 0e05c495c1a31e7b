/**
 * @module check/ranges
 * The ranges (`in low..high`, `in [a, b]`) that bind a value: its own and every one its base
 * chain declared. An override that leaves the range out still answers to the base's, and a
 * fork cannot widen it: a value must be inside all of them.
 */
import type * as A from '../ast/nodes.ts';
import type { Linked } from '../link/index.ts';
import { fenToYuan } from '../runtime.ts';
import { NotConstant, type Consts, type Value } from './consts.ts';
import type { Ctx } from './context.ts';

/** One declared range, evaluated (money in fen). */
export interface BoundRange {
  readonly low?: Value;
  readonly high?: Value;
  readonly set?: readonly Value[];
  /** Where it is declared: the declaration, its rule set. */
  readonly span: A.NodeBase['span'];
  readonly decl: A.Decl;
  readonly origin: string;
  readonly cite?: string;
}

/**
 * Every range that binds `name`, nearest first; bounds that are not constant are left out (the
 * checker reports them elsewhere).
 * @example boundRanges(ctx, consts, 'pay_grade') // [{ low: 1, high: 7, … }] for an override without `in`
 */
export function boundRanges(ctx: Ctx, consts: Consts, name: string): BoundRange[] {
  const out: BoundRange[] = [];
  const t = ctx.valueTypes.get(name);
  // Enum values compare in declared order, not as text: `in head..committee` is the members between.
  const members = t?.k === 'enum' ? ctx.enums.get(t.name)?.members : undefined;
  for (let l: Linked<A.Decl> | undefined = ctx.program.decls.get(name); l; l = l.replaced) {
    const r = l.decl.attrs.range;
    if (!r) continue;
    try {
      let low = r.low ? consts.eval(r.low) : undefined;
      let high = r.high ? consts.eval(r.high) : undefined;
      let set = r.set ? (consts.eval(r.set) as Value[]) : undefined;
      if (members && !set) {
        const from = low === undefined ? 0 : members.indexOf(low as string);
        const to = high === undefined ? members.length - 1 : members.indexOf(high as string);
        if (from < 0 || to < 0) continue; // not members: a type error, reported elsewhere
        set = members.slice(from, to + 1);
        low = high = undefined;
      }
      out.push({ ...(low !== undefined ? { low } : {}), ...(high !== undefined ? { high } : {}), ...(set ? { set } : {}), span: r.span, decl: l.decl, origin: l.origin, ...(l.decl.attrs.cite ? { cite: l.decl.attrs.cite } : {}) });
    } catch (e) {
      if (!(e instanceof NotConstant)) throw e;
    }
  }
  return out;
}

/** Whether `v` is inside range `r`. */
export const inRange = (r: BoundRange, v: Value): boolean => (r.set ? r.set.includes(v) : (r.low === undefined || v >= r.low) && (r.high === undefined || v <= r.high));

/** The tightest interval of several ranges (their sets ignored). */
export function intersection(rs: readonly BoundRange[]): { low?: Value; high?: Value } {
  let low: Value | undefined;
  let high: Value | undefined;
  for (const r of rs) {
    if (r.low !== undefined && (low === undefined || r.low > low)) low = r.low;
    if (r.high !== undefined && (high === undefined || r.high < high)) high = r.high;
  }
  return { ...(low !== undefined ? { low } : {}), ...(high !== undefined ? { high } : {}) };
}

/** A range as written in messages, money in yuan: `1..7`, `200..`, `[300, 500]`. */
export function rangeText(r: { low?: Value; high?: Value; set?: readonly Value[] }, money: boolean): string {
  const f = (v: Value | undefined) => (v === undefined ? '' : money ? String(fenToYuan(v as number)) : String(v));
  return r.set ? `[${r.set.map(f).join(', ')}]` : `${f(r.low)}..${f(r.high)}`;
}
