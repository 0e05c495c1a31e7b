/**
 * @module backend/columns/scans
 * A list scanned once for a value, for every lane of the step that asks: how many items are
 * the value (`count(list, value)`) and the longest run of them (`consecutive(list, value, n)`
 * holds when it is at least `n`). Both are pure, so the scan covers all the step's lanes the
 * first time either is asked for, whichever lanes that is.
 */
import { intern } from '../../runtime.ts';
import { BOOL, constNode, newColumn, NUM, type Lanes, type Node } from './lanes.ts';

export interface Scan {
  /** The count of the value in each lane's list. */
  readonly count: Node;
  /** Whether each lane's list holds `n` of the value in a row. */
  atLeast(n: number): Node;
}

/** A scan of the list in `list` (a register's leaf) for `value`. */
export function listScan(list: Node, value: unknown, lanes: Lanes): Scan {
  const { width } = lanes;
  const v = intern(value);
  const counts = new Float64Array(width);
  const longest = new Float64Array(width);
  const xs = list.col;
  let stamp = -1;
  const ensure = () => {
    if (stamp === lanes.step) return;
    stamp = lanes.step;
    const { live, m } = lanes;
    for (let k = 0; k < m; k++) {
      const i = live[k]!;
      const items = xs[i];
      let c = 0;
      let run = 0;
      let best = 0;
      for (let j = 0; j < items.length; j++) {
        const hit = +(items[j] === v);
        c += hit;
        // One more on a hit, 0 otherwise: `& -hit` keeps or clears it (no branch: items go
        // either way at random; a multiplication by `hit` cost ~7 ns more a list of 15).
        run = (run + 1) & -hit;
        best = run > best ? run : best;
      }
      counts[i] = c;
      longest[i] = best;
    }
  };
  return {
    count: { kind: NUM, col: counts, run: ensure, size: 1 },
    atLeast: (n) => {
      if (n <= 0) return constNode(true, width);
      const out = newColumn(BOOL, width);
      return {
        kind: BOOL,
        col: out,
        size: 2,
        run: (sel, m) => {
          ensure();
          for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = +(longest[i]! >= n); }
        },
      };
    },
  };
}
