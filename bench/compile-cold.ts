/**
 * @module bench/compile-cold
 * One cold compile in a fresh process (spawned by `bench/compile.ts`): how long importing the
 * compiler takes, then the first `compile` of one rule set. Prints one JSON line.
 *
 * `node bench/compile-cold.ts <seed id | generated>`
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const id = process.argv[2] ?? 'jilin-example';
const rulesDir = join(import.meta.dirname, '..', 'rules');
const seeds = new Map(['cn', 'jilin', 'jilin-example', 'huangshi', 'shenyang'].map((s) => [s, { name: `rules/${s}.rules`, text: readFileSync(join(rulesDir, `${s}.rules`), 'utf8') }]));
const { generateRuleset } = await import('./generate.ts');
const file = id === 'generated' ? { name: 'generated.rules', text: generateRuleset() } : seeds.get(id)!;

const t0 = performance.now();
const { compile } = await import('../src/ruleset.ts');
const t1 = performance.now();
const r = compile(file, { resolve: (x) => seeds.get(x) });
const t2 = performance.now();
if (!r.ruleset) throw new Error(`${id} does not compile`);
console.log(JSON.stringify({ id, importMs: t1 - t0, firstCompileMs: t2 - t1 }));
