/**
 * @module bench/instructions
 * Machine instructions per evaluation, counted by valgrind (cachegrind): a figure that moves by
 * about 1 % between runs where wall-clock time on this shared machine moves by 30 %, for
 * deciding whether a change to the evaluator helps. Not part of `npm run bench` (it needs
 * valgrind, `apt-get install -y valgrind`, and takes a few minutes).
 *
 * The same loop runs twice in a fresh single-threaded V8 (no compiler or GC threads in the
 * count), with N and with 2N evaluations; the difference divided by N is the cost of one
 * evaluation in the steady state (start-up, warm-up and optimising compiles cancel out). First
 * the hand-written floor, then `ruleset.evaluator` by phase, cumulatively as in `phases.ts`:
 * reading and checking the input, then also the straight-line plan, then the whole call.
 * Instructions are not time (cache misses and mispredicted branches are not in them): keep a
 * change that has fewer instructions and is not slower when timed.
 *
 * `npx node bench/instructions.ts [N=150000]`; `node bench/instructions.ts --loop <phase> <n>` is the loop itself.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { toClosures } from '../src/backend/closures/index.ts';
import { inputReader } from '../src/schema/reader.ts';
import { evaluateByHand } from './contestants/hand-written.ts';
import { compileSeed, generateCases } from './workload.ts';

const PHASES = ['floor', 'read', 'plan', 'evaluator'] as const;
type Phase = (typeof PHASES)[number];

/** Runs `n` evaluations of the workload up to the end of `phase`. */
function loop(phase: Phase, n: number): void {
  const rs = compileSeed('jilin-example');
  const cases = generateCases();
  const program = toClosures(rs.core);
  const read = inputReader(rs.inputs, rs.requiredInputs());
  const straight = program.straight(rs.core.outputs);
  const env = program.newEnv();
  const run = rs.evaluator();
  let ok = 0;
  for (let k = 0; k < n; k++) {
    const c = cases[k % cases.length]!;
    if (phase === 'floor') {
      if (evaluateByHand(c.input, c.asOf)) ok++;
      continue;
    }
    if (phase === 'evaluator') {
      if (run(c.input, c.asOf).ok) ok++;
      continue;
    }
    if (!read(c.input, env.regs)) throw new Error('workload input rejected');
    if (phase === 'plan') {
      env.regs[program.asOfReg] = c.asOf;
      env.gen++;
      if (straight(env)) ok++;
    }
  }
  console.log(ok);
}

/** Instructions executed by `node --single-threaded <this file> --loop phase n`. */
function count(phase: Phase, n: number): number {
  const r = spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--smc-check=all', '--cachegrind-out-file=/dev/null', process.execPath, '--single-threaded', import.meta.filename, '--loop', phase, String(n)], { encoding: 'utf8' });
  const m = /I\s+refs:\s+([\d,]+)/.exec(r.stderr);
  if (!m) throw new Error(`valgrind gave no count: ${r.stderr.slice(-500)}`);
  return Number(m[1]!.replace(/,/g, ''));
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  if (args[0] === '--loop') loop(args[1] as Phase, Number(args[2]));
  else {
    try {
      execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
    } catch {
      console.error('valgrind is not installed (apt-get install -y valgrind)');
      process.exit(1);
    }
    const n = Number(args[0] ?? 150_000);
    const perEval: Record<string, number> = {};
    for (const phase of PHASES) {
      perEval[phase] = Math.round((count(phase, 2 * n) - count(phase, n)) / n);
      console.log(`${phase.padEnd(10)} ${perEval[phase]!.toLocaleString('en-US')} instructions per evaluation${phase === 'floor' ? '' : ' (cumulative)'}`);
    }
    console.log(`hand-written floor ${perEval['floor']!.toLocaleString('en-US')}; ruleset.evaluator: reading and checking ${perEval['read']!.toLocaleString('en-US')}, plan ${(perEval['plan']! - perEval['read']!).toLocaleString('en-US')}, result and the rest ${(perEval['evaluator']! - perEval['plan']!).toLocaleString('en-US')}`);
  }
}
