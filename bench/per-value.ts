/**
 * @module bench/per-value
 * What each computed value of `jilin-example` costs in the closures, in nanoseconds per
 * evaluation: for every value, over the workload's inputs, everything is computed once; then
 * only that value is marked stale and recomputed (`get`, so everything it reads is already there).
 * A tool for deciding where the evaluator's next gains are (`npx node bench/per-value.ts`); it
 * prints a table and is not part of `npm run bench`.
 */
import { toClosures } from '../src/backend/closures/index.ts';
import { inputReader } from '../src/schema/reader.ts';
import { compileSeed, generateCases } from './workload.ts';

const ruleset = compileSeed('jilin-example');
const program = toClosures(ruleset.core);
const read = inputReader(ruleset.inputs, ruleset.requiredInputs());
const cases = generateCases().slice(0, 2000);
const envs = cases.map((c) => {
  const env = program.newEnv();
  if (!read(c.input, env.regs)) throw new Error('workload input rejected');
  env.regs[program.asOfReg] = c.asOf;
  env.gen = 1;
  for (const reg of program.valueRegs.values()) program.get(env, reg);
  return env;
});

let sink: unknown;
const PER_ROUND = 200_000;
/** Best of 5 rounds: the noise of a shared machine only ever adds time. */
function nsPerCall(reg: number, recompute = true): number {
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t0 = performance.now();
    for (let k = 0; k < PER_ROUND; k++) {
      const env = envs[k % envs.length]!;
      env.stamp[reg] = 0;
      sink = recompute ? program.get(env, reg) : env.regs[reg];
    }
    best = Math.min(best, ((performance.now() - t0) * 1e6) / PER_ROUND);
  }
  return best;
}

for (const reg of program.valueRegs.values()) nsPerCall(reg); // warm-up: every value through `get`
const rows = [...program.valueRegs].map(([name, reg]) => ({ name, ns: nsPerCall(reg) }));
const loop = nsPerCall(program.asOfReg, false);
if (sink === Symbol.for('never')) console.log();
console.log('value'.padEnd(28), 'ns (best of 5, loop excluded)');
for (const r of rows) console.log(r.name.padEnd(28), (r.ns - loop).toFixed(1).padStart(7));
console.log('total'.padEnd(28), rows.reduce((s, r) => s + r.ns - loop, 0).toFixed(0).padStart(7), `(loop alone: ${loop.toFixed(1)} ns)`);
