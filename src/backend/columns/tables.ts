/**
 * @module backend/columns/tables
 * A table keyed by one value (see `core/keyed.ts`) as columns: the lanes are sorted into one
 * bucket per key value in a single pass, and each bucket runs only its own rows (in row order,
 * so `hit first` is unchanged) on its own lanes. A bucket whose first row tests nothing else
 * is that row's value (a value table: grade → coefficient).
 */
import type { Core } from '../../core/ir.ts';
import { bucketRows, type KeyedTable } from '../../core/keyed.ts';
import { intern } from '../../runtime.ts';
import { condNode, junctionNode } from './choices.ts';
import { asAny, copier, ENUM, fail, joinKinds, newColumn, newSelection, NUM, sizeOf, type Kind, type Lanes, type Node } from './lanes.ts';

/** Plans the rows of `table` (`orElse`: the table's `else`) with `plan`, one bucket per key value and one for any other key. */
export function keyedNode(table: KeyedTable, orElse: Core | undefined, plan: (e: Core) => Node, lanes: Lanes): Node {
  const { width } = lanes;
  const keyNode = plan(table.key);
  const key = keyNode.kind === NUM || keyNode.kind === ENUM ? keyNode : asAny(keyNode, width);
  const values = table.values.map(intern);
  const nv = values.length;
  const index = new Map(values.map((v, j) => [v, j]));
  // Bucket j holds the rows for values[j] and the rows that do not test the key; bucket nv, those only.
  // (undefined: a bucket of no rows and no `else`, whose lanes fail.)
  const bucketNodes = bucketRows(table).map((b) => {
    const rows = b.map((i) => table.rows[i]!);
    const first = rows[0];
    if (first && first.rest.length === 0) return plan(first.then);
    if (!first && !orElse) return undefined;
    const arms = rows.map((r) => ({ when: r.rest.length === 1 ? plan(r.rest[0]!) : junctionNode('and', r.rest.map(plan), width), then: plan(r.then) }));
    return condNode(arms, orElse && plan(orElse), lanes);
  });
  // The kind of the values the rows give: a bucket without any (keys no row is for, in a
  // table that covers every key it can be) does not make them plain values.
  const { kind, members, as } = joinKinds(bucketNodes.filter((b) => b !== undefined), width);
  const buckets = bucketNodes.map((b) => (b ? as(b) : failing(kind, members, lanes)));
  const copy = copier(kind);
  const out = newColumn(kind, width);
  const k = key.col;
  // The bucket of each key by number, where there is one: an enum member's number, or an
  // integer key whose values are a small range of integers (grade 1..7), less the least.
  const direct = directBuckets(key, values, index, nv);
  const sels = buckets.map(() => newSelection(width));
  const counts = new Int32Array(buckets.length);
  const info = { kind, ...(members ? { members } : {}), col: out, size: sizeOf(true, [key, ...buckets]) };
  if (direct && buckets.slice(0, nv).every((b) => b.constant)) {
    // A value table (grade → coefficient): each lane's value read from its key's bucket; only
    // the lanes of no bucket run the rows that do not test the key (or fail, without them).
    const { bucketOf, least } = direct;
    // (One more place, read by the lanes of no bucket before the other rows' values are copied over.)
    const value = newColumn(kind, nv + 1);
    buckets.slice(0, nv).forEach((b, j) => (value[j] = b.col[0]));
    const other = buckets[nv]!;
    const rest = sels[nv]!;
    return {
      ...info,
      run: (sel, m) => {
        key.run(sel, m);
        let r = 0;
        for (let q = 0; q < m; q++) {
          const i = sel[q]!;
          const x = k[i] - least;
          const b = (x >>> 0) === x && x < bucketOf.length ? bucketOf[x]! : nv;
          rest[r] = i;
          r += +(b === nv);
          out[i] = value[b];
        }
        if (r === 0) return;
        other.run(rest, r);
        copy(other.col, out, rest, r);
      },
    };
  }
  return {
    ...info,
    run: (sel, m) => {
      key.run(sel, m);
      counts.fill(0);
      if (direct) {
        const { bucketOf, least } = direct;
        for (let q = 0; q < m; q++) {
          const i = sel[q]!;
          const x = k[i] - least;
          const b = (x >>> 0) === x && x < bucketOf.length ? bucketOf[x]! : nv;
          sels[b]![counts[b]!++] = i;
        }
      } else if (nv <= 8) {
        for (let q = 0; q < m; q++) {
          const i = sel[q]!;
          const v = k[i];
          let b = nv;
          for (let j = 0; j < nv; j++) if (values[j] === v) { b = j; break; }
          sels[b]![counts[b]!++] = i;
        }
      } else {
        for (let q = 0; q < m; q++) {
          const i = sel[q]!;
          const b = index.get(k[i]) ?? nv;
          sels[b]![counts[b]!++] = i;
        }
      }
      for (let b = 0; b < buckets.length; b++) {
        const n = counts[b]!;
        if (n === 0) continue;
        const node = buckets[b]!;
        node.run(sels[b]!, n);
        copy(node.col, out, sels[b]!, n);
      }
    },
  };
}

/** A node of `kind` that fails every lane it is given. */
function failing(kind: Kind, members: readonly string[] | undefined, lanes: Lanes): Node {
  return { kind, ...(members ? { members } : {}), col: newColumn(kind, lanes.width), run: (sel, m) => { for (let q = 0; q < m; q++) fail(lanes, sel[q]!); } };
}

/** Integer keys spanning at most this many numbers are bucketed by a lookup at their number. */
const DIRECT_SPAN = 64;

/**
 * The bucket of each key by its number less `least` (`nv`: none), for an enum member by number
 * (its bucket by position) or a number key whose values are integers within {@link DIRECT_SPAN}.
 */
function directBuckets(key: Node, values: readonly unknown[], index: ReadonlyMap<unknown, number>, nv: number): { bucketOf: Int32Array; least: number } | undefined {
  if (key.kind === ENUM) return { bucketOf: Int32Array.from(key.members!, (m) => index.get(m) ?? nv), least: 0 };
  if (key.kind !== NUM || !values.every((v) => Number.isSafeInteger(v))) return undefined;
  const ns = values as readonly number[];
  const least = Math.min(...ns);
  const span = Math.max(...ns) - least + 1;
  if (span > DIRECT_SPAN) return undefined;
  const bucketOf = new Int32Array(span).fill(nv);
  ns.forEach((v, j) => (bucketOf[v - least] = j));
  return { bucketOf, least };
}
