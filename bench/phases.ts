/**
 * @module bench/phases
 * Where one `ruleset.evaluator` call spends its time, on the eval workload, timed cumulatively
 * with the project's own building blocks on one reused register file (as the evaluator runs):
 * reading and checking the input object (`inputReader`), then also running the straight-line
 * plan of all outputs (`toClosures`), then the whole call (which adds converting the outputs and
 * building the result object). Each phase is the difference of two medians, in nanoseconds per
 * evaluation.
 *
 * Each cumulative step runs in a fresh process (`node bench/phases.ts read|plan|all`), so no
 * other code changes what V8 makes of it, and so the plan it runs is the only one, and owns
 * the unrolled call sites, as the evaluator's plan does in a server (see `src/hot-sites.ts`).
 * Run without an argument, it runs the three and prints one JSON line of {@link Phases}.
 */
import { spawnSync } from 'node:child_process';
import { toClosures } from '../src/backend/closures/index.ts';
import { inputReader } from '../src/schema/reader.ts';
import { summarize } from './stats.ts';
import { compileSeed, generateCases, type Case } from './workload.ts';

export interface Phases {
  readonly readNs: number;
  readonly planNs: number;
  readonly resultNs: number;
}

const STEPS = ['read', 'plan', 'all'] as const;
type Step = (typeof STEPS)[number];

let sink: unknown;

/** Median ns per evaluation of one cumulative step. */
function measureStep(step: Step, rounds = 9, perRound = 100_000): number {
  const rs = compileSeed('jilin-example');
  const cases = generateCases();
  const program = toClosures(rs.core);
  const read = inputReader(rs.inputs, rs.requiredInputs());
  const straight = program.straight(rs.core.outputs);
  const env = program.newEnv();
  const run = rs.evaluator();
  const f: (c: Case) => unknown =
    step === 'read'
      ? (c) => read(c.input, env.regs)
      : step === 'plan'
        ? (c) => {
            if (!read(c.input, env.regs)) throw new Error('workload input rejected');
            env.regs[program.asOfReg] = c.asOf;
            env.gen++;
            return straight(env);
          }
        : (c) => run(c.input, c.asOf);
  const n = cases.length;
  const time = () => {
    const t0 = performance.now();
    for (let i = 0; i < perRound; i++) sink = f(cases[i % n]!);
    return ((performance.now() - t0) * 1e6) / perRound;
  };
  time(); // warm-up
  const ns = Array.from({ length: rounds }, time);
  if (sink === Symbol.for('never')) console.log();
  return summarize(ns).median;
}

/** The three phases, each cumulative step in its own process. */
export function measurePhases(): Phases {
  const [read, plan, all] = STEPS.map((step) => {
    const child = spawnSync(process.execPath, [import.meta.filename, step], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`bench/phases.ts ${step} failed: ${child.stderr}`);
    return Number(child.stdout.trim().split('\n').at(-1));
  }) as [number, number, number];
  return { readNs: read, planNs: plan - read, resultNs: all - plan };
}

if (import.meta.main) {
  const step = process.argv[2] as Step | undefined;
  if (step && !STEPS.includes(step)) throw new Error(`usage: node bench/phases.ts [${STEPS.join('|')}]`);
  console.log(step ? String(measureStep(step)) : JSON.stringify(measurePhases()));
}
