/**
 * @module backend/to-json-logic
 * Lowers the core IR to JSON Logic using standard operations only, so any json-logic-js
 * compatible engine can run it. A program is a list of named steps evaluated in order, each
 * result stored into the data object under its name (so shared values are computed once),
 * then one expression per output. See `docs/json-logic.md` for the format.
 *
 * Exactness: money is integer fen. Floors, exact integer division and half-up rounding are
 * written with `%`, which is exact for integers and for `x % 1`; money × or ÷ a rate never forms
 * the product of fen and the rate's numerator, which can pass 2^53 (see `mulDiv`). List
 * functions use `reduce`, passing any non-constant operand through the accumulator.
 */
import type { Const, Core, CoreProgram, Shape } from '../core/ir.ts';
import { EXACT_SCALED, RATE_SCALE, scaleRate } from '../runtime.ts';
import { Failures, mapEagerOperands } from './json-logic-failure.ts';

export type JsonLogic = null | boolean | number | string | JsonLogic[] | JsonLogicOp;
export interface JsonLogicOp {
  [op: string]: JsonLogic;
}

export interface JsonLogicStep {
  readonly name: string;
  readonly logic: JsonLogic;
}

export interface JsonLogicProgram {
  readonly format: 'shegong-rules/json-logic@1';
  readonly ruleset: string;
  /** Data key holding the evaluation date (YYYY-MM-DD). */
  readonly asOfVar: string;
  /** Evaluate in order; store each result in the data object under `name`. */
  readonly steps: readonly JsonLogicStep[];
  /** Output name → expression over the data object (money converted back to yuan). */
  readonly outputs: Readonly<Record<string, JsonLogic>>;
}

export const AS_OF_VAR = '$as_of';

/**
 * @example toJsonLogic(core).steps[0] // { name: 'posts_min', logic: { if: [...] } }
 */
export function toJsonLogic(program: CoreProgram, outputs: readonly string[] = program.outputs): JsonLogicProgram {
  const l = new Lower(program);
  for (const inp of program.inputs) if (inp.shape.k !== 'plain') l.steps.push({ name: fenName(inp.name), logic: toFen({ var: inp.name }, inp.shape) });
  for (const d of program.defs) {
    // An integer no declared range keeps within the safe integers has no exact value past them: null.
    const e: Core = d.unsafe ? { op: 'within', a: d.expr, ranges: [{ low: -Number.MAX_SAFE_INTEGER, high: Number.MAX_SAFE_INTEGER }] } : d.expr;
    l.steps.push({ name: d.name, logic: l.expr(e) });
    l.failures.define(d.name, e);
  }
  const out: Record<string, JsonLogic> = {};
  for (const name of outputs) {
    const d = program.defs.find((x) => x.name === name)!;
    const yuan = toYuan({ var: name }, d.shape);
    // A value with no answer stays null (dividing null by 100 would give 0).
    out[name] = yuan !== null && typeof yuan === 'object' && !('var' in yuan) && l.failures.mayFail(name) ? { if: [{ '===': [{ var: name }, null] }, null, yuan] } : yuan;
  }
  return { format: 'shegong-rules/json-logic@1', ruleset: program.id, asOfVar: AS_OF_VAR, steps: l.steps, outputs: out };
}

const fenName = (input: string) => `${input}$fen`;

function toFen(x: JsonLogic, shape: Shape): JsonLogic {
  if (shape.k === 'money') return nearestInteger({ '*': [x, 100] });
  if (shape.k === 'list') return { map: [x, toFen({ var: '' }, shape.of)] };
  return x;
}
/** ⌊y + 0.5⌋ (as `Math.round`) for yuan × 100, whose float noise is far below half a fen. */
function nearestInteger(x: JsonLogic): JsonLogic {
  const y = { '+': [x, 0.5] };
  const frac = { '%': [y, 1] };
  return { '-': [{ '-': [y, frac] }, { if: [{ '<': [frac, 0] }, 1, 0] }] };
}
function toYuan(x: JsonLogic, shape: Shape): JsonLogic {
  if (shape.k === 'money') return { '/': [x, 100] };
  if (shape.k === 'list' && shape.of.k !== 'plain') return { map: [x, toYuan({ var: '' }, shape.of)] };
  return x;
}

const v = (name: string): JsonLogic => ({ var: name });
const ACC = (i?: number) => v(i === undefined ? 'accumulator' : `accumulator.${i}`);
const CUR = v('current');

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return Math.abs(a);
}

class Lower {
  readonly steps: JsonLogicStep[] = [];
  /** Which values may have no answer (and so be `null`). */
  readonly failures = new Failures();
  private temp = 0;
  private readonly moneyInputs: Set<string>;
  constructor(program: CoreProgram) {
    this.moneyInputs = new Set(program.inputs.filter((i) => i.shape.k !== 'plain').map((i) => i.name));
  }

  /** Names `x` as a step unless it is already a variable or literal, so it can be reused. */
  private share(x: JsonLogic): JsonLogic {
    if (x === null || typeof x !== 'object' || Array.isArray(x) || 'var' in x) return x;
    const name = `$t${++this.temp}`;
    this.steps.push({ name, logic: x });
    return v(name);
  }

  /** ⌊x⌋ for any number. */
  private floor(x: JsonLogic): JsonLogic {
    const t = this.share(x);
    const frac = { '%': [t, 1] };
    return { '-': [{ '-': [t, frac] }, { if: [{ '<': [frac, 0] }, 1, 0] }] };
  }
  /** ⌊n / d⌋ for integers, d > 0. */
  private floorDiv(n: JsonLogic, d: JsonLogic): JsonLogic {
    const t = this.share(n);
    const rem = { '%': [t, d] };
    return { '-': [{ '/': [{ '-': [t, rem] }, d] }, { if: [{ '<': [rem, 0] }, 1, 0] }] };
  }
  /** n / d for integers, d > 0, rounded by `mode` (half-up: half away from zero). */
  private divRound(n: JsonLogic, d: JsonLogic, mode: 'floor' | 'ceil' | 'half_up' = 'half_up'): JsonLogic {
    if (mode === 'floor') return this.floorDiv(n, d);
    if (mode === 'ceil') return { '-': [0, this.floorDiv({ '-': [0, n] }, d)] };
    const t = this.share(n);
    const q = (x: JsonLogic) => this.floorDiv({ '+': [{ '*': [2, x] }, d] }, typeof d === 'number' ? 2 * d : { '*': [2, d] });
    return { if: [{ '<': [t, 0] }, { '-': [0, q({ '-': [0, t] })] }, q(t)] };
  }

  /**
   * `e` in JSON Logic; `null` when an operand it reads has no value (see
   * `json-logic-failure.ts`): such operands are computed first, as steps, and tested.
   */
  expr(e: Core): JsonLogic {
    if (e.op === 'cond') return this.cond(e);
    if (e.op === 'or' && e.args.some((a, i) => i < e.args.length - 1 && this.failures.may(a))) return this.or(e.args);
    const tests: JsonLogic[] = [];
    let never = false;
    const tested = mapEagerOperands(e, (x) => {
      if (!this.failures.may(x)) return x;
      const t = this.share(this.expr(x));
      // An operand known to have no value (a division by a zero constant).
      if (t === null) never = true;
      if (t === null || typeof t !== 'object' || Array.isArray(t) || !('var' in t)) return { op: 'const', value: t as Const };
      tests.push({ '===': [t, null] });
      return { op: 'ref', name: (t as { var: string }).var };
    });
    if (never) return null;
    if (tests.length === 0) return this.node(e);
    return { if: [tests.length === 1 ? tests[0]! : { or: tests }, null, this.node(tested)] };
  }

  /**
   * `or` whose operands before the last may have no value: each is tested only when reached,
   * as the closures stop at the first true one (`true or 1 / 0 > 1` is true, not null).
   */
  private or(args: readonly Core[]): JsonLogic {
    let acc = this.expr(args[args.length - 1]!);
    for (let i = args.length - 2; i >= 0; i--) {
      const a = args[i]!;
      if (!this.failures.may(a)) {
        acc = { or: [this.expr(a), acc] };
        continue;
      }
      const t = this.share(this.expr(a));
      acc = { if: [{ '===': [t, null] }, null, t, true, acc] };
    }
    return acc;
  }

  /** A decision: the first branch whose test holds; a test with no value gives none. */
  private cond(e: Core & { op: 'cond' }): JsonLogic {
    if (!e.branches.some((b) => this.failures.may(b.when))) {
      const args: JsonLogic[] = [];
      for (const b of e.branches) args.push(this.expr(b.when), this.expr(b.then));
      args.push(e.else ? this.expr(e.else) : null);
      return { if: args };
    }
    let acc: JsonLogic = e.else ? this.expr(e.else) : null;
    for (let i = e.branches.length - 1; i >= 0; i--) {
      const b = e.branches[i]!;
      if (!this.failures.may(b.when)) {
        acc = { if: [this.expr(b.when), this.expr(b.then), acc] };
        continue;
      }
      const w = this.share(this.expr(b.when));
      acc = { if: [{ '===': [w, null] }, null, w, this.expr(b.then), acc] };
    }
    return acc;
  }

  private node(e: Core): JsonLogic {
    switch (e.op) {
      case 'const':
        return this.constant(e.value);
      case 'input':
        return v(this.moneyInputs.has(e.name) ? fenName(e.name) : e.name);
      case 'ref':
        return v(e.name);
      case 'asOf':
        return v(AS_OF_VAR);
      case 'arith': {
        if (e.fn !== '/') return { [e.fn]: [this.expr(e.a), this.expr(e.b)] };
        // Dividing by zero gives no value (null), as the closures fail the evaluation.
        const a = this.expr(e.a);
        const b = this.share(this.expr(e.b));
        if (typeof b === 'number') return b === 0 ? null : { '/': [a, b] };
        return { if: [{ '===': [b, 0] }, null, { '/': [a, b] }] };
      }
      case 'money':
        return this.money(e);
      case 'neg':
        return { '-': [0, this.expr(e.a)] };
      case 'not':
        return { '!': [this.expr(e.a)] };
      case 'abs':
        return this.abs(this.share(this.expr(e.a)));
      case 'places': {
        // ⌊x · 10^p + 0.5⌋ / 10^p while |x · 10^p| < 2^50, else x, as runtime.ts roundToPlaces computes it.
        const scale = 10 ** e.places;
        const x = this.share(this.expr(e.a));
        const scaled = this.share({ '*': [x, scale] });
        const near: JsonLogic = { and: [{ '<': [scaled, EXACT_SCALED] }, { '>': [scaled, -EXACT_SCALED] }] };
        return { if: [near, { '/': [this.floor({ '+': [scaled, 0.5] }), scale] }, x] };
      }
      case 'cmp': {
        const op = e.fn === '==' ? '===' : e.fn === '!=' ? '!==' : e.fn;
        return { [op]: [this.expr(e.a), this.expr(e.b)] };
      }
      case 'and':
      case 'or':
        return { [e.op]: e.args.map((a) => this.expr(a)) };
      case 'if':
        return { if: [this.expr(e.cond), this.expr(e.then), this.expr(e.else)] };
      case 'cond':
        return this.cond(e);
      case 'within': {
        // Outside a declared range there is no value: null, like a table no row of which applies.
        const t = this.share(this.expr(e.a));
        const tests: JsonLogic[] = e.ranges.flatMap((r): JsonLogic[] =>
          r.set ? [{ in: [t, this.constant(r.set as Const)] }] : [...(r.low !== undefined ? [{ '>=': [t, this.constant(r.low)] }] : []), ...(r.high !== undefined ? [{ '<=': [t, this.constant(r.high)] }] : [])],
        );
        return { if: [{ and: tests }, t, null] };
      }
      case 'collect':
        return { merge: e.items.map((i) => ({ if: [this.expr(i.when), [this.constant(i.key)], []] })) };
      case 'minmax':
        return { [e.fn]: e.args.map((a) => this.expr(a)) };
      case 'round':
        return this.round(e.mode, e.step, this.expr(e.a));
      case 'in':
        return { in: [this.expr(e.a), this.constant(e.set as Const)] };
      case 'ordinal': {
        const t = this.share(this.expr(e.a));
        const args: JsonLogic[] = [];
        e.order.forEach((m, i) => args.push({ '===': [t, m] }, i));
        args.push(-1);
        return { if: args };
      }
      case 'list':
        return e.items.map((i) => this.expr(i));
      case 'count':
        if (!e.value) return { reduce: [this.expr(e.list), { '+': [ACC(), 1] }, 0] };
        return this.countWhere(e.list, e.value, '===');
      case 'contains':
        return { in: [this.expr(e.value), this.expr(e.list)] };
      case 'all':
        return { '===': [this.countWhere(e.list, e.value, '!=='), 0] };
      case 'sum':
        return { reduce: [this.expr(e.list), { '+': [ACC(), CUR] }, 0] };
      case 'run':
        return this.run(e);
      case 'last':
        return this.last(e);
    }
  }

  /** Literal arrays must not be read as operations: wrap non-empty ones. */
  private constant(c: Const): JsonLogic {
    if (Array.isArray(c)) return (c as Const[]).map((x) => this.constant(x));
    return c as JsonLogic;
  }

  /** Money × or ÷ a decimal: `fen × n / d` (the decimal over 10^6), rounded by mode to the step. */
  private money(e: Core & { op: 'money' }): JsonLogic {
    const a = this.share(this.expr(e.a));
    const mode = e.mode ?? 'half_up';
    const step = e.step ?? 1;
    // The amount's magnitude and sign (known now for a constant amount, such as a param).
    const u = typeof a === 'number' ? Math.abs(a) : this.share(this.abs(a));
    const negative = (x: JsonLogic, op: '<' | '>'): JsonLogic => (typeof x === 'number' ? (op === '<' ? x < 0 : x > 0) : { [op]: [x, 0] });
    if (e.b.op === 'const' && typeof e.b.value === 'number') {
      const s = scaleRate(e.b.value);
      if (e.fn === '/' && s === 0) return null;
      const [num, den] = e.fn === '*' ? [s, RATE_SCALE] : [RATE_SCALE, s];
      const g = gcd(num, den);
      const [n, d] = den / g < 0 ? [-num / g, -den / g] : [num / g, den / g];
      // A whole-number rate: the product is exact, and whole fen already unless a step rounds it.
      if (d === 1) {
        const product = n === 1 ? a : { '*': [a, n] };
        return step === 1 ? product : this.round(mode, step, product);
      }
      // The result is negative when the amount is (or, for a negative rate, when it is positive).
      return this.mulDiv(u, negative(a, n < 0 ? '>' : '<'), Math.abs(n), d, step, mode);
    }
    const scaled = this.share(this.floor({ '+': [{ '*': [this.expr(e.b), RATE_SCALE] }, 0.5] }));
    const rate = this.share(this.abs(scaled));
    const negRate: JsonLogic = { '<': [scaled, 0] };
    const neg: JsonLogic = typeof a === 'number' ? (a < 0 ? { '!': [negRate] } : negRate) : { '!==': [negative(a, '<'), negRate] };
    if (e.fn === '*') return this.mulDiv(u, neg, rate, RATE_SCALE, step, mode);
    // A rate that is 0 at 6 decimal places divides by zero: no value, as in the closures.
    return { if: [{ '===': [rate, 0] }, null, this.mulDiv(u, neg, RATE_SCALE, rate, step, mode)] };
  }

  /** |x|, for `x` a variable or literal (it appears three times). */
  private abs(x: JsonLogic): JsonLogic {
    return { if: [{ '<': [x, 0] }, { '-': [0, x] }, x] };
  }

  /**
   * `u × n / d`, rounded by `mode` to a multiple of `step`, negated when `neg`, for integers
   * u, n ≥ 0 and d > 0, with no intermediate much larger than the result: u = a·d + b
   * (0 ≤ b < d) makes u·n / d = a·n + b·n / d, where b·n < d·n; then the quotient k and the
   * remainder R of that over the step say how to round. Exact while d·n < 2^53, d·step < 2^52
   * and the rounded amount is below 2^53 fen — for a rate given or computed at run time, while
   * it is below 9007 in absolute value.
   */
  private mulDiv(u: JsonLogic, neg: JsonLogic, n: JsonLogic, d: JsonLogic, step: number, mode: 'floor' | 'ceil' | 'half_up'): JsonLogic {
    const b = this.share({ '%': [u, d] });
    const bn = this.share({ '*': [b, n] });
    const r = this.share({ '%': [bn, d] });
    const quotient: JsonLogic = { '+': [{ '*': [{ '/': [{ '-': [u, b] }, d] }, n] }, { '/': [{ '-': [bn, r] }, d] }] }; // ⌊u·n / d⌋
    let k: JsonLogic;
    let rest: JsonLogic; // the remainder over d·step, 0 ≤ rest < d·step
    let whole: JsonLogic; // d·step
    if (step === 1) {
      k = this.share(quotient);
      rest = r;
      whole = d;
    } else {
      const q = this.share(quotient);
      const j = this.share({ '%': [q, step] });
      k = this.share({ '/': [{ '-': [q, j] }, step] });
      rest = this.share({ '+': [{ '*': [j, d] }, r] });
      whole = typeof d === 'number' ? d * step : { '*': [d, step] };
    }
    const times = (x: JsonLogic) => (step === 1 ? x : { '*': [x, step] });
    const up = { '+': [k, 1] };
    const signed = (magnitude: JsonLogic, negative: JsonLogic): JsonLogic => ({ if: [neg, { '-': [0, times(negative)] }, times(magnitude)] });
    if (mode === 'half_up') {
      const m = this.share({ if: [{ '>=': [{ '*': [rest, 2] }, whole] }, up, k] });
      return signed(m, m);
    }
    const inexact = { '>': [rest, 0] };
    // Toward zero for the magnitude, or away from it when anything remains.
    const away = { if: [inexact, up, k] };
    return mode === 'floor' ? signed(k, away) : signed(away, k);
  }

  private round(mode: 'floor' | 'ceil' | 'half_up', step: number, x: JsonLogic): JsonLogic {
    if (step === 1) {
      if (mode === 'floor') return this.floor(x);
      if (mode === 'ceil') return { '-': [0, this.floor({ '-': [0, x] })] };
      const t = this.share(x);
      return { if: [{ '<': [t, 0] }, { '-': [0, this.floor({ '+': [{ '-': [0, t] }, 0.5] })] }, this.floor({ '+': [t, 0.5] })] };
    }
    if (mode === 'floor') return { '*': [this.floorDiv(x, step), step] };
    if (mode === 'ceil') return { '*': [{ '-': [0, this.floorDiv({ '-': [0, x] }, step)] }, step] };
    return { '*': [this.divRound(x, step), step] };
  }

  /** Number of list items `op` (=== or !==) to a value; non-constant values ride in the accumulator. */
  private countWhere(list: Core, value: Core, op: '===' | '!=='): JsonLogic {
    const l = this.expr(list);
    if (value.op === 'const') return { reduce: [l, { '+': [ACC(), { if: [{ [op]: [CUR, this.constant(value.value)] }, 1, 0] }] }, 0] };
    const r = this.share({ reduce: [l, [{ '+': [ACC(0), { if: [{ [op]: [CUR, ACC(1)] }, 1, 0] }] }, ACC(1)], [0, this.expr(value)]] });
    return v(`${(r as { var: string }).var}.0`);
  }

  /** `consecutive(list, value, n)`: the accumulator holds the current run, or -1 once reached. */
  private run(e: Core & { op: 'run' }): JsonLogic {
    const l = this.expr(e.list);
    if (e.value.op === 'const' && e.n.op === 'const') {
      const n = e.n.value as number;
      if (n <= 0) return true;
      const val = this.constant(e.value.value);
      const step: JsonLogic = { if: [{ '<': [ACC(), 0] }, -1, { '===': [CUR, val] }, { if: [{ '>=': [{ '+': [ACC(), 1] }, n] }, -1, { '+': [ACC(), 1] }] }, 0] };
      const reduced: JsonLogic = { reduce: [l, step, 0] };
      return { '<': [reduced, 0] };
    }
    const next: JsonLogic = { if: [{ '<': [ACC(0), 0] }, -1, { '===': [CUR, ACC(1)] }, { if: [{ '>=': [{ '+': [ACC(0), 1] }, ACC(2)] }, -1, { '+': [ACC(0), 1] }] }, 0] };
    const n = this.share(this.expr(e.n));
    const r = this.share({ reduce: [l, [next, ACC(1), ACC(2)], [0, this.expr(e.value), n]] });
    return { or: [{ '<=': [n, 0] }, { '<': [v(`${(r as { var: string }).var}.0`), 0] }] };
  }

  /** `last(list, n)`: keep items whose index ≥ length − n; the accumulator carries [index, from, kept]. */
  private last(e: Core & { op: 'last' }): JsonLogic {
    const l = this.share(this.expr(e.list));
    const from = this.share({ '-': [{ reduce: [l, { '+': [ACC(), 1] }, 0] }, this.expr(e.n)] });
    const step: JsonLogic = [{ '+': [ACC(0), 1] }, ACC(1), { if: [{ '>=': [ACC(0), ACC(1)] }, { merge: [ACC(2), [CUR]] }, ACC(2)] }];
    const r = this.share({ reduce: [l, step, [0, from, []]] });
    return v(`${(r as { var: string }).var}.2`);
  }
}
