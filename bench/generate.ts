/**
 * @module bench/generate
 * Generates a large, valid rule set for compile-time and memory figures: `defs` definitions
 * (integer, money and boolean, each reading earlier definitions and inputs, so the dependency
 * graph is deep and wide) plus one decision table of `rows` rows over two columns. Every
 * generated text compiles with zero errors (checked by `bench/compile.ts`).
 *
 * Run `node bench/generate.ts > /tmp/generated.rules` to look at it.
 */
import { prng } from './prng.ts';

export interface GenerateOptions {
  readonly defs?: number;
  readonly rows?: number;
  readonly seed?: number;
}

/** Rule text of a generated rule set `generated` (English keywords). */
export function generateRuleset({ defs = 1000, rows = 500, seed = 42 }: GenerateOptions = {}): string {
  const r = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out: string[] = [];
  const line = (s = '') => out.push(s);

  line('ruleset generated');
  line(`  title "Generated rule set: ${defs} definitions and a ${rows}-row decision table"`);
  line('  source "GEN" "Generated for benchmarks"');
  line();
  line('enum band "档次" {');
  for (const b of ['a', 'b', 'c', 'd']) line(`  ${b} "${b.toUpperCase()} 档"`);
  line('}');
  line();
  const N = 20;
  const M = 5;
  const B = 5;
  for (let i = 0; i < N; i++) line(`input n${i}: integer "整数输入 ${i}" in 0..100000`);
  for (let i = 0; i < M; i++) line(`input m${i}: money "金额输入 ${i}" in 0..1000000`);
  for (let i = 0; i < B; i++) line(`input b${i}: bool "布尔输入 ${i}"`);
  line('input kind: band "档次"');
  const scoreMax = Math.ceil(rows / 2) * 10 - 1;
  line(`input score: integer "分数" in 0..${scoreMax}`);
  line();
  const P = 10;
  for (let i = 0; i < P; i++) line(`param rate${i}: decimal "比例 ${i}" in 0..1 = ${(int(1, 99) / 100).toFixed(2)}`);
  for (let i = 0; i < P; i++) line(`param cap${i}: money "上限 ${i}（元）" in 0.. = ${int(1000, 90000)}.${String(int(0, 99)).padStart(2, '0')}`);
  line();

  // The decision table: score in steps of 10, each split by band into two rows.
  line(`table lookup: integer "查找表（${rows} 行）" cite "GEN §0"`);
  line('  hit unique');
  line('  given score, kind');
  for (let k = 0; k < rows; k++) {
    const lo = Math.floor(k / 2) * 10;
    const bands = k % 2 === 0 ? 'a, b' : 'c, d';
    line(`  | ${lo}..${lo + 9} | ${bands} | ${int(1, 9)} |`);
  }
  line();

  const ints: string[] = ['lookup'];
  const moneys: string[] = [];
  const bools: string[] = [];
  const intIn = () => (r() < 0.5 && ints.length ? pick(ints) : `n${int(0, N - 1)}`);
  const moneyIn = () => (r() < 0.6 && moneys.length ? pick(moneys) : `m${int(0, M - 1)}`);
  const boolIn = () => (r() < 0.5 && bools.length ? pick(bools) : `b${int(0, B - 1)}`);
  for (let i = 1; i <= defs; i++) {
    const name = `d${i}`;
    const u = r();
    if (u < 0.55) {
      const expr = pick([
        () => `min(${intIn()} + ${intIn()}, 1000000)`,
        () => `if ${intIn()} > ${int(0, 50000)} then ${intIn()} otherwise ${int(0, 100)}`,
        () => `floor(${intIn()} / ${int(2, 500)})`,
        () => `max(${intIn()} - ${int(0, 1000)}, 0)`,
        () => `ceil(${intIn()} / ${int(2, 500)}) + ${int(0, 20)}`,
        () => `if ${boolIn()} then ${intIn()} otherwise ${intIn()}`,
      ])();
      line(`def ${name}: integer "整数定义 ${i}" cite "GEN §${i}" = ${expr}`);
      ints.push(name);
    } else if (u < 0.8) {
      const expr = pick([
        () => `min(${moneyIn()} * ${(int(50, 150) / 100).toFixed(2)}, 1000000)`,
        () => `min(${moneyIn()} + ${moneyIn()}, cap${int(0, P - 1)})`,
        () => `${moneyIn()} * rate${int(0, P - 1)}`,
        () => `if ${boolIn()} then ${moneyIn()} otherwise ${moneyIn()} * ${int(10, 90)}%`,
        () => `max(${moneyIn()} - cap${int(0, P - 1)}, 0)`,
      ])();
      line(`def ${name}: money "金额定义 ${i}" cite "GEN §${i}" = ${expr}`);
      moneys.push(name);
    } else {
      const expr = pick([
        () => `${intIn()} > ${intIn()}`,
        () => `${boolIn()} and ${intIn()} < ${int(0, 50000)}`,
        () => `kind in [${pick(['a, b', 'b, c', 'c, d', 'a, d'])}] or ${boolIn()}`,
        () => `not ${boolIn()} or ${moneyIn()} >= cap${int(0, P - 1)}`,
        () => `lookup = ${int(1, 9)} and ${boolIn()}`,
      ])();
      line(`def ${name}: bool "布尔定义 ${i}" cite "GEN §${i}" = ${expr}`);
      bools.push(name);
    }
  }
  line();
  // Every definition is an output, so nothing is unused (the checker warns about unused values).
  const outputs = ['lookup', ...Array.from({ length: defs }, (_, k) => `d${k + 1}`)];
  for (let k = 0; k < outputs.length; k += 20) line(`output ${outputs.slice(k, k + 20).join(', ')}`);
  return out.join('\n') + '\n';
}

if (import.meta.main) process.stdout.write(generateRuleset());
