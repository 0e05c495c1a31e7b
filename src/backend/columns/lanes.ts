/**
 * @module backend/columns/lanes
 * What the column planner's nodes share. A group of evaluations runs as lanes: lane `i` is
 * evaluation `i` of the group, and every value of the plan is a column, one entry per lane. A
 * node fills its column for the lanes it is given (a selection: lane numbers, in order), so a
 * condition narrows the lanes its branches run on instead of branching once per evaluation.
 *
 * Columns are typed where the checked program says what they hold: numbers (money in fen
 * included) in a `Float64Array`, booleans as 0/1 in a `Uint8Array`, anything else (enum
 * members, dates, lists) in a plain array. A typed column holds exactly the JavaScript value
 * (every number is a float64), so the loops compute what the closures compute.
 */
import { intern } from '../../runtime.ts';
import { EvalFailure, type Env, type Fn } from '../closures/index.ts';

export const NUM = 0;
export const BOOL = 1;
export const ANY = 2;
export const ENUM = 3;
/** What a column holds: numbers, booleans (0/1), any value, or enum members by their number. */
export type Kind = typeof NUM | typeof BOOL | typeof ANY | typeof ENUM;

/** What a column holds, and for enum members ({@link ENUM}) the members their numbers are of (interned). */
export interface ColumnType {
  readonly kind: Kind;
  readonly members?: readonly string[];
}

/** One value per lane. Typed `any`: a `Float64Array`, a `Uint8Array`, an array or an `Int32Array`, by its node's kind. */
export type Column = any;

/** A planned expression. */
export interface Node {
  readonly kind: Kind;
  /** The node's values by lane (a leaf's is its register's or constant's column). */
  readonly col: Column;
  /** Fills `col[i]` for the `m` lanes `sel[0..m)` (a leaf has nothing to do). */
  readonly run: (sel: Int32Array, m: number) => void;
  /** The same value in every lane, filled when planned. */
  readonly constant?: true;
  /** For enum members ({@link ENUM}): the members (interned) their numbers are the positions of. */
  readonly members?: readonly string[];
  /**
   * Set when the node cannot fail a lane, nor throw on the values its lanes can hold (the
   * inputs checked, the values before it computed): the operations in it (0 for a leaf). Such
   * a node may run on more lanes than need it, where a branch per lane would cost more than
   * the work (see {@link cheap}).
   */
  readonly size?: number;
}

/** The size of an operation over `children` ({@link Node.size}): undefined unless it and they are pure. */
export function sizeOf(pure: boolean, children: readonly Node[]): number | undefined {
  if (!pure) return undefined;
  let n = 1;
  for (const c of children) {
    if (c.size === undefined) return undefined;
    n += c.size;
  }
  return n;
}

/** Nodes pure and small enough to run on every lane rather than split the lanes between them. */
export const cheap = (nodes: readonly Node[], most: number): boolean => nodes.every((n) => n.size !== undefined) && nodes.reduce((t, n) => t + n.size!, 0) <= most;

/** The state of the group being run, shared by every node of one plan. */
export interface Lanes {
  /** Lanes per group: the length of every column and selection. */
  readonly width: number;
  /** `failed[i]` set: lane `i` failed (no applicable rule, a range, a zero divisor) and is skipped from the next step on. */
  failed: Uint8Array;
  /** Lanes failed so far in this group (a step that adds some narrows the lanes after it). */
  failures: number;
  /** The register file of each lane, for the nodes run through the closures. */
  files: readonly any[][];
  env: Env;
  /** The lanes of the step running (`live[0..m)`), and a number that changes with each step run. */
  readonly live: Int32Array;
  m: number;
  step: number;
}

export function newColumn(kind: Kind, width: number): Column {
  return kind === NUM ? new Float64Array(width) : kind === BOOL ? new Uint8Array(width) : kind === ENUM ? new Int32Array(width) : new Array(width).fill(null);
}
export const newSelection = (width: number): Int32Array => new Int32Array(width);
export const noop = (): void => {};

/** Puts the lanes `0..count-1` not `failed` into `live`, in order; how many there are. */
export function liveLanes(failed: Uint8Array, count: number, live: Int32Array): number {
  let m = 0;
  for (let i = 0; i < count; i++) {
    live[m] = i;
    m += 1 - failed[i]!;
  }
  return m;
}

/** Lane `i` failed: its value is not used, and the caller answers it alone. */
export function fail(lanes: Lanes, i: number): void {
  lanes.failed[i] = 1;
  lanes.failures++;
}

/** The kind of a constant. */
const kindOfValue = (v: unknown): Kind => (typeof v === 'number' ? NUM : typeof v === 'boolean' ? BOOL : ANY);

/** A constant in every lane (strings interned, as the closures' constants are). */
export function constNode(value: unknown, width: number): Node {
  const kind = kindOfValue(value);
  const col = newColumn(kind, width);
  col.fill(kind === BOOL ? +(value as boolean) : intern(value));
  return { kind, col, run: noop, constant: true, size: 0 };
}

/** A member of an enum in every lane, by its number `code` among `members` (-1: none of them). */
export function codeNode(code: number, members: readonly string[], width: number): Node {
  return { kind: ENUM, members, col: new Int32Array(width).fill(code), run: noop, constant: true, size: 0 };
}

/** A node that converts `a`'s values: `loop` writes `out[i]` from `x[i]` for the lanes. */
function converted(a: Node, kind: Kind, width: number, loop: (x: Column, out: Column, sel: Int32Array, m: number) => void): Node {
  if (a.constant) return constOf(a, kind, width);
  const out = newColumn(kind, width);
  const x = a.col;
  return { kind, col: out, run: (sel, m) => { a.run(sel, m); loop(x, out, sel, m); }, size: sizeOf(true, [a]) };
}

/** A constant node of `kind` with `a`'s value converted as the conversion loops do. */
function constOf(a: Node, kind: Kind, width: number): Node {
  const v: unknown = a.kind === BOOL ? a.col[0] === 1 : a.kind === ENUM ? a.members![a.col[0]] : a.col[0];
  const col = newColumn(kind, width);
  col.fill(kind === NUM ? Number(v) : kind === BOOL ? +!!v : v);
  return { kind, col, run: noop, constant: true, size: 0 };
}

/** `a` as any values (booleans as `true`/`false`, numbers as numbers, enum members as themselves). */
export function asAny(a: Node, width: number): Node {
  if (a.kind === ANY) return a;
  if (a.kind === ENUM) {
    const ms = a.members!;
    return converted(a, ANY, width, (x, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = ms[x[i]]; } });
  }
  if (a.kind === BOOL) return converted(a, ANY, width, (x, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = x[i] === 1; } });
  return converted(a, ANY, width, (x, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = x[i]; } });
}

/** `a` as numbers, as arithmetic reads them (in a checked program its operands are numbers already). */
export function asNum(a: Node, width: number): Node {
  if (a.kind === NUM) return a;
  if (a.kind === ENUM) return asNum(asAny(a, width), width);
  return converted(a, NUM, width, (x, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = x[i]; } });
}

/** `a` as conditions: 1 where its value is truthy. */
export function asBool(a: Node, width: number): Node {
  if (a.kind === BOOL) return a;
  if (a.kind === ENUM) return asBool(asAny(a, width), width);
  return converted(a, BOOL, width, (x, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = x[i] ? 1 : 0; } });
}

type Copy = (from: Column, to: Column, sel: Int32Array, m: number) => void;
// One loop per kind of column, so that each sees one kind of array.
const COPY: readonly Copy[] = [
  (from, to, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; to[i] = from[i]; } },
  (from, to, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; to[i] = from[i]; } },
  (from, to, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; to[i] = from[i]; } },
  (from, to, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; to[i] = from[i]; } },
];
/** Copies lanes `sel[0..m)` of one column of `kind` into another. */
export const copier = (kind: Kind): Copy => COPY[kind]!;

/**
 * One kind for all of `nodes` (theirs if they share it, enum members of one enum too; else
 * plain values), and each node as that kind.
 */
export function joinKinds(nodes: readonly Node[], width: number): { kind: Kind; members?: readonly string[]; as: (n: Node) => Node } {
  const first = nodes[0];
  const same = first !== undefined && nodes.every((v) => v.kind === first.kind && (v.kind !== ENUM || sameMembers(v.members!, first.members!)));
  const kind = same ? first.kind : ANY;
  return { kind, ...(kind === ENUM ? { members: first!.members! } : {}), as: (n) => (kind === ANY ? asAny(n, width) : n) };
}

/** Whether two enums' members are the same, in the same order. */
export const sameMembers = (a: readonly string[], b: readonly string[]) => a === b || (a.length === b.length && a.every((m, i) => m === b[i]));

/** The number of an enum member's value `v` (its position in `members`, interned; -1 if none). */
function codeOf(members: readonly string[], v: unknown): number {
  let hit = 0;
  for (let b = 0; b < members.length; b++) hit |= +(members[b] === v) << b;
  return 31 - Math.clz32(hit);
}

/** Copies lanes `sel[0..m)` of `from` (a column of `type`) into the register files at `reg`, as plain values. */
export function writeBack(type: ColumnType, from: Column, files: readonly any[][], reg: number, sel: Int32Array, m: number): void {
  const { kind } = type;
  if (kind === BOOL) for (let k = 0; k < m; k++) { const i = sel[k]!; files[i]![reg] = from[i] === 1; }
  else if (kind === ENUM) {
    const ms = type.members!;
    for (let k = 0; k < m; k++) { const i = sel[k]!; files[i]![reg] = ms[from[i]]; }
  }
  else if (kind === NUM) for (let k = 0; k < m; k++) { const i = sel[k]!; files[i]![reg] = from[i]; }
  else for (let k = 0; k < m; k++) { const i = sel[k]!; files[i]![reg] = from[i]; }
}

/** Copies register `reg` of the register files into `to` (a column of `type`) for lanes `sel[0..m)`. */
export function readIn(type: ColumnType, to: Column, files: readonly any[][], reg: number, sel: Int32Array, m: number): void {
  const { kind } = type;
  if (kind === BOOL) for (let k = 0; k < m; k++) { const i = sel[k]!; to[i] = files[i]![reg] ? 1 : 0; }
  else if (kind === ENUM) {
    const ms = type.members!;
    for (let k = 0; k < m; k++) { const i = sel[k]!; to[i] = codeOf(ms, files[i]![reg]); }
  }
  else if (kind === NUM) for (let k = 0; k < m; k++) { const i = sel[k]!; to[i] = files[i]![reg]; }
  else for (let k = 0; k < m; k++) { const i = sel[k]!; to[i] = files[i]![reg]; }
}

/**
 * An expression the column planner has no loop for, run lane by lane through its closure on
 * the lane's register file (which holds the inputs and every value computed before this step).
 */
export function closureNode(fn: Fn, lanes: Lanes): Node {
  const col = newColumn(ANY, lanes.width);
  return {
    kind: ANY,
    col,
    run: (sel, m) => {
      const { env, files } = lanes;
      const own = env.regs;
      try {
        for (let k = 0; k < m; k++) {
          const i = sel[k]!;
          env.regs = files[i]!;
          try {
            col[i] = fn(env);
          } catch (e) {
            if (!(e instanceof EvalFailure)) throw e;
            fail(lanes, i);
          }
        }
      } finally {
        env.regs = own;
      }
    },
  };
}
