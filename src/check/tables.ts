/**
 * @module check/tables
 * Completeness and consistency of decision tables. Each column's domain (enum members, bools,
 * or the number line cut at every bound the cells mention, limited to the input's declared
 * range) is split into elementary regions; every combination of regions is tested against
 * every row. A combination no row matches is a gap; two matching rows in a `hit unique` table
 * are an overlap; a row that is never the first match in a `hit first` table is unreachable.
 */
import type * as A from '../ast/nodes.ts';
import { M, Note, type Message } from '../messages.ts';
import type { Span } from '../source.ts';
import { fenToYuan } from '../runtime.ts';
import { Consts, NotConstant, type Value } from './consts.ts';
import type { Ctx } from './context.ts';
import { boundRanges, intersection } from './ranges.ts';
import type { Ty } from './types.ts';

/** Combinations beyond this are not enumerated (a warning says so). */
const MAX_CASES = 200_000;

interface Region {
  /** A value inside the region, used to test cells. */
  readonly rep: Value;
  /** How the region reads in a message, e.g. `years_of_service = 3`, `age in 41..45`. */
  readonly show: string;
}

type Pred = (v: Value) => boolean;

/**
 * Checks table `d` with params as `consts` holds them; `date`, for a later period than the first,
 * is said in each message. Returns whether every case was enumerated and some row matches each
 * (false when the table was too large to enumerate, or could not be checked).
 */
export function checkTable(ctx: Ctx, d: A.TableDecl, consts: Consts, date?: string): boolean {
  type Related = readonly { span: Span; message: Message }[];
  const r = date
    ? { error: (span: Span, msg: Message, related?: Related) => ctx.r.error(span, M.fromDate(msg, date), related), warning: (span: Span, msg: Message) => ctx.r.warning(span, M.fromDate(msg, date)) }
    : ctx.r;
  const colTypes = d.columns.map((c) => ctx.valueTypes.get(c.text));
  if (colTypes.some((t) => !t || t.k === 'any') || d.rows.some((r) => r.cells.length !== d.columns.length)) return false;
  let preds: Pred[][];
  let regions: Region[][];
  try {
    preds = d.rows.map((row) => row.cells.map((cell) => predicate(cell, consts)));
    regions = d.columns.map((c, i) => columnRegions(ctx, c.text, colTypes[i]!, d.rows.map((r) => r.cells[i]!), consts));
  } catch (e) {
    if (e instanceof NotConstant) {
      r.error(e.node.span, M.notConstant('a table cell'));
      return false;
    }
    throw e;
  }
  const total = regions.reduce((n, r) => n * r.length, 1);
  if (total > MAX_CASES) {
    r.warning(d.name.span, M.tableTooLarge(total));
    return false;
  }
  // Which rows match each region of each column, as bit sets over rows, computed once; a case's
  // matching rows are then the AND of its regions' sets (prefix ANDs are reused as the last
  // columns vary fastest).
  const words = Math.ceil(preds.length / 32);
  const bits = regions.map((rs, c) => {
    const sets = rs.map(() => new Uint32Array(words));
    // Regions of numbers and dates ascend: an interval cell matches one run of them, found by
    // binary search instead of testing every region (a 500-row table has ~750 per column).
    const ordered = ORDERED.has(colTypes[c]!.k);
    for (let r = 0; r < preds.length; r++) {
      const bit = 1 << (r & 31);
      const run = ordered ? matchingRun(d.rows[r]!.cells[c]!, rs, consts) : undefined;
      if (run) for (let i = run[0]; i < run[1]; i++) sets[i]![r >>> 5]! |= bit;
      else for (let i = 0; i < rs.length; i++) if (preds[r]![c]!(rs[i]!.rep)) sets[i]![r >>> 5]! |= bit;
    }
    return sets;
  });
  const prefix = regions.map(() => new Uint32Array(words));
  const firstHits = new Set<number>();
  const coveredBy = new Map<number, number>();
  const overlaps = new Set<string>();
  let gaps = 0;
  const idx = regions.map(() => 0);
  let from = 0;
  const show = () => regions.map((r, i) => r[idx[i]!]!.show).filter(Boolean).join(', ') || '—';
  for (let n = 0; n < total; n++) {
    for (let c = from; c < regions.length; c++) {
      const own = bits[c]![idx[c]!]!;
      const out = prefix[c]!;
      if (c === 0) out.set(own);
      else {
        const prev = prefix[c - 1]!;
        for (let w = 0; w < words; w++) out[w] = prev[w]! & own[w]!;
      }
    }
    const acc = prefix[regions.length - 1]!;
    let first = -1;
    let second = -1;
    for (let w = 0; w < words; w++) {
      if (d.hit === 'unique' && second >= 0) break;
      let x = acc[w]!;
      while (x !== 0) {
        const r = w * 32 + (31 - Math.clz32(x & -x));
        x &= x - 1;
        if (first < 0) first = r;
        else {
          if (!coveredBy.has(r)) coveredBy.set(r, first);
          if (second < 0) second = r;
          if (d.hit === 'unique') break;
        }
      }
    }
    if (first < 0) {
      if (gaps++ < 3) r.error(d.name.span, M.tableGap(show()));
    } else firstHits.add(first);
    if (d.hit === 'unique' && second >= 0) {
      const key = `${first}:${second}`;
      if (!overlaps.has(key)) {
        overlaps.add(key);
        r.error(d.rows[second]!.span, M.tableOverlap(first + 1, second + 1, show()), [{ span: d.rows[first]!.span, message: Note.coveredBy(first + 1) }]);
      }
    }
    let i = idx.length - 1;
    for (; i >= 0; i--) {
      if (++idx[i]! < regions[i]!.length) break;
      idx[i] = 0;
    }
    from = Math.max(0, i);
  }
  if (d.hit === 'first') {
    d.rows.forEach((row, i) => {
      if (firstHits.has(i)) return;
      const by = coveredBy.get(i) ?? 0;
      r.error(row.span, M.tableUnreachable(i + 1, by + 1), [{ span: d.rows[by]!.span, message: Note.coveredBy(by + 1) }]);
    });
  }
  return gaps === 0;
}

function predicate(cell: A.Cell, consts: Consts): Pred {
  switch (cell.kind) {
    case 'any':
      return () => true;
    case 'oneOf': {
      const vs = cell.values.map((v) => consts.eval(v));
      return (v) => vs.includes(v);
    }
    case 'compare': {
      const b = consts.eval(cell.bound);
      switch (cell.op) {
        case '<': return (v) => v < b;
        case '<=': return (v) => v <= b;
        case '>': return (v) => v > b;
        case '>=': return (v) => v >= b;
        case '!=': return (v) => v !== b;
      }
    }
    // falls through (unreachable)
    case 'range': {
      const lo = cell.low ? consts.eval(cell.low) : undefined;
      const hi = cell.high ? consts.eval(cell.high) : undefined;
      return (v) => (lo === undefined || v >= lo) && (hi === undefined || v <= hi);
    }
  }
}

/** Column types whose regions are built in ascending order (see {@link columnRegions}). */
const ORDERED = new Set<Ty['k']>(['int', 'dec', 'num', 'money', 'date']);

/**
 * The regions `[from, to)` of ascending `regions` that an interval cell (`a..b`, `< b`, `>= a`, …)
 * matches; undefined for other cells.
 */
function matchingRun(cell: A.Cell, regions: readonly Region[], consts: Consts): [number, number] | undefined {
  let low: Value | undefined;
  let high: Value | undefined;
  let lowOpen = false;
  let highOpen = false;
  if (cell.kind === 'range') {
    low = cell.low ? consts.eval(cell.low) : undefined;
    high = cell.high ? consts.eval(cell.high) : undefined;
  } else if (cell.kind === 'compare' && cell.op !== '!=') {
    const b = consts.eval(cell.bound);
    if (cell.op === '<' || cell.op === '<=') (high = b), (highOpen = cell.op === '<');
    else (low = b), (lowOpen = cell.op === '>');
  } else return undefined;
  // First region not below the interval, then first region above it.
  const from = low === undefined ? 0 : firstIndex(regions, (v) => (lowOpen ? v > low! : v >= low!));
  const to = high === undefined ? regions.length : firstIndex(regions, (v) => (highOpen ? v >= high! : v > high!));
  return [from, Math.max(from, to)];
}

/** The first index of ascending `regions` whose value passes `test` (false before, true from there on). */
function firstIndex(regions: readonly Region[], test: (v: Value) => boolean): number {
  let lo = 0;
  let hi = regions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(regions[mid]!.rep)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function cellBounds(cell: A.Cell, consts: Consts): Value[] {
  switch (cell.kind) {
    case 'any': return [];
    case 'oneOf': return cell.values.map((v) => consts.eval(v));
    case 'compare': return [consts.eval(cell.bound)];
    case 'range': return [cell.low, cell.high].filter((x): x is A.Expr => !!x).map((x) => consts.eval(x));
  }
}

function columnRegions(ctx: Ctx, col: string, t: Ty, cells: A.Cell[], consts: Consts): Region[] {
  if (t.k === 'enum') return ctx.enums.get(t.name)!.members.map((m) => ({ rep: m, show: `${col} = ${m}` }));
  if (t.k === 'bool') return [true, false].map((b) => ({ rep: b, show: `${col} = ${b}` }));
  const bounds = new Set<Value>();
  for (const c of cells) for (const b of cellBounds(c, consts)) bounds.add(b);
  if (bounds.size === 0) return [{ rep: t.k === 'text' || t.k === 'date' ? '' : 0, show: '' }];
  if (t.k === 'text') return [...[...bounds].map((b) => ({ rep: b, show: `${col} = "${b}"` })), { rep: '\u0000', show: `${col} = (other)` }];
  // The column's domain: inside every range its declaration and the ones it overrides declare.
  const { low: lo, high: hi } = intersection(boundRanges(ctx, consts, col));
  if (lo !== undefined) bounds.add(lo);
  if (hi !== undefined) bounds.add(hi);
  const sorted = [...bounds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const integral = t.k === 'int' || t.k === 'money';
  const fmt = (v: Value) => (t.k === 'money' ? String(fenToYuan(v as number)) : String(v));
  const inDomain = (v: Value) => (lo === undefined || v >= lo) && (hi === undefined || v <= hi);
  const between = (a: Value | undefined, b: Value | undefined): Region | undefined => {
    if (t.k === 'date') {
      const rep = a === undefined ? prevDay(b as string) : nextDay(a as string);
      if (b !== undefined && rep >= (b as string)) return undefined;
      return { rep, show: a === undefined ? `${col} < ${b}` : b === undefined ? `${col} > ${a}` : `${a} < ${col} < ${b}` };
    }
    const x = a as number | undefined;
    const y = b as number | undefined;
    if (x !== undefined && y !== undefined && integral && y - x <= 1) return undefined;
    const rep = x === undefined ? y! - 1 : y === undefined ? x + 1 : integral ? x + 1 : (x + y) / 2;
    if (!inDomain(rep)) return undefined;
    const step = t.k === 'money' ? 1 : 1;
    const show = x === undefined ? `${col} < ${fmt(y!)}` : y === undefined ? `${col} > ${fmt(x)}`
      : integral ? (y - x === 2 ? `${col} = ${fmt(x + step)}` : `${col} in ${fmt(x + step)}..${fmt(y - step)}`) : `${fmt(x)} < ${col} < ${fmt(y)}`;
    return { rep, show };
  };
  const regions: Region[] = [];
  const push = (r: Region | undefined) => r && regions.push(r);
  push(between(undefined, sorted[0]));
  sorted.forEach((b, i) => {
    if (inDomain(b)) regions.push({ rep: b, show: `${col} = ${fmt(b)}` });
    push(between(b, sorted[i + 1]));
  });
  return regions;
}

function nextDay(d: string): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}
function prevDay(d: string): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
}
