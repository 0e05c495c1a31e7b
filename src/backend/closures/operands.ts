/**
 * @module backend/closures/operands
 * Arithmetic, comparisons, money and min/max over planned operands. Each operator has one
 * closure per operand pattern (register with constant, two registers, call with constant, …)
 * so the common cases read registers and constants without calling another closure, and each
 * pattern is its own function literal so V8's feedback for `+` or `<` stays specific to it.
 */
import type { Core } from '../../core/ir.ts';
import { divRound, divRoundHalfUp, divMoney, mulMoney, RATE_SCALE, scaleRate } from '../../runtime.ts';
import { CONST, fnOf, isScalar, REG, type Fn, type Operand } from './env.ts';

/** Closure makers for one binary operator, one per operand pattern. */
interface Binary {
  rc(r: number, c: any): Fn;
  cr(c: any, r: number): Fn;
  rr(r: number, s: number): Fn;
  fc(f: Fn, c: any): Fn;
  cf(c: any, f: Fn): Fn;
  ff(f: Fn, g: Fn): Fn;
}


function binary(t: Binary, a: Operand, b: Operand): Fn {
  if (a.k === REG) {
    if (isScalar(b)) return t.rc(a.reg, b.value);
    if (b.k === REG) return t.rr(a.reg, b.reg);
  }
  if (b.k === REG && isScalar(a)) return t.cr(a.value, b.reg);
  if (isScalar(b)) return t.fc(fnOf(a), b.value);
  if (isScalar(a)) return t.cf(a.value, fnOf(b));
  return t.ff(fnOf(a), fnOf(b));
}

const ARITH: Record<'+' | '-' | '*' | '/', Binary> = {
  '+': {
    rc: (r, c) => (env) => env.regs[r] + c,
    cr: (c, r) => (env) => c + env.regs[r],
    rr: (r, s) => (env) => env.regs[r] + env.regs[s],
    fc: (f, c) => (env) => f(env) + c,
    cf: (c, f) => (env) => c + f(env),
    ff: (f, g) => (env) => f(env) + g(env),
  },
  '-': {
    rc: (r, c) => (env) => env.regs[r] - c,
    cr: (c, r) => (env) => c - env.regs[r],
    rr: (r, s) => (env) => env.regs[r] - env.regs[s],
    fc: (f, c) => (env) => f(env) - c,
    cf: (c, f) => (env) => c - f(env),
    ff: (f, g) => (env) => f(env) - g(env),
  },
  '*': {
    rc: (r, c) => (env) => env.regs[r] * c,
    cr: (c, r) => (env) => c * env.regs[r],
    rr: (r, s) => (env) => env.regs[r] * env.regs[s],
    fc: (f, c) => (env) => f(env) * c,
    cf: (c, f) => (env) => c * f(env),
    ff: (f, g) => (env) => f(env) * g(env),
  },
  '/': {
    rc: (r, c) => (env) => env.regs[r] / c,
    cr: (c, r) => (env) => c / env.regs[r],
    rr: (r, s) => (env) => env.regs[r] / env.regs[s],
    fc: (f, c) => (env) => f(env) / c,
    cf: (c, f) => (env) => c / f(env),
    ff: (f, g) => (env) => f(env) / g(env),
  },
};

// `==` is identity: values are numbers, strings, booleans or enum members (lists are never compared).
const CMP: Record<'==' | '!=' | '<' | '<=' | '>' | '>=', Binary> = {
  '==': {
    rc: (r, c) => (env) => env.regs[r] === c,
    cr: (c, r) => (env) => c === env.regs[r],
    rr: (r, s) => (env) => env.regs[r] === env.regs[s],
    fc: (f, c) => (env) => f(env) === c,
    cf: (c, f) => (env) => c === f(env),
    ff: (f, g) => (env) => f(env) === g(env),
  },
  '!=': {
    rc: (r, c) => (env) => env.regs[r] !== c,
    cr: (c, r) => (env) => c !== env.regs[r],
    rr: (r, s) => (env) => env.regs[r] !== env.regs[s],
    fc: (f, c) => (env) => f(env) !== c,
    cf: (c, f) => (env) => c !== f(env),
    ff: (f, g) => (env) => f(env) !== g(env),
  },
  '<': {
    rc: (r, c) => (env) => env.regs[r] < c,
    cr: (c, r) => (env) => c < env.regs[r],
    rr: (r, s) => (env) => env.regs[r] < env.regs[s],
    fc: (f, c) => (env) => f(env) < c,
    cf: (c, f) => (env) => c < f(env),
    ff: (f, g) => (env) => f(env) < g(env),
  },
  '<=': {
    rc: (r, c) => (env) => env.regs[r] <= c,
    cr: (c, r) => (env) => c <= env.regs[r],
    rr: (r, s) => (env) => env.regs[r] <= env.regs[s],
    fc: (f, c) => (env) => f(env) <= c,
    cf: (c, f) => (env) => c <= f(env),
    ff: (f, g) => (env) => f(env) <= g(env),
  },
  '>': {
    rc: (r, c) => (env) => env.regs[r] > c,
    cr: (c, r) => (env) => c > env.regs[r],
    rr: (r, s) => (env) => env.regs[r] > env.regs[s],
    fc: (f, c) => (env) => f(env) > c,
    cf: (c, f) => (env) => c > f(env),
    ff: (f, g) => (env) => f(env) > g(env),
  },
  '>=': {
    rc: (r, c) => (env) => env.regs[r] >= c,
    cr: (c, r) => (env) => c >= env.regs[r],
    rr: (r, s) => (env) => env.regs[r] >= env.regs[s],
    fc: (f, c) => (env) => f(env) >= c,
    cf: (c, f) => (env) => c >= f(env),
    ff: (f, g) => (env) => f(env) >= g(env),
  },
};

export const planArith = (fn: keyof typeof ARITH, a: Operand, b: Operand): Fn => binary(ARITH[fn], a, b);
export const planCmp = (fn: keyof typeof CMP, a: Operand, b: Operand): Fn => binary(CMP[fn], a, b);

/** Money (fen) × or ÷ a decimal, exact, rounded by `mode` to a multiple of `step` fen. */
export function planMoney(e: Core & { op: 'money' }, a: Operand, b: Operand): Fn {
  const mode = e.mode ?? 'half_up';
  const step = e.step ?? 1;
  if (b.k === CONST && typeof b.value === 'number') {
    // A constant rate is scaled once, at plan time.
    const scaled = scaleRate(b.value);
    if (mode === 'half_up' && step === 1) {
      if (a.k === REG) {
        const r = a.reg;
        return e.fn === '*' ? (env) => divRoundHalfUp(env.regs[r] * scaled, RATE_SCALE) : (env) => divRoundHalfUp(env.regs[r] * RATE_SCALE, scaled);
      }
      const f = fnOf(a);
      return e.fn === '*' ? (env) => divRoundHalfUp(f(env) * scaled, RATE_SCALE) : (env) => divRoundHalfUp(f(env) * RATE_SCALE, scaled);
    }
    const f = fnOf(a);
    return e.fn === '*'
      ? (env) => divRound(f(env) * scaled, RATE_SCALE * step, mode) * step
      : (env) => divRound(f(env) * RATE_SCALE, scaled * step, mode) * step;
  }
  if (a.k === CONST && b.k === REG && e.fn === '*') {
    const c = a.value as number;
    const r = b.reg;
    return (env) => mulMoney(c, env.regs[r], mode, step);
  }
  const f = fnOf(a);
  const g = fnOf(b);
  return e.fn === '*' ? (env) => mulMoney(f(env), g(env), mode, step) : (env) => divMoney(f(env), g(env), mode, step);
}

export function planMinMax(fn: 'min' | 'max', args: readonly Operand[]): Fn {
  if (args.length === 2) {
    const [a, b] = args as [Operand, Operand];
    if (a.k === REG && b.k === CONST) {
      const r = a.reg;
      const c = b.value as number;
      return fn === 'min' ? (env) => { const x = env.regs[r]; return c < x ? c : x; } : (env) => { const x = env.regs[r]; return c > x ? c : x; };
    }
    const f = fnOf(a);
    const g = fnOf(b);
    return fn === 'min' ? (env) => { const x = f(env); const y = g(env); return y < x ? y : x; } : (env) => { const x = f(env); const y = g(env); return y > x ? y : x; };
  }
  const fs = args.map(fnOf);
  const min = fn === 'min';
  return (env) => {
    let best = fs[0]!(env);
    for (let i = 1; i < fs.length; i++) {
      const v = fs[i]!(env);
      if (min ? v < best : v > best) best = v;
    }
    return best;
  };
}
