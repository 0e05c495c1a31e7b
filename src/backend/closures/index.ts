/**
 * @module backend/closures
 * The production evaluator: core IR planned once into closures (no `eval`, no `new Function`,
 * so it runs on Cloudflare Workers). Names become register indexes when the plan is built
 * (see {@link Env}); leaves are read in place by their parent; conditions on registers are
 * checked inline ({@link holds}); tables become indexed lookups; money stays integer fen with
 * constant rates pre-scaled.
 *
 * Two ways to run a program: `straight(outputs)` computes each needed value once, in
 * dependency order, with references reading registers directly (the first plan to get hot runs
 * its steps through unrolled call sites, see `hot-sites.ts`); `get` computes a value on
 * demand and memoises it per evaluation (used for explanations, and when a straight-line run
 * meets a value with no applicable rule, so that only failures actually used are reported).
 */
import { defsFor, insideRange, quotientRound, type Core, type CoreProgram } from '../../core/ir.ts';
import { HOT, siteOwner } from '../../hot-sites.ts';
import { intern, roundTo, roundToPlaces } from '../../runtime.ts';
import { callOperand, constOperand, EvalFailure, fnOf, read, regOperand, REG, type Env, type Fn, type Layout, type Operand, type PlanCtx } from './env.ts';
import { planCollect, planList, planListOp } from './lists.ts';
import { planArith, planCmp, planMinMax, planMoney } from './operands.ts';
import { conjunctsOf, planBool, testFn, testOf } from './predicates.ts';
import { planChoice } from './choices.ts';
import { planCond } from './tables.ts';

export { EvalFailure, type Env, type Fn, type Tracer } from './env.ts';

export interface ClosureProgram extends Layout {
  /** Number of registers an {@link Env} for this program needs. */
  readonly size: number;
  /** A fresh evaluation state. */
  newEnv(): Env;
  /** Computes (memoised within `env.gen`) the value in register `reg`. */
  readonly get: (env: Env, reg: number) => unknown;
  /**
   * A straight-line plan for a set of outputs. Returns false if some value had no applicable
   * rule; the caller then bumps `env.gen` and reads outputs through {@link get}. On success
   * every output's register holds its value (stamps are not updated).
   */
  readonly straight: (outputs: readonly string[]) => (env: Env) => boolean;
  /**
   * The same plan run for many evaluations at once, step by step: each step runs for every
   * evaluation before the next step starts, so one closure's code and branches stay hot
   * across them. Evaluation `i` runs on the register file `files[i]` (inputs and date set);
   * `failed[i]` is set for one that failed (no applicable rule, a range), and skipped from then
   * on: run it alone for its answer.
   */
  readonly straightMany: (outputs: readonly string[]) => StraightMany;
  /**
   * Expression `e` of value `name` as a closure for a straight-line plan: references read their
   * registers, which hold the values computed before it (evaluation failures name `name`).
   */
  readonly planStep: (e: Core, name: string) => Fn;
}

/** See {@link ClosureProgram.straightMany}: runs evaluations `0..count-1`, through `env` (its `regs` are restored after). */
export type StraightMany = (env: Env, files: readonly any[][], count: number, failed: Uint8Array) => void;

/**
 * Plans a core program into closures.
 * @example const p = toClosures(core); const env = p.newEnv(); … p.get(env, p.valueRegs.get('posts_min')!)
 */
export function toClosures(program: CoreProgram, traced = false): ClosureProgram {
  const ni = program.inputs.length;
  const inputRegs = new Map(program.inputs.map((inp, i) => [inp.name, i]));
  const asOfReg = ni;
  const valueRegs = new Map(program.defs.map((d, i) => [d.name, ni + 1 + i]));
  const size = ni + 1 + program.defs.length;
  const layout: Layout = { inputRegs, valueRegs, asOfReg };
  const bodies: Fn[] = new Array(size);
  const get = (env: Env, reg: number): unknown => {
    if (env.stamp[reg] === env.gen) return env.regs[reg];
    const v = bodies[reg]!(env);
    env.regs[reg] = v;
    env.stamp[reg] = env.gen;
    return v;
  };
  program.defs.forEach((d) => {
    const planned = fnOf(operand(d.expr, planCtx({ ...layout, get, name: d.name, traced, direct: false })));
    const body = d.unsafe ? safeInteger(planned, d.name) : planned;
    bodies[valueRegs.get(d.name)!] = traced
      ? (env) => {
          env.trace?.enter(d.name);
          const v = body(env);
          env.trace?.leave(d.name, v);
          return v;
        }
      : body;
  });
  const planStep = (e: Core, name: string): Fn => fnOf(operand(e, planCtx({ ...layout, get, name, traced: false, direct: true })));
  /** The steps of a straight-line plan for `outputs`: the values they need, in dependency order. */
  const stepsFor = (outputs: readonly string[]) => {
    const defs = defsFor(program, outputs);
    // Integers that may have left the safe range are checked once all steps ran, not per operation.
    const unsafe = defs.filter((d) => d.unsafe);
    return {
      regs: defs.map((d) => valueRegs.get(d.name)!),
      steps: defs.map((d) => planStep(d.expr, d.name)),
      unsafeRegs: Int32Array.from(unsafe, (d) => valueRegs.get(d.name)!),
      unsafeNames: unsafe.map((d) => d.name),
    };
  };
  const straight = (outputs: readonly string[]) => {
    const { regs, steps, unsafeRegs, unsafeNames } = stepsFor(outputs);
    const n = steps.length;
    const checks = unsafeRegs.length > 0;
    const self = {};
    let mine = false;
    let calls = 0;
    return (env: Env): boolean => {
      const r = env.regs;
      try {
        if (mine) runSteps(r, regs, steps, env, n);
        else {
          for (let k = 0; k < n; k++) r[regs[k]!] = steps[k]!(env);
          if (++calls % HOT === 0) mine = claimSteps(self); // again every HOT calls: an owner may have gone
        }
        if (checks) checkSafe(r, unsafeRegs, unsafeNames);
      } catch (e) {
        if (e instanceof EvalFailure) return false;
        throw e;
      }
      return true;
    };
  };
  const straightMany = (outputs: readonly string[]): StraightMany => {
    const { regs, steps, unsafeRegs, unsafeNames } = stepsFor(outputs);
    const n = steps.length;
    const checks = unsafeRegs.length > 0;
    return (env, files, count, failed) => {
      // A failure past the end of `failed` would be lost, and its record read as computed.
      if (count > failed.length || count > files.length) throw new RangeError(`straightMany: ${count} evaluations for ${Math.min(failed.length, files.length)} places`);
      const own = env.regs;
      try {
        for (let k = 0; k < n; k++) {
          const step = steps[k]!;
          const reg = regs[k]!;
          for (let i = 0; i < count; i++) {
            if (failed[i]) continue;
            const r = files[i]!;
            env.regs = r;
            try {
              r[reg] = step(env);
            } catch (e) {
              if (!(e instanceof EvalFailure)) throw e;
              failed[i] = 1;
            }
          }
        }
        if (checks) {
          for (let i = 0; i < count; i++) {
            if (failed[i]) continue;
            try {
              checkSafe(files[i]!, unsafeRegs, unsafeNames);
            } catch (e) {
              if (!(e instanceof EvalFailure)) throw e;
              failed[i] = 1;
            }
          }
        }
      } finally {
        env.regs = own;
      }
    };
  };
  const newEnv = (): Env => ({ regs: new Array(size).fill(undefined), stamp: new Int32Array(size), gen: 0 });
  return { ...layout, size, newEnv, get, straight, straightMany, planStep };
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** `v`, or an evaluation failure (`E-EVAL-RANGE`) of `name` when it is past the safe integers, so no longer exact. */
function exact(v: number, name: string): number {
  if (v > MAX_SAFE || v < -MAX_SAFE) throw new EvalFailure('E-EVAL-RANGE', name, v);
  return v;
}

/** `f`, checked by {@link exact}. */
const safeInteger = (f: Fn, name: string): Fn => (env) => exact(f(env), name);

/** Checks by {@link exact} each value in `regs` (once per run, not per operation). */
function checkSafe(r: unknown[], regs: Int32Array, names: readonly string[]): void {
  for (let k = 0; k < regs.length; k++) exact(r[regs[k]!] as number, names[k]!);
}

/** A planning context whose `operand`/`plan` plan sub-expressions in that same context. */
function planCtx(fields: Omit<PlanCtx, 'operand' | 'plan'>): PlanCtx {
  const c: PlanCtx = { ...fields, operand: (x) => operand(x, c), plan: (x) => fnOf(operand(x, c)) };
  return c;
}

/** Plans `e` to an operand: leaves to registers or constants, anything else to a closure. */
function operand(e: Core, p: PlanCtx): Operand {
  switch (e.op) {
    case 'const':
      return constOperand(e.value);
    case 'input':
      return regOperand(p.inputRegs.get(e.name)!);
    case 'asOf':
      return regOperand(p.asOfReg);
    case 'ref': {
      const reg = p.valueRegs.get(e.name)!;
      if (p.direct) return regOperand(reg);
      const get = p.get;
      if (p.traced) {
        const name = e.name;
        return callOperand((env) => {
          if (env.stamp[reg] !== env.gen) return get(env, reg);
          env.trace?.reuse(name);
          return env.regs[reg];
        });
      }
      return callOperand((env) => (env.stamp[reg] === env.gen ? env.regs[reg] : get(env, reg)));
    }
    default:
      return callOperand(plan(e, p));
  }
}

/** Plans a non-leaf expression. */
function plan(e: Core, p: PlanCtx): Fn {
  switch (e.op) {
    case 'const':
    case 'input':
    case 'asOf':
    case 'ref':
      return fnOf(operand(e, p));
    case 'arith':
      return planArith(e.fn, operand(e.a, p), operand(e.b, p), p.name);
    case 'cmp':
      return planCmp(e.fn, operand(e.a, p), operand(e.b, p));
    case 'money':
      return planMoney(e, operand(e.a, p), operand(e.b, p), p.name);
    case 'minmax':
      return planMinMax(e.fn, e.args.map((x) => operand(x, p)));
    case 'neg': {
      const a = fnOf(operand(e.a, p));
      return (env) => 0 - a(env);
    }
    case 'abs': {
      const a = fnOf(operand(e.a, p));
      return (env) => Math.abs(a(env));
    }
    case 'places': {
      const a = fnOf(operand(e.a, p));
      const places = e.places;
      return (env) => roundToPlaces(a(env), places);
    }
    case 'and':
    case 'or':
    case 'not':
    case 'in':
      return planBool(e, p);
    case 'if': {
      if (p.traced && e.node !== undefined) {
        const { name } = p;
        const node = e.node;
        const t = testFn(testOf(e.cond, p));
        const a = fnOf(operand(e.then, p));
        const b = fnOf(operand(e.else, p));
        return (env) => {
          const c = t(env);
          env.trace?.took(name, node, c);
          return c ? a(env) : b(env);
        };
      }
      return planChoice(testOf(e.cond, p), operand(e.then, p), operand(e.else, p));
    }
    case 'cond':
      return planCond(e, p);
    case 'collect':
      return planCollect(e.items.map((i) => conjunctsOf(i.when, p)), e.items.map((i) => i.key), p.name, p.traced);
    case 'round':
      return planRound(e, p);
    case 'ordinal': {
      const a = operand(e.a, p);
      const index = new Map(e.order.map((m, i) => [intern(m), i]));
      return (env) => index.get(read(a, env)) ?? -1;
    }
    case 'list':
      return planList(e.items.map((x) => operand(x, p)));
    case 'count':
    case 'contains':
    case 'all':
    case 'sum':
    case 'run':
    case 'last':
      return planListOp(e, operand(e.list, p), 'value' in e && e.value ? operand(e.value, p) : undefined, 'n' in e ? operand(e.n, p) : undefined);
    case 'within': {
      const a = fnOf(operand(e.a, p));
      const { ranges } = e;
      const name = p.name;
      return (env) => {
        const v = a(env);
        for (let i = 0; i < ranges.length; i++) if (!insideRange(ranges[i]!, v)) throw new EvalFailure('E-EVAL-RANGE', name, v);
        return v;
      };
    }
  }
}

/** Rounding; `⌊(x − c) / d⌋` and `⌈x / d⌉` (staffing steps) in one closure. `+ 0` turns -0 into 0 as JSON Logic does. */
function planRound(e: Core & { op: 'round' }, p: PlanCtx): Fn {
  const { mode, step } = e;
  const q = quotientRound(e);
  if (q) {
    const { c, d } = q;
    const o = operand(q.x, p);
    if (o.k === REG) {
      const r = o.reg;
      return q.floor ? (env) => Math.floor((env.regs[r] - c) / d) + 0 : (env) => Math.ceil((env.regs[r] - c) / d) + 0;
    }
    const f = fnOf(o);
    return q.floor ? (env) => Math.floor((f(env) - c) / d) + 0 : (env) => Math.ceil((f(env) - c) / d) + 0;
  }
  const a = fnOf(operand(e.a, p));
  if (step === 1) return mode === 'floor' ? (env) => Math.floor(a(env)) + 0 : mode === 'ceil' ? (env) => Math.ceil(a(env)) + 0 : (env) => roundTo(a(env), 'half_up', 1);
  return (env) => roundTo(a(env), mode, step);
}

/** The call sites of {@link runSteps}, owned by one straight-line plan (see `hot-sites.ts`). */
const claimSteps = siteOwner();
const STEP_SITES = 32;

/**
 * Runs a plan's steps, each position through its own call site: for the plan that owns them,
 * every site calls one closure, which V8 calls directly (and may inline) instead of through a
 * generic call. Steps past {@link STEP_SITES} share one loop.
 */
function runSteps(r: unknown[], g: readonly number[], s: readonly Fn[], env: Env, n: number): void {
  if (n > 0) r[g[0]!] = s[0]!(env); else return;
  if (n > 1) r[g[1]!] = s[1]!(env); else return;
  if (n > 2) r[g[2]!] = s[2]!(env); else return;
  if (n > 3) r[g[3]!] = s[3]!(env); else return;
  if (n > 4) r[g[4]!] = s[4]!(env); else return;
  if (n > 5) r[g[5]!] = s[5]!(env); else return;
  if (n > 6) r[g[6]!] = s[6]!(env); else return;
  if (n > 7) r[g[7]!] = s[7]!(env); else return;
  if (n > 8) r[g[8]!] = s[8]!(env); else return;
  if (n > 9) r[g[9]!] = s[9]!(env); else return;
  if (n > 10) r[g[10]!] = s[10]!(env); else return;
  if (n > 11) r[g[11]!] = s[11]!(env); else return;
  if (n > 12) r[g[12]!] = s[12]!(env); else return;
  if (n > 13) r[g[13]!] = s[13]!(env); else return;
  if (n > 14) r[g[14]!] = s[14]!(env); else return;
  if (n > 15) r[g[15]!] = s[15]!(env); else return;
  if (n > 16) r[g[16]!] = s[16]!(env); else return;
  if (n > 17) r[g[17]!] = s[17]!(env); else return;
  if (n > 18) r[g[18]!] = s[18]!(env); else return;
  if (n > 19) r[g[19]!] = s[19]!(env); else return;
  if (n > 20) r[g[20]!] = s[20]!(env); else return;
  if (n > 21) r[g[21]!] = s[21]!(env); else return;
  if (n > 22) r[g[22]!] = s[22]!(env); else return;
  if (n > 23) r[g[23]!] = s[23]!(env); else return;
  if (n > 24) r[g[24]!] = s[24]!(env); else return;
  if (n > 25) r[g[25]!] = s[25]!(env); else return;
  if (n > 26) r[g[26]!] = s[26]!(env); else return;
  if (n > 27) r[g[27]!] = s[27]!(env); else return;
  if (n > 28) r[g[28]!] = s[28]!(env); else return;
  if (n > 29) r[g[29]!] = s[29]!(env); else return;
  if (n > 30) r[g[30]!] = s[30]!(env); else return;
  if (n > 31) r[g[31]!] = s[31]!(env); else return;
  for (let k = STEP_SITES; k < n; k++) r[g[k]!] = s[k]!(env);
}
