/**
 * @module backend/columns/choices
 * The operations that decide which lanes go on: `and`/`or` (each operand runs only on the lanes
 * still undecided, so it short-circuits lane by lane as the closures do), `if` and tables (each
 * branch runs only on the lanes that reached it and chose it), clause sets. Lanes are split
 * without a branch on each one (which way a lane goes is as good as random).
 */
import { intern } from '../../runtime.ts';
import { ANY, asBool, BOOL, cheap, copier, fail, joinKinds, newColumn, newSelection, sizeOf, type Column, type Kind, type Lanes, type Node } from './lanes.ts';

/**
 * `and`/`or` of conditions (truthy values): an operand runs on the lanes the earlier ones left
 * undecided; a lane is decided by the first operand that is false (`and`) or true (`or`).
 */
export function junctionNode(op: 'and' | 'or', operands: readonly Node[], width: number): Node {
  const args = operands.map((a) => asBool(a, width));
  if (cheap(args, DENSE_MOST)) return denseJunction(op, args, width);
  const out = newColumn(BOOL, width);
  const bufs = [newSelection(width), newSelection(width)];
  const decides = +(op === 'or'); // the value that decides a lane
  const undecided = 1 - decides;
  return {
    kind: BOOL,
    col: out,
    size: sizeOf(true, args),
    run: (sel, m) => {
      // Every lane decided until it is kept undecided by every operand.
      for (let k = 0; k < m; k++) out[sel[k]!] = decides;
      let cur = sel;
      let n = m;
      for (let a = 0; a < args.length && n > 0; a++) {
        const arg = args[a]!;
        arg.run(cur, n);
        const c = arg.col;
        const next = bufs[a & 1]!;
        let t = 0;
        for (let k = 0; k < n; k++) {
          const i = cur[k]!;
          next[t] = i;
          t += +(c[i] !== decides);
        }
        cur = next;
        n = t;
      }
      // Undecided after every operand: true for `and`, false for `or`.
      for (let k = 0; k < n; k++) out[cur[k]!] = undecided;
    },
  };
}

/**
 * Operations in pure operands (see `Node.size`) that run on every lane rather than on the lanes
 * that need them: up to this many, one pass each costs less than splitting the lanes.
 */
const DENSE_MOST = 6;

/** `and`/`or` of pure conditions: each on every lane, then combined (a lane that needs fewer computes no less). */
function denseJunction(op: 'and' | 'or', args: readonly Node[], width: number): Node {
  const out = newColumn(BOOL, width);
  const cols = args.map((a) => a.col as Uint8Array);
  const first = cols[0];
  const and = op === 'and';
  return {
    kind: BOOL,
    col: out,
    size: sizeOf(true, args),
    run: (sel, m) => {
      for (const a of args) a.run(sel, m);
      if (!first) for (let k = 0; k < m; k++) out[sel[k]!] = +and;
      else for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = first[i]!; }
      for (let j = 1; j < cols.length; j++) {
        const c = cols[j]!;
        if (and) for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] &= c[i]!; }
        else for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] |= c[i]!; }
      }
    },
  };
}

/**
 * The first branch whose condition holds; `otherwise` for the lanes no branch took. Without
 * it, such a lane has no value: it fails (the caller answers it alone, with its error).
 */
export function condNode(arms: readonly { when: Node; then: Node }[], orElse: Node | undefined, lanes: Lanes): Node {
  const { width } = lanes;
  const { kind, members, as } = joinKinds([...arms.map((a) => a.then), ...(orElse ? [orElse] : [])], width);
  const numbered = members ? { members } : {};
  const copy = copier(kind);
  const branches = arms.map((a) => ({ when: asBool(a.when, width), then: as(a.then) }));
  const otherwise = orElse && as(orElse);
  const parts = [...branches.flatMap((b) => [b.when, b.then]), ...(otherwise ? [otherwise] : [])];
  if (otherwise && cheap(parts, DENSE_MOST)) return { ...denseCond(branches, otherwise, kind, width), ...numbered };
  const out = newColumn(kind, width);
  const taken = newSelection(width);
  const rest = [newSelection(width), newSelection(width)];
  return {
    kind,
    ...numbered,
    col: out,
    size: otherwise ? sizeOf(true, parts) : undefined,
    run: (sel, m) => {
      let cur = sel;
      let n = m;
      for (let b = 0; b < branches.length && n > 0; b++) {
        const { when, then } = branches[b]!;
        when.run(cur, n);
        const w = when.col;
        const next = rest[b & 1]!;
        let t = 0;
        let f = 0;
        for (let k = 0; k < n; k++) {
          const i = cur[k]!;
          const v = w[i];
          taken[t] = i;
          next[f] = i;
          t += v;
          f += 1 - v;
        }
        if (t > 0) {
          then.run(taken, t);
          copy(then.col, out, taken, t);
        }
        cur = next;
        n = f;
      }
      if (n === 0) return;
      if (otherwise) {
        otherwise.run(cur, n);
        copy(otherwise.col, out, cur, n);
      } else for (let k = 0; k < n; k++) fail(lanes, cur[k]!);
    },
  };
}

/**
 * A choice between pure values by pure conditions, every part on every lane: the `else` value,
 * then from the last branch to the first, each branch's value where its condition holds (so the
 * first that holds is the one left). A lane picks its value without a branch on which it is.
 */
function denseCond(branches: readonly { when: Node; then: Node }[], otherwise: Node, kind: Kind, width: number): Node {
  const out = newColumn(kind, width);
  const pick = newColumn(kind, 2);
  const parts = [...branches.flatMap((b) => [b.when, b.then]), otherwise];
  const copy = copier(kind);
  const choose = chooser(kind);
  return {
    kind,
    col: out,
    size: sizeOf(true, parts),
    run: (sel, m) => {
      for (const p of parts) p.run(sel, m);
      copy(otherwise.col, out, sel, m);
      for (let b = branches.length - 1; b >= 0; b--) choose(branches[b]!.when.col, branches[b]!.then.col, out, pick, sel, m);
    },
  };
}

type Choose = (when: Uint8Array, then: Column, out: Column, pick: Column, sel: Int32Array, m: number) => void;
// One loop per kind of column: `pick` holds the value kept (0) and the branch's (1).
const CHOOSE: readonly Choose[] = [
  (when, then, out, pick, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; pick[0] = out[i]; pick[1] = then[i]; out[i] = pick[when[i]!]; } },
  (when, then, out, pick, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; pick[0] = out[i]; pick[1] = then[i]; out[i] = pick[when[i]!]; } },
  (when, then, out, pick, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; pick[0] = out[i]; pick[1] = then[i]; out[i] = pick[when[i]!]; } },
  (when, then, out, pick, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; pick[0] = out[i]; pick[1] = then[i]; out[i] = pick[when[i]!]; } },
];
const chooser = (kind: Kind): Choose => CHOOSE[kind]!;

/** A clause set: in each lane, the keys of the items whose condition holds, in order (every item is checked). */
export function collectNode(conditions: readonly Node[], keys: readonly unknown[], width: number): Node {
  const whens = conditions.map((w) => asBool(w, width));
  const out = newColumn(ANY, width);
  const cols = whens.map((w) => w.col);
  const interned = keys.map(intern);
  const n = whens.length;
  const at = new Int32Array(n);
  return {
    kind: ANY,
    col: out,
    size: sizeOf(true, whens),
    run: (sel, m) => {
      for (let j = 0; j < n; j++) whens[j]!.run(sel, m);
      for (let k = 0; k < m; k++) {
        const i = sel[k]!;
        let hits = 0;
        for (let j = 0; j < n; j++) {
          at[hits] = j;
          hits += cols[j]![i];
        }
        if (hits === 0) {
          out[i] = [];
          continue;
        }
        const keysHit = new Array(hits);
        for (let h = 0; h < hits; h++) keysHit[h] = interned[at[h]!];
        out[i] = keysHit;
      }
    },
  };
}
