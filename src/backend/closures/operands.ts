/**
 * @module backend/closures/operands
 * Arithmetic, comparisons, money and min/max over planned operands. Each operator has one
 * closure per operand pattern (register with constant, two registers, call with constant, …)
 * so the common cases read registers and constants without calling another closure, and each
 * pattern is its own function literal so V8's feedback for `+` or `<` stays specific to it.
 */
import type { Core } from '../../core/ir.ts';
import { divMoney, divRoundHalfUp, FLOAT_EXACT, mulDivRound, mulDivRoundBig, mulMoney, RATE_SCALE, scaleRate } from '../../runtime.ts';
import { CONST, EvalFailure, fnOf, isScalar, REG, type Fn, type Operand } from './env.ts';

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

/** A closure that fails the evaluation of `name`: it divides by zero. */
const dividesByZero = (name: string): Fn => () => {
  throw new EvalFailure('E-EVAL-DIV-ZERO', name);
};

/**
 * Division that fails the evaluation of `name` on a zero divisor (JavaScript would answer
 * Infinity or NaN, which JSON turns into null). A constant divisor is checked once, here.
 */
function planDivide(a: Operand, b: Operand, name: string): Fn {
  if (isScalar(b)) return b.value === 0 ? dividesByZero(name) : binary(ARITH['/'], a, b);
  const fail = dividesByZero(name);
  if (b.k === REG) {
    const s = b.reg;
    if (a.k === REG) {
      const r = a.reg;
      return (env) => {
        const d = env.regs[s];
        return d === 0 ? fail(env) : env.regs[r] / d;
      };
    }
    const f = fnOf(a);
    return (env) => {
      const d = env.regs[s];
      return d === 0 ? fail(env) : f(env) / d;
    };
  }
  const f = fnOf(a);
  const g = fnOf(b);
  return (env) => {
    const x = f(env);
    const d = g(env);
    return d === 0 ? fail(env) : x / d;
  };
}

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

/** `a fn b`; a division by zero fails the evaluation of `name`. */
export const planArith = (fn: keyof typeof ARITH, a: Operand, b: Operand, name: string): Fn => (fn === '/' ? planDivide(a, b, name) : binary(ARITH[fn], a, b));
export const planCmp = (fn: keyof typeof CMP, a: Operand, b: Operand): Fn => binary(CMP[fn], a, b);

/**
 * Money (fen) × or ÷ a decimal, exact, rounded by `mode` to a multiple of `step` fen. The
 * common case (half-up to the fen by a constant rate) is one float multiply and division; a
 * product beyond {@link FLOAT_EXACT} goes to the BigInt path.
 */
export function planMoney(e: Core & { op: 'money' }, a: Operand, b: Operand, name: string): Fn {
  const mode = e.mode ?? 'half_up';
  const step = e.step ?? 1;
  if (b.k === CONST && typeof b.value === 'number') {
    // A constant rate is scaled once, at plan time.
    const scaled = scaleRate(b.value);
    if (e.fn === '/' && scaled === 0) return dividesByZero(name);
    const [m, d] = e.fn === '*' ? [scaled, RATE_SCALE] : [RATE_SCALE, scaled];
    if (mode === 'half_up' && step === 1 && Math.abs(d) <= FLOAT_EXACT) {
      if (a.k === REG) {
        const r = a.reg;
        return (env) => {
          const n = env.regs[r] * m;
          return n <= FLOAT_EXACT && n >= -FLOAT_EXACT ? divRoundHalfUp(n, d) : mulDivRoundBig(env.regs[r], m, d, 'half_up');
        };
      }
      const f = fnOf(a);
      return (env) => {
        const x = f(env);
        const n = x * m;
        return n <= FLOAT_EXACT && n >= -FLOAT_EXACT ? divRoundHalfUp(n, d) : mulDivRoundBig(x, m, d, 'half_up');
      };
    }
    const f = fnOf(a);
    const ds = d * step;
    return (env) => mulDivRound(f(env), m, ds, mode) * step;
  }
  if (a.k === CONST && b.k === REG && e.fn === '*') {
    const c = a.value as number;
    const r = b.reg;
    return (env) => mulMoney(c, env.regs[r], mode, step);
  }
  const f = fnOf(a);
  const g = fnOf(b);
  if (e.fn === '*') return (env) => mulMoney(f(env), g(env), mode, step);
  // A rate that is 0 at the 6 decimal places money is divided by fails, as a zero divisor does.
  const fail = dividesByZero(name);
  return (env) => {
    const x = f(env);
    const r = g(env);
    return scaleRate(r) === 0 ? fail(env) : divMoney(x, r, mode, step);
  };
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
