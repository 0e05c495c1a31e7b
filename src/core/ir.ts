/**
 * @module core/ir
 * The small core that both backends read, so they cannot drift apart. Domain constructs lower
 * to it: decision tables to `cond`, clause sets to `collect`, dated values to `cond` on the
 * evaluation date, params to constants. Money is integer fen everywhere in the core.
 */

export type Const = number | string | boolean | null | readonly Const[];

/** How a value crosses the JSON boundary. */
export type Shape =
  | { k: 'money' }
  | { k: 'plain' }
  | { k: 'list'; of: Shape };

export type Core =
  | { op: 'const'; value: Const }
  /** An input value, already normalised (money in fen) by the input schema. */
  | { op: 'input'; name: string }
  /** Another computed value (def, table or clauses). */
  | { op: 'ref'; name: string }
  /** The evaluation date, `YYYY-MM-DD`. */
  | { op: 'asOf' }
  | { op: 'arith'; fn: '+' | '-' | '*' | '/'; a: Core; b: Core }
  /**
   * A decimal sum, difference or product rounded to `places` decimal places, those its exact
   * value has (see `places.ts`): without binary floating-point noise.
   */
  | { op: 'places'; places: number; a: Core }
  /** Money (fen) × or ÷ a decimal, rounded by `mode` to a multiple of `step` fen (default half-up, 1). */
  | { op: 'money'; fn: '*' | '/'; a: Core; b: Core; mode?: 'floor' | 'ceil' | 'half_up'; step?: number }
  | { op: 'neg'; a: Core }
  | { op: 'cmp'; fn: '==' | '!=' | '<' | '<=' | '>' | '>='; a: Core; b: Core }
  | { op: 'and' | 'or'; args: Core[] }
  | { op: 'not'; a: Core }
  /** `node`: the id of the rule text's `if`, so an explanation can tell which branch was taken. */
  | { op: 'if'; cond: Core; then: Core; else: Core; node?: number }
  /**
   * First branch whose `when` holds; `else` absent means "no value" (an evaluation error).
   * `dated`: a choice among dated values by the evaluation date, not a table row (explanations
   * record only the branches of the others). `complete`: the checker proved some branch always
   * applies (a table with no gap), so the missing `else` is never reached.
   */
  | { op: 'cond'; branches: { when: Core; then: Core }[]; else?: Core; failCode?: string; dated?: true; complete?: true }
  /** Keys of the items whose `when` holds, in order (clause sets). */
  | { op: 'collect'; items: { when: Core; key: Const }[] }
  | { op: 'minmax'; fn: 'min' | 'max'; args: Core[] }
  /** Rounds to a multiple of `step` (1, or 100 fen for whole yuan). */
  | { op: 'round'; mode: 'floor' | 'ceil' | 'half_up'; step: number; a: Core }
  | { op: 'abs'; a: Core }
  | { op: 'in'; a: Core; set: readonly Const[] }
  /** Enum order: `a`'s position in `order` compared with `b`'s. */
  | { op: 'ordinal'; order: readonly string[]; a: Core }
  | { op: 'list'; items: Core[] }
  | { op: 'count'; list: Core; value?: Core }
  | { op: 'contains' | 'all'; list: Core; value: Core }
  | { op: 'sum'; list: Core }
  | { op: 'run'; list: Core; value: Core; n: Core }
  | { op: 'last'; list: Core; n: Core }
  /**
   * `a`, which must lie inside every one of `ranges` (the declared `in …` of a computed value and
   * of the declarations it overrides); outside them, an evaluation error (`E-EVAL-RANGE`).
   */
  | { op: 'within'; a: Core; ranges: readonly CoreRange[] };

/** A declared range: `low..high` (either may be open) or a set of allowed values. */
export interface CoreRange {
  readonly low?: Const;
  readonly high?: Const;
  readonly set?: readonly Const[];
}

/** Whether `v` is inside range `r`. */
export const insideRange = (r: CoreRange, v: unknown): boolean =>
  r.set ? r.set.includes(v as Const) : (r.low === undefined || (v as number) >= (r.low as number)) && (r.high === undefined || (v as number) <= (r.high as number));

/** One computed value of the program. */
export interface CoreDef {
  readonly name: string;
  readonly kind: 'def' | 'table' | 'clauses';
  readonly expr: Core;
  readonly shape: Shape;
  /** Computed values and inputs it reads directly. */
  readonly refs: readonly string[];
  readonly inputs: readonly string[];
  /**
   * An integer the declared ranges of what it reads do not bound within the safe integers
   * (±(2^53 − 1)), where numbers are no longer exact (see `bounds.ts`): the closures check its
   * value once it is computed (`E-EVAL-RANGE`).
   */
  readonly unsafe?: true;
}

export interface CoreInput {
  readonly name: string;
  readonly shape: Shape;
}

export interface CoreProgram {
  readonly id: string;
  /** In dependency order. */
  readonly defs: readonly CoreDef[];
  readonly inputs: readonly CoreInput[];
  readonly outputs: readonly string[];
}

/** Visits every node of a core expression. */
export function walk(e: Core, f: (x: Core) => void): void {
  f(e);
  switch (e.op) {
    case 'arith': case 'money': case 'cmp': walk(e.a, f); walk(e.b, f); break;
    case 'neg': case 'not': case 'abs': case 'round': case 'places': case 'ordinal': case 'in': case 'within': walk(e.a, f); break;
    case 'and': case 'or': case 'minmax': for (const a of e.args) walk(a, f); break;
    case 'if': walk(e.cond, f); walk(e.then, f); walk(e.else, f); break;
    case 'cond': for (const b of e.branches) { walk(b.when, f); walk(b.then, f); } if (e.else) walk(e.else, f); break;
    case 'collect': for (const i of e.items) walk(i.when, f); break;
    case 'list': for (const i of e.items) walk(i, f); break;
    case 'count': walk(e.list, f); if (e.value) walk(e.value, f); break;
    case 'contains': case 'all': walk(e.list, f); walk(e.value, f); break;
    case 'sum': walk(e.list, f); break;
    case 'run': walk(e.list, f); walk(e.value, f); walk(e.n, f); break;
    case 'last': walk(e.list, f); walk(e.n, f); break;
  }
}

/** The comparison `c OP x` is as `x OP' c`. */
export const SWAPPED_CMP = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as const;

/**
 * Whole units of a quotient by a constant, `⌊(x − c) / d⌋` or `⌈x / d⌉` (staffing steps), which
 * both backends compute in one step: `x`, `c` (0 when not subtracted), `d` and whether it is
 * rounded down; undefined for any other rounding.
 */
export function quotientRound(e: Core & { op: 'round' }): { x: Core; c: number; d: number; floor: boolean } | undefined {
  const q = e.a;
  if (e.step !== 1 || e.mode === 'half_up' || q.op !== 'arith' || q.fn !== '/' || q.b.op !== 'const' || typeof q.b.value !== 'number' || q.b.value === 0) return undefined;
  const sub = q.a.op === 'arith' && q.a.fn === '-' && q.a.b.op === 'const' && typeof q.a.b.value === 'number' ? q.a : undefined;
  return { x: sub ? sub.a : q.a, c: sub ? (sub.b as Core & { op: 'const' }).value as number : 0, d: q.b.value, floor: e.mode === 'floor' };
}

/** The definitions `outputs` need (themselves and everything they read), in dependency order. */
export function defsFor(program: CoreProgram, outputs: readonly string[]): CoreDef[] {
  const byName = new Map(program.defs.map((d) => [d.name, d]));
  const needed = new Set<string>();
  const visit = (n: string) => {
    if (needed.has(n)) return;
    needed.add(n);
    for (const r of byName.get(n)!.refs) visit(r);
  };
  for (const o of outputs) visit(o);
  return program.defs.filter((d) => needed.has(d.name));
}
