/**
 * @module backend/closures/env
 * The state one evaluation runs on, and the types the closure planner shares.
 *
 * Every value an expression reads sits in one register file: the normalised inputs first (in
 * input order), then the evaluation date, then the computed values (in definition order). A
 * leaf of an expression is therefore a register index or a constant, resolved when the plan is
 * built, and most operations read their operands without calling another closure.
 */
import type { Const, Core } from '../../core/ir.ts';
import { intern } from '../../runtime.ts';

export interface Env {
  /**
   * Inputs by input slot, then the date (`YYYY-MM-DD`), then computed values. Typed `any`: what
   * each register holds is known from the checked program, not from TypeScript.
   */
  regs: any[];
  /** `stamp[r] === gen` when register `r` holds a value computed in this evaluation. */
  stamp: Int32Array;
  gen: number;
  /** Observer for explanations (absent on the fast path). */
  trace?: Tracer;
}

/** Receives the branch/row each `cond` chose, the clause keys each `collect` fired and the branch each `if` took. */
export interface Tracer {
  enter(name: string): void;
  leave(name: string, value: unknown): void;
  branch(name: string, index: number): void;
  /** The `if` of the rule text with id `node` took its `then` branch (or its `else`). */
  took(name: string, node: number, then: boolean): void;
  /** A value already computed in this evaluation was read again. */
  reuse(name: string): void;
}

/** A planned expression; it returns whatever the core expression computes. */
export type Fn = (env: Env) => any;

/** A domain evaluation failure (e.g. no table row matched): reported, never a crash. */
export class EvalFailure extends Error {
  readonly code: string;
  readonly target: string;
  /** The value that broke a rule, for the message (e.g. one outside its declared range). */
  readonly value?: unknown;
  constructor(code: string, target: string, value?: unknown) {
    super(`${code}: ${target}`);
    this.code = code;
    this.target = target;
    if (value !== undefined) this.value = value;
  }
}

/**
 * An operand once planned: a register, a constant or a closure to call. Every operand has all
 * four fields (one object shape), so {@link read} stays monomorphic.
 */
export interface Operand {
  readonly k: typeof REG | typeof CONST | typeof CALL;
  readonly reg: number;
  readonly value: Const;
  readonly fn: Fn;
}
export const REG = 0;
export const CONST = 1;
export const CALL = 2;

const none: Fn = () => undefined;
export const regOperand = (reg: number): Operand => ({ k: REG, reg, value: null, fn: none });
/** Constant strings are interned so comparing them with enum values is a pointer comparison. */
export const constOperand = (value: Const): Operand => ({ k: CONST, reg: -1, value: intern(value), fn: none });
export const callOperand = (fn: Fn): Operand => ({ k: CALL, reg: -1, value: null, fn });

/** A constant other than a list (what comparisons and arithmetic take as a literal operand). */
export const isScalar = (o: Operand): boolean => o.k === CONST && (o.value === null || typeof o.value !== 'object');

/** An operand's value (small enough to be inlined where it is called). */
export function read(o: Operand, env: Env): any {
  return o.k === REG ? env.regs[o.reg] : o.k === CONST ? o.value : o.fn(env);
}

/** An operand as a closure. */
export function fnOf(o: Operand): Fn {
  if (o.k === CALL) return o.fn;
  if (o.k === CONST) {
    const v = o.value;
    return () => v;
  }
  const r = o.reg;
  return (env) => env.regs[r];
}

/** Registers and names, fixed when a program is planned. */
export interface Layout {
  readonly inputRegs: ReadonlyMap<string, number>;
  readonly valueRegs: ReadonlyMap<string, number>;
  readonly asOfReg: number;
}

/** What planning one expression needs to know. */
export interface PlanCtx extends Layout {
  /** Lazily computes (and memoises) the value in register `reg`. */
  readonly get: (env: Env, reg: number) => unknown;
  /** The definition being planned (named in evaluation failures and traces). */
  readonly name: string;
  readonly traced: boolean;
  /**
   * References read their register directly: a straight-line plan computes every value before
   * its readers. Otherwise a reference goes through {@link get}.
   */
  readonly direct: boolean;
  /** Plans a sub-expression in this same context, to an operand or to a closure. */
  operand(e: Core): Operand;
  plan(e: Core): Fn;
}
