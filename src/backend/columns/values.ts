/**
 * @module backend/columns/values
 * Column loops for the operations that compute a value from their operands' values in the
 * same lane: arithmetic, comparisons, money, rounding, membership, list counts. Each loop is
 * its own function literal over one kind of column (V8's feedback for `+` or `<` stays
 * specific to it) and computes exactly what the closure of the same operation does, with the
 * same runtime helpers.
 */
import { insideRange, quotientRound, type Core, type CoreRange } from '../../core/ir.ts';
import { countOf, divMoney, divRoundHalfUp, FLOAT_EXACT, hasRun, intern, mulDivRound, mulDivRoundBig, mulMoney, RATE_SCALE, roundTo, roundToPlaces, scaleRate } from '../../runtime.ts';
import { ANY, asAny, asBool, asNum, BOOL, codeNode, ENUM, fail, newColumn, NUM, sameMembers, sizeOf, type Column, type Kind, type Lanes, type Node } from './lanes.ts';

type Loop2 = (a: Column, b: Column, out: Column, sel: Int32Array, m: number) => void;
type Loop1 = (a: Column, out: Column, sel: Int32Array, m: number) => void;

/** A node of `kind` computing `out[i]` from `a[i]` and `b[i]` by `loop` (which cannot fail a lane unless `pure` is false). */
function binary(kind: Kind, a: Node, b: Node, width: number, loop: Loop2, pure = true): Node {
  const out = newColumn(kind, width);
  const x = a.col;
  const y = b.col;
  return { kind, col: out, run: (sel, m) => { a.run(sel, m); b.run(sel, m); loop(x, y, out, sel, m); }, size: sizeOf(pure, [a, b]) };
}

/** A node of `kind` computing `out[i]` from `a[i]` by `loop` (which cannot fail a lane unless `pure` is false). */
function unary(kind: Kind, a: Node, width: number, loop: Loop1, pure = true): Node {
  const out = newColumn(kind, width);
  const x = a.col;
  return { kind, col: out, run: (sel, m) => { a.run(sel, m); loop(x, out, sel, m); }, size: sizeOf(pure, [a]) };
}

/** A number node computing `out[i]` from the number `a[i]` by `loop`. */
const numeric = (a: Node, width: number, loop: Loop1, pure = true) => unary(NUM, asNum(a, width), width, loop, pure);

const ARITH: Record<'+' | '-' | '*' | '/', Loop2> = {
  '+': (a, b, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = a[i] + b[i]; } },
  '-': (a, b, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = a[i] - b[i]; } },
  '*': (a, b, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = a[i] * b[i]; } },
  // (By a divisor that cannot be 0: see arithNode.)
  '/': (a, b, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = a[i] / b[i]; } },
};

/**
 * `a fn b`; a zero divisor fails the lane (JavaScript would answer Infinity or NaN). A constant
 * divisor other than 0 cannot: that division is pure, and may run on lanes that do not need it.
 */
export function arithNode(fn: '+' | '-' | '*' | '/', a: Node, b: Node, lanes: Lanes): Node {
  const { width } = lanes;
  const [x, y] = [asNum(a, width), asNum(b, width)];
  if (fn !== '/' || (y.constant && y.col[0] !== 0)) return binary(NUM, x, y, width, ARITH[fn]);
  return binary(NUM, x, y, width, (p, q, out, sel, m) => {
    for (let k = 0; k < m; k++) {
      const i = sel[k]!;
      const d = q[i];
      if (d === 0) fail(lanes, i);
      out[i] = p[i] / d;
    }
  }, false);
}

// `==` is identity: values are numbers, strings, booleans or enum members (lists are never compared).
const CMP: Record<'==' | '!=' | '<' | '<=' | '>' | '>=', Loop2> = {
  '==': (a, b, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = +(a[i] === b[i]); } },
  '!=': (a, b, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = +(a[i] !== b[i]); } },
  '<': (a, b, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = +(a[i] < b[i]); } },
  '<=': (a, b, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = +(a[i] <= b[i]); } },
  '>': (a, b, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = +(a[i] > b[i]); } },
  '>=': (a, b, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = +(a[i] >= b[i]); } },
};
// The same loops over numbers: a loop of its own sees one kind of array.
const CMP_NUM: Record<keyof typeof CMP, Loop2> = {
  '==': (a, b, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = +(a[i] === b[i]); } },
  '!=': (a, b, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = +(a[i] !== b[i]); } },
  '<': (a, b, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = +(a[i] < b[i]); } },
  '<=': (a, b, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = +(a[i] <= b[i]); } },
  '>': (a, b, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = +(a[i] > b[i]); } },
  '>=': (a, b, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = +(a[i] >= b[i]); } },
};

// Enum members by number: identity of members is identity of their numbers.
const CMP_CODE: Record<'==' | '!=', Loop2> = {
  '==': (a, b, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = +(a[i] === b[i]); } },
  '!=': (a, b, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = +(a[i] !== b[i]); } },
};

/**
 * `a fn b`: numbers with numbers; members of one enum by their numbers (`==`, `!=`, a constant
 * member numbered too: -1 if it is none); anything else as plain values (booleans as `true`/`false`).
 */
export function cmpNode(fn: keyof typeof CMP, a: Node, b: Node, width: number): Node {
  if (a.kind === NUM && b.kind === NUM) return binary(BOOL, a, b, width, CMP_NUM[fn]);
  if ((fn === '==' || fn === '!=') && (a.kind === ENUM || b.kind === ENUM)) {
    const members = (a.kind === ENUM ? a : b).members!;
    const numbered = (x: Node): Node | undefined =>
      x.kind === ENUM ? (sameMembers(x.members!, members) ? x : undefined) : x.constant && x.kind === ANY ? codeNode(members.indexOf(x.col[0]), members, width) : undefined;
    const [x, y] = [numbered(a), numbered(b)];
    if (x && y) return binary(BOOL, x, y, width, CMP_CODE[fn]);
  }
  return binary(BOOL, asAny(a, width), asAny(b, width), width, CMP[fn]);
}

export const notNode = (a: Node, width: number): Node =>
  unary(BOOL, asBool(a, width), width, (x, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = 1 - x[i]; } });

/** `a in set`: an enum member's number tested in a mask; identity with up to 8 members (enum members are interned), else a hash lookup. */
export function inNode(a: Node, set: readonly unknown[], width: number): Node {
  if (a.kind === ENUM) {
    const mask = a.members!.reduce((bits, m, code) => (set.includes(m) ? bits | (1 << code) : bits), 0);
    return unary(BOOL, a, width, (c, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = (mask >>> c[i]) & 1; } });
  }
  const x = a.kind === NUM ? a : asAny(a, width);
  if (set.length > 8) {
    const s = new Set(set);
    return unary(BOOL, x, width, (c, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = +s.has(c[i]); } });
  }
  const members = set.map(intern);
  const n = members.length;
  return unary(BOOL, x, width, (c, out, sel, m) => {
    for (let k = 0; k < m; k++) {
      const i = sel[k]!;
      const v = c[i];
      let hit = 0;
      for (let j = 0; j < n; j++) hit |= +(members[j] === v);
      out[i] = hit;
    }
  });
}

/** Money (fen) × or ÷ a decimal, as the closures' `planMoney` computes it (exact, rounded by `mode` to `step` fen). */
export function moneyNode(e: Core & { op: 'money' }, a: Node, b: Node, lanes: Lanes): Node {
  const mode = e.mode ?? 'half_up';
  const step = e.step ?? 1;
  const { width } = lanes;
  if (b.constant && b.kind === NUM) {
    // A constant rate is scaled once, at plan time.
    const scaled = scaleRate(b.col[0]);
    const [mul, d] = e.fn === '*' ? [scaled, RATE_SCALE] : [RATE_SCALE, scaled];
    if (e.fn === '/' && scaled === 0) return numeric(a, width, (_, out, sel, m) => { for (let k = 0; k < m; k++) { fail(lanes, sel[k]!); out[sel[k]!] = 0; } }, false);
    if (mode === 'half_up' && step === 1 && Math.abs(d) <= FLOAT_EXACT) {
      return numeric(a, width, (x, out, sel, m) => {
        for (let k = 0; k < m; k++) {
          const i = sel[k]!;
          const n = x[i] * mul;
          out[i] = n <= FLOAT_EXACT && n >= -FLOAT_EXACT ? divRoundHalfUp(n, d) : mulDivRoundBig(x[i], mul, d, 'half_up');
        }
      });
    }
    const ds = d * step;
    return numeric(a, width, (x, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = mulDivRound(x[i], mul, ds, mode) * step; } });
  }
  const [x, y] = [asNum(a, width), asNum(b, width)];
  if (e.fn === '*') return binary(NUM, x, y, width, (p, q, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = mulMoney(p[i], q[i], mode, step); } });
  // A rate that is 0 at the 6 decimal places money is divided by fails, as a zero divisor does.
  return binary(NUM, x, y, width, (p, q, out, sel, m) => {
    for (let k = 0; k < m; k++) {
      const i = sel[k]!;
      if (scaleRate(q[i]) === 0) {
        fail(lanes, i);
        out[i] = 0;
      } else out[i] = divMoney(p[i], q[i], mode, step);
    }
  }, false);
}

/**
 * Rounding to a multiple of `step`, as {@link roundTo}. Whole units of a quotient by a
 * constant (`ceil(h / 300)`, `floor((h - 3000) / 500)`) are one loop, as in the closures.
 */
export function roundNode(e: Core & { op: 'round' }, plan: (x: Core) => Node, lanes: Lanes): Node {
  const { mode, step } = e;
  const { width } = lanes;
  const q = quotientRound(e);
  if (q) {
    const { c, d } = q;
    return numeric(plan(q.x), width, q.floor
      ? (x, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = Math.floor((x[i] - c) / d) + 0; } }
      : (x, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = Math.ceil((x[i] - c) / d) + 0; } });
  }
  const a = plan(e.a);
  if (step === 1 && mode === 'floor') return numeric(a, width, (x, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = Math.floor(x[i]) + 0; } });
  if (step === 1 && mode === 'ceil') return numeric(a, width, (x, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = Math.ceil(x[i]) + 0; } });
  return numeric(a, width, (x, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = roundTo(x[i], mode, step); } });
}

export const placesNode = (places: number, a: Node, width: number): Node =>
  numeric(a, width, (x, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = roundToPlaces(x[i], places); } });

export const negNode = (a: Node, width: number): Node => numeric(a, width, (x, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = 0 - x[i]; } });

export const absNode = (a: Node, width: number): Node => numeric(a, width, (x, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = Math.abs(x[i]); } });

/** `min`/`max` of the arguments, first to last (as the closures compare them). */
export function minMaxNode(fn: 'min' | 'max', args: readonly Node[], width: number): Node {
  const nums = args.map((a) => asNum(a, width));
  const out = newColumn(NUM, width);
  const cols = nums.map((a) => a.col as Float64Array);
  const min = fn === 'min';
  return {
    kind: NUM,
    col: out,
    size: sizeOf(true, nums),
    run: (sel, m) => {
      for (const a of nums) a.run(sel, m);
      for (let k = 0; k < m; k++) {
        const i = sel[k]!;
        let best = cols[0]![i]!;
        for (let j = 1; j < cols.length; j++) {
          const v = cols[j]![i]!;
          if (min ? v < best : v > best) best = v;
        }
        out[i] = best;
      }
    },
  };
}

/** An enum value's position in `order` (-1 if not a member). */
export function ordinalNode(order: readonly string[], a: Node, width: number): Node {
  const index = new Map(order.map((m, i) => [intern(m), i]));
  if (a.kind === ENUM) {
    const position = Float64Array.from(a.members!, (m) => index.get(m) ?? -1);
    return unary(NUM, a, width, (x, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = position[x[i]] ?? -1; } });
  }
  return unary(NUM, asAny(a, width), width, (x, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = index.get(x[i]) ?? -1; } });
}

/** `a`, failing the lane where it is outside any of `ranges`. */
export function withinNode(ranges: readonly CoreRange[], a: Node, lanes: Lanes): Node {
  const x = a.kind === BOOL || a.kind === ENUM ? asAny(a, lanes.width) : a;
  return unary(x.kind, x, lanes.width, (c, out, sel, m) => {
    for (let k = 0; k < m; k++) {
      const i = sel[k]!;
      const v = c[i];
      for (let r = 0; r < ranges.length; r++) if (!insideRange(ranges[r]!, v)) { fail(lanes, i); break; }
      out[i] = v;
    }
  }, false);
}

/** `count(list)`, `count(list, value)`, `consecutive(list, value, n)`. */
export const lengthNode = (list: Node, width: number): Node => unary(NUM, list, width, (x, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = x[i].length; } });
export const countNode = (list: Node, value: Node, width: number): Node =>
  binary(NUM, list, asAny(value, width), width, (x, v, out, sel, m) => { for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = countOf(x[i], v[i]); } });
export function runNode(list: Node, value: Node, n: Node, width: number): Node {
  const out = newColumn(BOOL, width);
  const [v, c] = [asAny(value, width), asNum(n, width)];
  const [xs, vs, cs] = [list.col, v.col, c.col];
  return {
    kind: BOOL,
    col: out,
    size: sizeOf(true, [list, v, c]),
    run: (sel, m) => {
      list.run(sel, m);
      v.run(sel, m);
      c.run(sel, m);
      for (let k = 0; k < m; k++) { const i = sel[k]!; out[i] = +hasRun(xs[i], vs[i], cs[i]); }
    },
  };
}
