/**
 * @module backend/closures/predicates
 * Conditions as tests: a condition on a register (`flag`, `not flag`, `x <= 3000`,
 * `post == head`, `education in [...]`) becomes a small record: checked inline by {@link holds}
 * (clause items, long junctions and buckets), or written out in a choice (`choices.ts`: `if`,
 * each test of a junction's branch program, each row test of a table's bucket). Anything else
 * is a test that calls its planned closure.
 */
import { SWAPPED_CMP, type Const, type Core } from '../../core/ir.ts';
import { intern } from '../../runtime.ts';
import { callOperand, constOperand, isScalar, REG, type Env, type Fn, type Operand } from './env.ts';
import { CHAINED, planChoice } from './choices.ts';
import { planScans } from './scans.ts';
import { TEST_CALL as CALL, TEST_EQ as EQ, TEST_GE as GE, TEST_GT as GT, TEST_IN as IN, TEST_LE as LE, TEST_LT as LT, TEST_NE as NE, TEST_TRUTHY as TRUTHY } from './test-kinds.ts';

/** One condition; every test has every field (one object shape). */
export interface Test {
  readonly op: number;
  readonly reg: number;
  readonly c: Const;
  readonly set: readonly Const[];
  readonly fn: Fn;
  /** The test holds when the check is false. */
  readonly neg: boolean;
}

const OPS = { '==': EQ, '!=': NE, '<': LT, '<=': LE, '>': GT, '>=': GE } as const;
const none: Fn = () => false;
const test = (op: number, reg: number, c: Const, set: readonly Const[], fn: Fn, neg: boolean): Test => ({ op, reg, c: intern(c), set: set.map(intern), fn, neg });

/**
 * Whether test `t` holds in `env` (a plain function: V8 inlines it into its callers). A flag holds
 * a boolean (the checker's types), so it is compared with `true` rather than converted to one.
 */
export function holds(t: Test, env: Env): boolean {
  const x = env.regs[t.reg];
  let r: boolean;
  switch (t.op) {
    case TRUTHY: r = x === true; break;
    case EQ: r = x === t.c; break;
    case NE: r = x !== t.c; break;
    case LT: r = x < t.c!; break;
    case LE: r = x <= t.c!; break;
    case GT: r = x > t.c!; break;
    case GE: r = x >= t.c!; break;
    case IN: {
      const s = t.set;
      r = false;
      for (let i = 0; i < s.length; i++) if (s[i] === x) { r = true; break; }
      break;
    }
    default: r = !!t.fn(env);
  }
  return r !== t.neg;
}

/** Plans what a test needs: operands of its sides, or the whole condition as a closure. */
export interface TestPlanner {
  operand(e: Core): Operand;
  plan(e: Core): Fn;
}

/** Leaves plan to operands without planning anything below them. */
const isLeaf = (e: Core) => e.op === 'input' || e.op === 'ref' || e.op === 'asOf' || e.op === 'const';

/**
 * The test for condition `e` (negated when `neg`). A flag test (TRUTHY) reads a register that
 * holds a boolean, or undefined for an input not given, as in every program the checker accepts.
 */
export function testOf(e: Core, p: TestPlanner, neg = false): Test {
  if (e.op === 'not') return testOf(e.a, p, !neg);
  if (e.op === 'input' || e.op === 'ref') {
    const o = p.operand(e);
    if (o.k === REG) return test(TRUTHY, o.reg, null, [], none, neg);
  }
  if (e.op === 'cmp' && isLeaf(e.a) && isLeaf(e.b)) {
    const a = p.operand(e.a);
    const b = p.operand(e.b);
    if (a.k === REG && isScalar(b)) return test(OPS[e.fn], a.reg, b.value, [], none, neg);
    if (b.k === REG && isScalar(a)) return test(OPS[SWAPPED_CMP[e.fn]], b.reg, a.value, [], none, neg);
  }
  if (e.op === 'in') {
    const a = isLeaf(e.a) ? p.operand(e.a) : undefined;
    if (a?.k === REG && e.set.length <= 8) return test(IN, a.reg, null, e.set, none, neg);
    const f = p.plan(e.a);
    const set = new Set(e.set);
    return test(CALL, 0, null, [], (env) => set.has(f(env)), neg);
  }
  return test(CALL, 0, null, [], p.plan(e), neg);
}

/** Condition `e` as tests that must all hold: the operands of an `and` (recursively), or `e` alone. */
export function conjunctsOf(e: Core, p: TestPlanner): Test[] {
  return e.op === 'and' ? e.args.flatMap((a) => conjunctsOf(a, p)) : [testOf(e, p)];
}

/** A test as a closure returning a boolean. */
export function testFn(t: Test): Fn {
  if (t.op === CALL) {
    const f = t.fn;
    return t.neg ? (env) => !f(env) : (env) => !!f(env);
  }
  return (env) => holds(t, env);
}

/** Where a branch program ends: the condition holds, or it does not. */
const HOLDS = -1;
const FAILS = -2;

/**
 * `and`/`or` over conditions (negated when `neg`, for `not (a or b)`), however nested, as one
 * branch program: its tests, each with the test to go to when it holds and when it does not (or
 * the answer). Tests are checked in the order and as far as `and`/`or` short-circuit, like the
 * JSON Logic backend. Each test is a choice (`choices.ts`, the comparison written out) between
 * the closures of what it leads to; past {@link CHAINED} tests, a loop over them through `holds`.
 */
export function planJunction(op: 'and' | 'or', args: readonly Core[], p: TestPlanner, neg: boolean): Fn {
  const tests: Test[] = [];
  const onTrue: number[] = [];
  const onFalse: number[] = [];
  // (Its own junction was offered to `planScans` by `planBool` already.)
  const root: Core = { op, args: [...args] };
  // Planned from the last test back, so that each knows where to go next.
  const branch = (e: Core, yes: number, no: number): number => {
    if (e.op === 'not') return branch(e.a, no, yes);
    // A nested junction over one list is one scan (see `scans.ts`), a test calling out.
    const scan = e !== root && (e.op === 'and' || e.op === 'or') ? planScans(e.op, e.args, p, false) : undefined;
    if (scan) tests.push(test(CALL, 0, null, [], scan, false));
    else if (e.op === 'and' || e.op === 'or') {
      // and: each operand goes on to the next when it holds; or: when it does not.
      let target = e.op === 'and' ? yes : no;
      for (let i = e.args.length - 1; i >= 0; i--) target = e.op === 'and' ? branch(e.args[i]!, target, no) : branch(e.args[i]!, yes, target);
      return target;
    } else tests.push(testOf(e, p));
    onTrue.push(yes);
    onFalse.push(no);
    return tests.length - 1;
  };
  const entry = branch(root, neg ? FAILS : HOLDS, neg ? HOLDS : FAILS);
  if (tests.length > CHAINED) {
    const yes = Int32Array.from(onTrue);
    const no = Int32Array.from(onFalse);
    return (env) => {
      let i = entry;
      while (i >= 0) i = holds(tests[i]!, env) ? yes[i]! : no[i]!;
      return i === HOLDS;
    };
  }
  const nodes: Fn[] = [];
  const arm = (j: number): Operand => (j === HOLDS ? constOperand(true) : j === FAILS ? constOperand(false) : callOperand(node(j)));
  const node = (i: number): Fn => (nodes[i] ??= planChoice(tests[i]!, arm(onTrue[i]!), arm(onFalse[i]!)));
  if (entry < 0) {
    const answer = entry === HOLDS;
    return () => answer;
  }
  return node(entry);
}

/** Plans a boolean expression (`and`, `or`, `not`, or a single condition). */
export function planBool(e: Core, p: TestPlanner, neg = false): Fn {
  if (e.op === 'not') return planBool(e.a, p, !neg);
  if (e.op === 'and' || e.op === 'or') return planScans(e.op, e.args, p, neg) ?? planJunction(e.op, e.args, p, neg);
  return testFn(testOf(e, p, neg));
}
