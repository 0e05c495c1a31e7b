/**
 * @module backend/columns/tables
 * A table keyed by one value (see `core/keyed.ts`) as columns: the lanes are sorted into one
 * bucket per key value in a single pass, and each bucket runs only its own rows (in row order,
 * so `hit first` is unchanged) on its own lanes. A bucket whose first row tests nothing else
 * is that row's value (a value table: grade → coefficient).
 */
import type { Core } from '../../core/ir.ts';
import type { KeyedTable } from '../../core/keyed.ts';
import { intern } from '../../runtime.ts';
import { condNode, junctionNode } from './choices.ts';
import { asAny, copier, ENUM, joinKinds, newColumn, newSelection, NUM, sizeOf, type Lanes, type Node } from './lanes.ts';

/** Plans the rows of `table` (`orElse`: the table's `else`) with `plan`, one bucket per key value and one for any other key. */
export function keyedNode(table: KeyedTable, orElse: Core | undefined, plan: (e: Core) => Node, lanes: Lanes): Node {
  const { width } = lanes;
  const keyNode = plan(table.key);
  const key = keyNode.kind === NUM || keyNode.kind === ENUM ? keyNode : asAny(keyNode, width);
  const values = table.values.map(intern);
  const nv = values.length;
  const index = new Map(values.map((v, j) => [v, j]));
  // Bucket j holds the rows for values[j] and the rows that do not test the key; bucket nv, those only.
  const bucketNodes = [...values, undefined].map((v, j) => {
    const rows = table.rows.filter((r) => !r.values || (j < nv && r.values.map(intern).includes(v as never)));
    const first = rows[0];
    if (first && first.rest.length === 0) return plan(first.then);
    const arms = rows.map((r) => ({ when: r.rest.length === 1 ? plan(r.rest[0]!) : junctionNode('and', r.rest.map(plan), width), then: plan(r.then) }));
    return condNode(arms, orElse && plan(orElse), lanes);
  });
  const { kind, members, as } = joinKinds(bucketNodes, width);
  const buckets = bucketNodes.map(as);
  const copy = copier(kind);
  const out = newColumn(kind, width);
  const sels = buckets.map(() => newSelection(width));
  const counts = new Int32Array(buckets.length);
  const k = key.col;
  // The bucket of each member's number, for a key that is an enum member by number.
  const bucketOfCode = key.kind === ENUM ? Int32Array.from(key.members!, (m) => index.get(m) ?? nv) : undefined;
  return {
    kind,
    ...(members ? { members } : {}),
    col: out,
    size: sizeOf(true, [key, ...buckets]),
    run: (sel, m) => {
      key.run(sel, m);
      counts.fill(0);
      if (bucketOfCode) {
        // An enum member by its number: its bucket looked up, no scan.
        for (let q = 0; q < m; q++) {
          const i = sel[q]!;
          const b = bucketOfCode[k[i]] ?? nv;
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
