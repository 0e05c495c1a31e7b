/**
 * @module backend/to-closure
 * The production evaluator: core IR planned once into nested closures (no `eval`, no
 * `new Function`, so it runs on Cloudflare Workers). Names become slot indexes when the plan
 * is built; computed values are evaluated on demand and memoised per evaluation; money stays
 * integer fen; constant multipliers are pre-scaled; enum orders and sets become lookups.
 */
import { walk, type Const, type Core, type CoreProgram } from '../core/ir.ts';
import { countOf, divRound, divRoundHalfUp, hasRun, mulMoney, divMoney, RATE_SCALE, roundTo, scaleRate } from '../runtime.ts';

/** Evaluation state: normalised inputs by slot, memoised computed values, the date. */
export interface Env {
  inputs: unknown[];
  values: unknown[];
  /** `stamp[i] === gen` when `values[i]` is current. */
  stamp: Int32Array;
  gen: number;
  asOf: string;
  /** Observer for explanations (absent on the fast path). */
  trace?: Tracer;
}

/** Receives the branch/row each `cond` chose and the clause keys each `collect` fired. */
export interface Tracer {
  enter(name: string): void;
  leave(name: string, value: unknown): void;
  branch(name: string, index: number): void;
  /** A value already computed in this evaluation was read again. */
  reuse(name: string): void;
}

type Fn = (env: Env) => any;

/** A domain evaluation failure (e.g. no table row matched): reported, never a crash. */
export class EvalFailure extends Error {
  readonly code: string;
  readonly target: string;
  constructor(code: string, target: string) {
    super(`${code}: ${target}`);
    this.code = code;
    this.target = target;
  }
}

export interface ClosureProgram {
  readonly inputSlots: ReadonlyMap<string, number>;
  readonly valueSlots: ReadonlyMap<string, number>;
  /** Evaluates computed value `slot` (memoised within `env.gen`). */
  readonly get: (env: Env, slot: number) => unknown;
  readonly size: number;
  /**
   * A straight-line plan for a set of outputs: each needed value computed once, in dependency
   * order, into `env.values` (references read their slot directly, no memo check). Returns false
   * if some value had no applicable rule, in which case the caller uses the lazy `get`, which
   * only fails when a failing value is actually used.
   */
  readonly straight: (outputs: readonly string[]) => (env: Env) => boolean;
}

/**
 * Plans a core program into closures.
 * @example const p = toClosures(core); p.get(env, p.valueSlots.get('posts_min')!)
 */
export function toClosures(program: CoreProgram, traced = false): ClosureProgram {
  const inputSlots = new Map(program.inputs.map((inp, i) => [inp.name, i]));
  const valueSlots = new Map(program.defs.map((d, i) => [d.name, i]));
  const bodies: Fn[] = new Array(program.defs.length);
  const get = (env: Env, slot: number): unknown => {
    if (env.stamp[slot] === env.gen) return env.values[slot];
    const v = bodies[slot]!(env);
    env.values[slot] = v;
    env.stamp[slot] = env.gen;
    return v;
  };
  program.defs.forEach((d, i) => {
    const body = plan(d.expr, { inputSlots, valueSlots, get, name: d.name, traced });
    bodies[i] = traced
      ? (env) => {
          env.trace?.enter(d.name);
          const v = body(env);
          env.trace?.leave(d.name, v);
          return v;
        }
      : body;
  });
  const straight = (outputs: readonly string[]) => {
    const needed = new Set<string>();
    const byName = new Map(program.defs.map((d) => [d.name, d]));
    const visit = (n: string) => {
      if (needed.has(n)) return;
      needed.add(n);
      for (const r of byName.get(n)!.refs) visit(r);
    };
    for (const o of outputs) visit(o);
    const slots: number[] = [];
    const direct: Fn[] = [];
    program.defs.forEach((d, i) => {
      if (!needed.has(d.name)) return;
      slots.push(i);
      direct.push(plan(d.expr, { inputSlots, valueSlots, get, name: d.name, traced: false, direct: true }));
    });
    const n = slots.length;
    return (env: Env): boolean => {
      const values = env.values;
      const stamp = env.stamp;
      const gen = env.gen;
      try {
        for (let k = 0; k < n; k++) {
          const slot = slots[k]!;
          values[slot] = direct[k]!(env);
          stamp[slot] = gen;
        }
      } catch (e) {
        if (e instanceof EvalFailure) return false;
        throw e;
      }
      return true;
    };
  };
  return { inputSlots, valueSlots, get, size: program.defs.length, straight };
}

interface PlanCtx {
  inputSlots: Map<string, number>;
  valueSlots: Map<string, number>;
  get: (env: Env, slot: number) => unknown;
  name: string;
  traced: boolean;
  /** References read their slot directly: values are computed beforehand in dependency order. */
  direct?: boolean;
}

const constOf = (e: Core): Const | undefined => (e.op === 'const' ? e.value : undefined);

function plan(e: Core, p: PlanCtx): Fn {
  switch (e.op) {
    case 'const': {
      const v = e.value;
      return () => v;
    }
    case 'input': {
      const slot = p.inputSlots.get(e.name)!;
      return (env) => env.inputs[slot];
    }
    case 'ref': {
      const slot = p.valueSlots.get(e.name)!;
      const get = p.get;
      if (p.traced) {
        const name = e.name;
        return (env) => {
          if (env.stamp[slot] !== env.gen) return get(env, slot);
          env.trace?.reuse(name);
          return env.values[slot];
        };
      }
      if (p.direct) return (env) => env.values[slot];
      return (env) => (env.stamp[slot] === env.gen ? env.values[slot] : get(env, slot));
    }
    case 'asOf':
      return (env) => env.asOf;
    case 'arith': {
      const a = plan(e.a, p);
      const b = plan(e.b, p);
      const bc = constOf(e.b);
      const ac = constOf(e.a);
      // Superinstructions: an input slot with a constant, and a constant on the left.
      if (e.a.op === 'input' && typeof bc === 'number') {
        const slot = p.inputSlots.get(e.a.name)!;
        switch (e.fn) {
          case '+': return (env) => (env.inputs[slot] as number) + bc;
          case '-': return (env) => (env.inputs[slot] as number) - bc;
          case '*': return (env) => (env.inputs[slot] as number) * bc;
          case '/': return (env) => (env.inputs[slot] as number) / bc;
        }
      }
      if (typeof ac === 'number') {
        switch (e.fn) {
          case '+': return (env) => ac + b(env);
          case '-': return (env) => ac - b(env);
          case '*': return (env) => ac * b(env);
          case '/': return (env) => ac / b(env);
        }
      }
      if (typeof bc === 'number') {
        switch (e.fn) {
          case '+': return (env) => a(env) + bc;
          case '-': return (env) => a(env) - bc;
          case '*': return (env) => a(env) * bc;
          case '/': return (env) => a(env) / bc;
        }
      }
      switch (e.fn) {
        case '+': return (env) => a(env) + b(env);
        case '-': return (env) => a(env) - b(env);
        case '*': return (env) => a(env) * b(env);
        case '/': return (env) => a(env) / b(env);
      }
    }
    // falls through (unreachable)
    case 'money': {
      const a = plan(e.a, p);
      const bc = constOf(e.b);
      const mode = e.mode ?? 'half_up';
      const step = e.step ?? 1;
      if (typeof bc === 'number') {
        const scaled = scaleRate(bc);
        if (mode === 'half_up' && step === 1) {
          return e.fn === '*' ? (env) => divRoundHalfUp(a(env) * scaled, RATE_SCALE) : (env) => divRoundHalfUp(a(env) * RATE_SCALE, scaled);
        }
        return e.fn === '*'
          ? (env) => divRound(a(env) * scaled, RATE_SCALE * step, mode) * step
          : (env) => divRound(a(env) * RATE_SCALE, scaled * step, mode) * step;
      }
      const b = plan(e.b, p);
      return e.fn === '*' ? (env) => mulMoney(a(env), b(env), mode, step) : (env) => divMoney(a(env), b(env), mode, step);
    }
    case 'neg': {
      const a = plan(e.a, p);
      return (env) => 0 - a(env);
    }
    case 'not': {
      if (e.a.op === 'input') {
        const slot = p.inputSlots.get(e.a.name)!;
        return (env) => !env.inputs[slot];
      }
      const a = plan(e.a, p);
      return (env) => !a(env);
    }
    case 'abs': {
      const a = plan(e.a, p);
      return (env) => Math.abs(a(env));
    }
    case 'cmp': {
      const a = plan(e.a, p);
      const bc = constOf(e.b);
      // Superinstruction: input slot compared with a constant, without a nested closure call.
      if (e.a.op === 'input' && bc !== undefined && typeof bc !== 'object') {
        const slot = p.inputSlots.get(e.a.name)!;
        switch (e.fn) {
          case '==': return (env) => env.inputs[slot] === bc;
          case '!=': return (env) => env.inputs[slot] !== bc;
          case '<': return (env) => (env.inputs[slot] as number) < (bc as number);
          case '<=': return (env) => (env.inputs[slot] as number) <= (bc as number);
          case '>': return (env) => (env.inputs[slot] as number) > (bc as number);
          case '>=': return (env) => (env.inputs[slot] as number) >= (bc as number);
        }
      }
      if (bc !== undefined && typeof bc !== 'object') {
        switch (e.fn) {
          case '==': return (env) => a(env) === bc;
          case '!=': return (env) => a(env) !== bc;
          case '<': return (env) => a(env) < bc;
          case '<=': return (env) => a(env) <= bc;
          case '>': return (env) => a(env) > bc;
          case '>=': return (env) => a(env) >= bc;
        }
      }
      const b = plan(e.b, p);
      switch (e.fn) {
        case '==': return (env) => a(env) === b(env);
        case '!=': return (env) => a(env) !== b(env);
        case '<': return (env) => a(env) < b(env);
        case '<=': return (env) => a(env) <= b(env);
        case '>': return (env) => a(env) > b(env);
        case '>=': return (env) => a(env) >= b(env);
      }
    }
    // falls through (unreachable)
    case 'and':
    case 'or': {
      const fs = e.args.map((x) => plan(x, p));
      if (fs.length === 2) {
        const [a, b] = fs as [Fn, Fn];
        return e.op === 'and' ? (env) => !!a(env) && !!b(env) : (env) => !!a(env) || !!b(env);
      }
      if (fs.length === 3) {
        const [a, b, c] = fs as [Fn, Fn, Fn];
        return e.op === 'and' ? (env) => !!a(env) && !!b(env) && !!c(env) : (env) => !!a(env) || !!b(env) || !!c(env);
      }
      if (fs.length === 4) {
        const [a, b, c, d] = fs as [Fn, Fn, Fn, Fn];
        return e.op === 'and' ? (env) => !!a(env) && !!b(env) && !!c(env) && !!d(env) : (env) => !!a(env) || !!b(env) || !!c(env) || !!d(env);
      }
      return e.op === 'and' ? (env) => fs.every((f) => f(env)) : (env) => fs.some((f) => f(env));
    }
    case 'if': {
      const c = plan(e.cond, p);
      const t = plan(e.then, p);
      const f = plan(e.else, p);
      const tc = constOf(e.then);
      const fc = constOf(e.else);
      if (tc !== undefined && fc !== undefined) return (env) => (c(env) ? tc : fc);
      if (tc !== undefined) return (env) => (c(env) ? tc : f(env));
      return (env) => (c(env) ? t(env) : f(env));
    }
    case 'cond':
      return planCond(e, p);
    case 'collect': {
      const items = e.items.map((i) => ({ when: plan(i.when, p), key: i.key }));
      const name = p.name;
      return (env) => {
        const out: Const[] = [];
        for (let i = 0; i < items.length; i++) {
          if (items[i]!.when(env)) {
            out.push(items[i]!.key);
            env.trace?.branch(name, i);
          }
        }
        return out;
      };
    }
    case 'minmax': {
      const fs = e.args.map((x) => plan(x, p));
      const min = e.fn === 'min';
      if (fs.length === 2) {
        const [a, b] = fs as [Fn, Fn];
        return min ? (env) => { const x = a(env); const y = b(env); return y < x ? y : x; } : (env) => { const x = a(env); const y = b(env); return y > x ? y : x; };
      }
      return (env) => {
        let best = fs[0]!(env);
        for (let i = 1; i < fs.length; i++) {
          const v = fs[i]!(env);
          if (min ? v < best : v > best) best = v;
        }
        return best;
      };
    }
    case 'round': {
      const { mode, step } = e;
      // ⌊x / c⌋ and ⌈x / c⌉ in one closure (staffing steps: `floor((households - 3000) / 500)`).
      if (step === 1 && mode !== 'half_up' && e.a.op === 'arith' && e.a.fn === '/' && e.a.b.op === 'const' && typeof e.a.b.value === 'number') {
        const x = plan(e.a.a, p);
        const c = e.a.b.value;
        return mode === 'floor' ? (env) => Math.floor(x(env) / c) + 0 : (env) => Math.ceil(x(env) / c) + 0;
      }
      const a = plan(e.a, p);
      // `+ 0` turns -0 into 0, as the JSON Logic backend computes it.
      if (step === 1) return mode === 'floor' ? (env) => Math.floor(a(env)) + 0 : mode === 'ceil' ? (env) => Math.ceil(a(env)) + 0 : (env) => roundTo(a(env), 'half_up', 1);
      return (env) => roundTo(a(env), mode, step);
    }
    case 'in': {
      const set = e.set;
      if (e.a.op === 'input' && set.length <= 8) {
        const slot = p.inputSlots.get(e.a.name)!;
        return (env) => set.includes(env.inputs[slot] as Const);
      }
      const a = plan(e.a, p);
      if (set.length > 8) {
        const s = new Set(set);
        return (env) => s.has(a(env));
      }
      return (env) => set.includes(a(env));
    }
    case 'ordinal': {
      const a = plan(e.a, p);
      const index = new Map(e.order.map((m, i) => [m, i]));
      return (env) => index.get(a(env)) ?? -1;
    }
    case 'list': {
      const fs = e.items.map((x) => plan(x, p));
      return (env) => fs.map((f) => f(env));
    }
    case 'count': {
      const list = plan(e.list, p);
      if (!e.value) return (env) => (list(env) as unknown[]).length;
      const v = plan(e.value, p);
      return (env) => countOf(list(env), v(env));
    }
    case 'contains': {
      const list = plan(e.list, p);
      const v = plan(e.value, p);
      return (env) => (list(env) as unknown[]).includes(v(env));
    }
    case 'all': {
      const list = plan(e.list, p);
      const v = plan(e.value, p);
      return (env) => {
        const x = v(env);
        return (list(env) as unknown[]).every((y) => y === x);
      };
    }
    case 'sum': {
      const list = plan(e.list, p);
      return (env) => {
        let s = 0;
        for (const x of list(env) as number[]) s += x;
        return s;
      };
    }
    case 'run': {
      const list = plan(e.list, p);
      const v = plan(e.value, p);
      const n = plan(e.n, p);
      return (env) => hasRun(list(env), v(env), n(env));
    }
    case 'last': {
      const list = plan(e.list, p);
      const n = plan(e.n, p);
      return (env) => {
        const xs = list(env) as unknown[];
        const k = n(env) as number;
        return k <= 0 ? [] : xs.slice(Math.max(0, xs.length - k));
      };
    }
  }
}

function planCond(e: Core & { op: 'cond' }, p: PlanCtx): Fn {
  const whens = e.branches.map((b) => plan(b.when, p));
  const thens = e.branches.map((b) => plan(b.then, p));
  const otherwise = e.else ? plan(e.else, p) : undefined;
  const { name } = p;
  const code = e.failCode ?? 'E-EVAL-NO-VALUE';
  const n = whens.length;
  if (p.traced) {
    return (env) => {
      for (let i = 0; i < n; i++) {
        if (whens[i]!(env)) {
          env.trace?.branch(name, i);
          return thens[i]!(env);
        }
      }
      if (otherwise) {
        env.trace?.branch(name, n);
        return otherwise(env);
      }
      throw new EvalFailure(code, name);
    };
  }
  if (n === 1 && otherwise) {
    const [w, t] = [whens[0]!, thens[0]!];
    return (env) => (w(env) ? t(env) : otherwise(env));
  }
  const indexed = indexCond(e, p, code);
  if (indexed) return indexed;
  return (env) => {
    for (let i = 0; i < n; i++) if (whens[i]!(env)) return thens[i]!(env);
    if (otherwise) return otherwise(env);
    throw new EvalFailure(code, name);
  };
}

/**
 * Decision tables as indexed lookups: when every branch tests one common key expression for
 * equality with constants (or not at all), the branches are bucketed by key value once, at
 * plan time; evaluation reads the key, takes its bucket and checks only the remaining
 * conditions. Buckets keep row order, so `hit first` semantics are unchanged.
 */
function indexCond(e: Core & { op: 'cond' }, p: PlanCtx, code: string): Fn | undefined {
  const parts = e.branches.map((b) => (b.when.op === 'and' ? b.when.args : [b.when]));
  let keyText: string | undefined;
  let keyExpr: Core | undefined;
  const keyed = parts.map((conj) => {
    const i = conj.findIndex((c) => (c.op === 'cmp' && c.fn === '==' && c.b.op === 'const') || (c.op === 'in' && c.a.op !== 'const'));
    if (i < 0) return undefined;
    const c = conj[i]!;
    const subject = c.op === 'cmp' ? c.a : (c as Core & { op: 'in' }).a;
    const text = JSON.stringify(subject);
    if (keyText === undefined) {
      keyText = text;
      keyExpr = subject;
    }
    if (text !== keyText) return undefined;
    const values = c.op === 'cmp' ? [(c.b as Core & { op: 'const' }).value] : [...(c as Core & { op: 'in' }).set];
    return { values, rest: conj.filter((_, j) => j !== i) };
  });
  const usable = keyExpr && keyed.filter((k) => k).length >= 2 && keyed.every((k, i) => k || parts[i]!.every((c) => !mentions(c, keyText!)));
  if (!usable) return undefined;
  const key = plan(keyExpr!, p);
  type Row = { when?: Fn; then: Fn; constant?: unknown };
  const rows: Row[] = e.branches.map((b, i) => {
    const rest = keyed[i] ? keyed[i]!.rest : parts[i]!;
    const restCore: Core | undefined = rest.length === 0 ? undefined : rest.length === 1 ? rest[0] : { op: 'and', args: rest };
    return {
      ...(restCore && !(restCore.op === 'const' && restCore.value === true) ? { when: plan(restCore, p) } : {}),
      then: plan(b.then, p),
      ...(b.then.op === 'const' ? { constant: b.then.value } : {}),
    };
  });
  const wildcard = rows.flatMap((r, i) => (keyed[i] ? [] : [i]));
  const buckets = new Map<unknown, Row[]>();
  const allValues = new Set(keyed.flatMap((k) => k?.values ?? []));
  for (const v of allValues) buckets.set(v, rows.filter((_, i) => !keyed[i] || keyed[i]!.values.includes(v as never)));
  const fallback = wildcard.map((i) => rows[i]!);
  const otherwise = e.else ? plan(e.else, p) : undefined;
  const { name } = p;
  return (env) => {
    const bucket = buckets.get(key(env)) ?? fallback;
    for (let i = 0; i < bucket.length; i++) {
      const row = bucket[i]!;
      if (!row.when || row.when(env)) return row.constant !== undefined ? row.constant : row.then(env);
    }
    if (otherwise) return otherwise(env);
    throw new EvalFailure(code, name);
  };
}

function mentions(c: Core, text: string): boolean {
  let found = false;
  walk(c, (x) => {
    if (!found && (x.op === 'input' || x.op === 'ref') && JSON.stringify(x) === text) found = true;
  });
  return found;
}
