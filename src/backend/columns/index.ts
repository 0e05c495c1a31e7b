/**
 * @module backend/columns
 * Many evaluations at once, a column at a time: the core IR planned once into nodes, each of
 * which computes its value for every evaluation of a group (a lane) in one tight loop. A
 * condition narrows the lanes its branches and later operands run on, so every lane computes
 * what the closures would compute for it, and nothing else; a lane that fails (no applicable
 * rule, a range, a zero divisor) is marked and skipped from the next step on, for the caller
 * to answer alone. Operations without a loop of their own (list literals, `last`, `sum`, …)
 * run lane by lane through the closures' plan.
 *
 * Columns are typed where the program says what they hold (see `lanes.ts`); tables keyed by
 * one value sort the lanes into buckets; pure operands of a choice or a junction run on every
 * lane rather than split them; one scan of a list serves both its `count` and `consecutive`;
 * the evaluation date is compared with dates as a number. It has the interface of the
 * closures' `straightMany` (register files in, register files out), which the tests compare it
 * with, and answers can be read from its columns directly ({@link ColumnsMany.inColumns}).
 * No `eval`, no `new Function`: it runs on Workers.
 */
import { defsFor, walk, type Core, type CoreProgram } from '../../core/ir.ts';
import { intern, isoDateNumber } from '../../runtime.ts';
import { keyedTable } from '../../core/keyed.ts';
import { EvalFailure, type ClosureProgram, type Env, type StraightMany } from '../closures/index.ts';
import { collectNode, condNode, junctionNode } from './choices.ts';
import { keyedNode } from './tables.ts';
import { ANY, BOOL, ENUM, NUM, closureNode, constNode, fail, liveLanes, newColumn, newSelection, noop, readIn, writeBack, type Column, type ColumnType, type Lanes, type Node } from './lanes.ts';
import { listScan, type Scan } from './scans.ts';
import { smallEnumMembers } from '../../schema/reader.ts';
import { absNode, arithNode, cmpNode, countNode, inNode, lengthNode, minMaxNode, moneyNode, negNode, notNode, ordinalNode, placesNode, roundNode, runNode, withinNode } from './values.ts';

/**
 * A column plan: as a {@link StraightMany} it leaves every computed value in the register
 * files; {@link ColumnsMany.inColumns} leaves them in their columns instead, for answers read
 * a column at a time.
 */
export type ColumnsMany = StraightMany & {
  /**
   * Runs a group like the plan itself, writing into the register files only what the
   * operations without a loop read; true if the values are in their columns
   * ({@link ColumnsMany.column}), false if the group went to the closures (values in the files).
   */
  readonly inColumns: (env: Env, files: readonly any[][], count: number, failed: Uint8Array, inputsInColumns?: boolean) => boolean;
  /**
   * The column of input register `reg` (or of the date), if the plan reads it. A reader may
   * fill the inputs' columns and the date's itself for the lanes it reads: then
   * `inputsInColumns`, and the plan reads them from there, not from the register files (into
   * which it copies them only if something reads them there: an operation without a loop, or
   * the closures taking the group back).
   */
  readonly inputColumn: (reg: number) => { readonly col: Column } | undefined;
  /** What register `reg` holds after {@link ColumnsMany.inColumns}: its column, its kind (and the members of an enum's numbers). */
  readonly column: (reg: number) => ColumnType & { readonly col: Column };
  /** How often a group went to the closures (an unexpected error: never, in the tests). */
  readonly fallbacks: () => number;
};

/**
 * Plans the values `outputs` need into a {@link StraightMany} over groups of up to `width`
 * evaluations. `closures` is the same program's closure plan: the operations without a loop
 * run through it, and a group whose run throws anything but an evaluation failure is run
 * again by its `straightMany` (which then throws, or answers). `inputType` says what each
 * input holds once checked ({@link columnTypeOf} its type).
 * @example const many = columnsMany(core, toClosures(core), core.outputs, 256, () => ANY); many(env, files, n, failed)
 */
export function columnsMany(program: CoreProgram, closures: ClosureProgram, outputs: readonly string[], width: number, inputType: (name: string) => ColumnType): ColumnsMany {
  const live = newSelection(width);
  const lanes: Lanes = { width, failed: new Uint8Array(0), failures: 0, files: [], env: closures.newEnv(), live, m: 0, step: 0 };
  const cols: Column[] = new Array(closures.size);
  const types: ColumnType[] = new Array(closures.size).fill(ANY_TYPE);
  for (const [name, r] of closures.inputRegs) types[r] = inputType(name);
  const inputs = [...closures.inputRegs.values(), closures.asOfReg];
  for (const r of inputs) cols[r] = newColumn(types[r]!.kind, width);
  const defs = defsFor(program, outputs);
  const read = new Set<number>();
  const inFiles = new Set<number>();
  const dates = { col: new Float64Array(width), used: false };
  const scans = new Map<string, Scan>();
  const steps = defs.map((d) => {
    const node = plan(d.expr, { lanes, cols, types, read, inFiles, dates, scans, closures, name: d.name });
    const reg = closures.valueRegs.get(d.name)!;
    cols[reg] = node.col;
    types[reg] = node;
    return { node, reg };
  });
  // The values the operations without a loop read, in the register files.
  const needed = Int8Array.from(steps, (s) => +inFiles.has(s.reg));
  const inputRegs = inputs.filter((r) => read.has(r));
  const unsafe = defs.flatMap((d) => (d.unsafe ? [closures.valueRegs.get(d.name)!] : []));
  const saved = new Uint8Array(width);
  let byClosures: StraightMany | undefined;
  let fallbacks = 0;
  // The input registers the plan reads, the date among them (a reader may fill their columns).
  const givenRegs = [...new Set([...inputRegs, closures.asOfReg])];
  // Of those, the ones the operations without a loop read in the register files.
  const closureInputs = givenRegs.filter((r) => inFiles.has(r));
  /** Copies the columns of inputs `regs` into the register files of lanes `live[0..m)`. */
  const inputsToFiles = (regs: readonly number[], files: readonly any[][], m: number) => {
    for (const r of regs) writeBack(types[r]!, cols[r], files, r, live, m);
  };
  const run = (files: readonly any[][], count: number, failed: Uint8Array, all: boolean, inputsIn: boolean) => {
    lanes.files = files;
    lanes.failed = failed;
    lanes.failures = 0;
    let m = liveLanes(failed, count, live);
    if (inputsIn) {
      if (closureInputs.length > 0) inputsToFiles(closureInputs, files, m);
    } else {
      for (let j = 0; j < inputRegs.length; j++) {
        const r = inputRegs[j]!;
        readIn(types[r]!, cols[r], files, r, live, m);
      }
    }
    if (dates.used) datesIn(cols[closures.asOfReg], dates.col, live, m);
    for (let s = 0; s < steps.length; s++) {
      const { node, reg } = steps[s]!;
      const before = lanes.failures;
      lanes.m = m;
      lanes.step++;
      node.run(live, m);
      if (all || needed[s]) writeBack(node, node.col, files, reg, live, m);
      if (lanes.failures !== before) m = compact(live, m, failed);
    }
    // Integers that may have left the safe range, checked once all steps ran (as the closures do).
    for (let u = 0; u < unsafe.length; u++) {
      const col = cols[unsafe[u]!]!;
      for (let k = 0; k < m; k++) { const i = live[k]!; const v = col[i]; if (v > Number.MAX_SAFE_INTEGER || v < -Number.MAX_SAFE_INTEGER) fail(lanes, i); }
    }
  };
  const go = (env: Env, files: readonly any[][], count: number, failed: Uint8Array, all: boolean, inputsIn = false): boolean => {
    if (count > failed.length || count > files.length || count > width) throw new RangeError(`straightMany: ${count} evaluations for ${Math.min(failed.length, files.length, width)} places`);
    saved.set(failed.subarray(0, count));
    try {
      run(files, count, failed, all, inputsIn);
      return true;
    } catch (e) {
      if (e instanceof EvalFailure) throw e;
      // Values of a lane that failed part way through a step can break an operation after it in
      // the same step (a list that is not there): the closures run the group instead.
      fallbacks++;
      failed.set(saved.subarray(0, count));
      if (inputsIn) inputsToFiles(givenRegs, files, liveLanes(failed, count, live));
      (byClosures ??= closures.straightMany(outputs))(env, files, count, failed);
      return false;
    } finally {
      lanes.files = [];
    }
  };
  // Each register's column with what it holds: the same arrays for every group.
  const views = types.map((t, r) => ({ kind: t.kind, ...(t.members ? { members: t.members } : {}), col: cols[r] }));
  const inputViews = views.map((v, r) => (givenRegs.includes(r) ? v : undefined));
  const many: StraightMany = (env, files, count, failed) => void go(env, files, count, failed, true);
  return Object.assign(many, {
    inColumns: (env: Env, files: readonly any[][], count: number, failed: Uint8Array, inputsInColumns?: boolean) => go(env, files, count, failed, false, inputsInColumns),
    inputColumn: (reg: number) => inputViews[reg],
    column: (reg: number) => views[reg]!,
    fallbacks: () => fallbacks,
  });
}

/** Each lane's evaluation date (`YYYY-MM-DD`, checked) as a number; the same text as the lane before is not read again. */
function datesIn(texts: readonly string[], to: Float64Array, live: Int32Array, m: number): void {
  let last = '';
  let n = 0;
  for (let k = 0; k < m; k++) {
    const i = live[k]!;
    const s = texts[i]!;
    if (s !== last) {
      last = s;
      n = isoDateNumber(s);
    }
    to[i] = n;
  }
}

/**
 * What a checked input of type `t` holds: numbers (money in fen), booleans, members of an enum
 * of up to 8 (by number), or other values.
 */
export function columnTypeOf(t: { readonly k: string; readonly members?: readonly string[]; readonly allowed?: readonly unknown[] }): ColumnType {
  if (t.k === 'bool') return { kind: BOOL };
  if (t.k === 'integer' || t.k === 'decimal' || t.k === 'money') return { kind: NUM };
  const members = smallEnumMembers(t);
  if (members) return { kind: ENUM, members: members.map(intern) };
  return ANY_TYPE;
}

const ANY_TYPE: ColumnType = { kind: ANY };

/** Drops the failed lanes from the first `m` of `live`; the number left. */
function compact(live: Int32Array, m: number, failed: Uint8Array): number {
  let t = 0;
  for (let k = 0; k < m; k++) {
    const i = live[k]!;
    live[t] = i;
    t += 1 - failed[i]!;
  }
  return t;
}

interface PlanCtx {
  readonly lanes: Lanes;
  /** Each register's column: the inputs' and the date's, then each computed value's, once planned. */
  readonly cols: Column[];
  /** What each register's column holds. */
  readonly types: ColumnType[];
  /** The registers read by some node (only the inputs among them are copied into columns). */
  readonly read: Set<number>;
  /** The registers read by the operations run through the closures (which read register files): values, inputs and the date. */
  readonly inFiles: Set<number>;
  /** The scans of a list for a value (see {@link scanOf}), by list register and value. */
  readonly scans: Map<string, Scan>;
  /** The evaluation dates as numbers, and whether any node reads them. */
  readonly dates: { readonly col: Float64Array; used: boolean };
  readonly closures: ClosureProgram;
  /** The value being planned (named in the failures of the operations run through the closures). */
  readonly name: string;
}

/** A leaf: the column of register `reg` (filled before the step that reads it). */
function register(p: PlanCtx, reg: number): Node {
  p.read.add(reg);
  const { kind, members } = p.types[reg]!;
  return { kind, ...(members ? { members } : {}), col: p.cols[reg], run: noop, size: 0 };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The evaluation date of each lane as a number ({@link isoDateNumber}), filled as the inputs are. */
function dateNumbers(p: PlanCtx): Node {
  p.read.add(p.closures.asOfReg);
  p.dates.used = true;
  return { kind: NUM, col: p.dates.col, run: noop, size: 0 };
}

/**
 * One scan for `count(list, value)` and `consecutive(list, value, n)` of a list in a register
 * and a constant (two clauses on one assessment history: one pass over it, not two).
 */
function scanOf(list: Core, value: Core, p: PlanCtx): Scan | undefined {
  if ((list.op !== 'input' && list.op !== 'ref') || value.op !== 'const') return undefined;
  const reg = list.op === 'input' ? p.closures.inputRegs.get(list.name)! : p.closures.valueRegs.get(list.name)!;
  const key = `${reg}\u0000${JSON.stringify(value.value)}`;
  let scan = p.scans.get(key);
  if (!scan) p.scans.set(key, (scan = listScan(register(p, reg), value.value, p.lanes)));
  return scan;
}

/** Plans `e` into a node. */
function plan(e: Core, p: PlanCtx): Node {
  const { width } = p.lanes;
  const sub = (x: Core) => plan(x, p);
  switch (e.op) {
    case 'const':
      return constNode(e.value, width);
    case 'input':
      return register(p, p.closures.inputRegs.get(e.name)!);
    case 'asOf':
      return register(p, p.closures.asOfReg);
    case 'ref':
      return register(p, p.closures.valueRegs.get(e.name)!);
    case 'arith':
      return arithNode(e.fn, sub(e.a), sub(e.b), p.lanes);
    case 'cmp': {
      // The evaluation date against a date: as numbers YYYYMMDD (one per lane, made once a group).
      const isDate = (x: Core) => x.op === 'const' && typeof x.value === 'string' && ISO_DATE.test(x.value);
      const dated = (x: Core) => (x.op === 'asOf' ? dateNumbers(p) : constNode(isoDateNumber((x as Core & { op: 'const' }).value as string), width));
      if ((e.a.op === 'asOf' && isDate(e.b)) || (e.b.op === 'asOf' && isDate(e.a))) return cmpNode(e.fn, dated(e.a), dated(e.b), width);
      return cmpNode(e.fn, sub(e.a), sub(e.b), width);
    }
    case 'money':
      return moneyNode(e, sub(e.a), sub(e.b), p.lanes);
    case 'not':
      return notNode(sub(e.a), width);
    case 'and':
    case 'or':
      return junctionNode(e.op, e.args.map(sub), width);
    case 'in':
      return inNode(sub(e.a), e.set, width);
    case 'if':
      return condNode([{ when: sub(e.cond), then: sub(e.then) }], sub(e.else), p.lanes);
    case 'cond': {
      const table = keyedTable(e);
      if (table) return keyedNode(table, e.else, sub, p.lanes);
      return condNode(e.branches.map((b) => ({ when: sub(b.when), then: sub(b.then) })), e.else && sub(e.else), p.lanes);
    }
    case 'collect':
      return collectNode(e.items.map((i) => sub(i.when)), e.items.map((i) => i.key), width);
    case 'round':
      return roundNode(e, sub, p.lanes);
    case 'places':
      return placesNode(e.places, sub(e.a), width);
    case 'neg':
      return negNode(sub(e.a), width);
    case 'abs':
      return absNode(sub(e.a), width);
    case 'minmax':
      return minMaxNode(e.fn, e.args.map(sub), width);
    case 'ordinal':
      return ordinalNode(e.order, sub(e.a), width);
    case 'within':
      return withinNode(e.ranges, sub(e.a), p.lanes);
    case 'count': {
      if (!e.value) return lengthNode(sub(e.list), width);
      const scan = scanOf(e.list, e.value, p);
      return scan ? scan.count : countNode(sub(e.list), sub(e.value), width);
    }
    case 'run': {
      const n = e.n.op === 'const' && typeof e.n.value === 'number' ? e.n.value : undefined;
      const scan = n === undefined ? undefined : scanOf(e.list, e.value, p);
      return scan ? scan.atLeast(n!) : runNode(sub(e.list), sub(e.value), sub(e.n), width);
    }
    case 'list':
    case 'contains':
    case 'all':
    case 'sum':
    case 'last':
      // What the closure reads must be in the register files: the values computed before it,
      // and the inputs (read into columns first, when a reader fills them).
      // (The date always: dated values inside the operation read it.)
      p.inFiles.add(p.closures.asOfReg);
      walk(e, (x) => {
        if (x.op === 'ref') p.inFiles.add(p.closures.valueRegs.get(x.name)!);
        else if (x.op === 'input') {
          const r = p.closures.inputRegs.get(x.name)!;
          p.read.add(r);
          p.inFiles.add(r);
        }
      });
      return closureNode(p.closures.planStep(e, p.name), p.lanes);
  }
}
