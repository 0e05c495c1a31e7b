/**
 * @module bench/phases
 * Where one `ruleset.evaluator` call spends its time, on the eval workload: the evaluator is
 * timed cumulatively, phase by phase, with the project's own building blocks on one reused
 * register file (as the evaluator runs): reading and checking the input object (`inputReader`),
 * then also running the straight-line plan of all outputs (`toClosures`), then the whole call
 * (which adds converting the outputs and building the result object). Each phase is the
 * difference of two medians, in nanoseconds per evaluation, the steps taking turns round by
 * round. It runs in a fresh process (as `node bench/phases.ts`, printing one JSON line), so the
 * other contestants' code does not change what V8 makes of the evaluator's.
 *
 * The planner and the input reader are imported a second time (as their own module instances)
 * for the read and plan steps: the first plan or reader to get hot owns its module's unrolled
 * sites (`src/hot-sites.ts`), so the steps and the evaluator each get their own, as the
 * evaluator does in a server.
 */
import type { toClosures as ToClosures } from '../src/backend/closures/index.ts';
import type { Ruleset } from '../src/ruleset.ts';
import type { inputReader as InputReader } from '../src/schema/reader.ts';
import { summarize } from './stats.ts';
import { compileSeed, generateCases, type Case } from './workload.ts';

// A variable specifier: the type checker has no file for `…?phases` (it is the same file).
const ownInstance = '../src/backend/closures/index.ts?phases';
const { toClosures } = (await import(ownInstance)) as { toClosures: typeof ToClosures };
// The reader too: the first reader to get hot owns its module's load sites.
const ownReader = '../src/schema/reader.ts?phases';
const { inputReader } = (await import(ownReader)) as { inputReader: typeof InputReader };

export interface Phases {
  readonly readNs: number;
  readonly planNs: number;
  readonly resultNs: number;
}

let sink: unknown;

export function measurePhases(rs: Ruleset, cases: readonly Case[], rounds = 9, perRound = 100_000): Phases {
  const program = toClosures(rs.core);
  const read = inputReader(rs.inputs, rs.requiredInputs());
  const straight = program.straight(rs.core.outputs);
  const env = program.newEnv();
  const run = rs.evaluator();
  const n = cases.length;
  const time = (f: (c: Case) => unknown) => {
    const t0 = performance.now();
    for (let i = 0; i < perRound; i++) sink = f(cases[i % n]!);
    return ((performance.now() - t0) * 1e6) / perRound;
  };
  const steps = {
    read: (c: Case) => read(c.input, env.regs),
    plan: (c: Case) => {
      if (!read(c.input, env.regs)) throw new Error('workload input rejected');
      env.regs[program.asOfReg] = c.asOf;
      env.gen++;
      return straight(env);
    },
    all: (c: Case) => run(c.input, c.asOf),
  };
  for (const f of Object.values(steps)) time(f); // warm-up
  const ns: Record<keyof typeof steps, number[]> = { read: [], plan: [], all: [] };
  for (let r = 0; r < rounds; r++) for (const [name, f] of Object.entries(steps)) ns[name as keyof typeof steps].push(time(f));
  if (sink === Symbol.for('never')) console.log();
  const [a, b, c] = [ns.read, ns.plan, ns.all].map((x) => summarize(x).median) as [number, number, number];
  return { readNs: a, planNs: b - a, resultNs: c - b };
}

if (import.meta.main) console.log(JSON.stringify(measurePhases(compileSeed('jilin-example'), generateCases())));
