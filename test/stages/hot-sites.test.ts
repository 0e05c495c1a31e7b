/**
 * Straight-line plans that get hot take unrolled call sites (one per step; see
 * src/hot-sites.ts): the owning plan, a plan with more steps than there are sites, and the
 * plans that do not own them must all compute the same values as lazy evaluation, before and
 * after the switch, and still report a value with no applicable rule.
 */
import { describe, expect, it } from 'vitest';
import { toClosures } from '../../src/backend/closures/index.ts';
import type { Core, CoreProgram } from '../../src/core/ir.ts';
import { HOT } from '../../src/hot-sites.ts';

/** `v0 = x`, `v{k} = v{k-1} + 1`, and `bad`, which has no value unless x < 1,000,000. */
function chain(n: number): CoreProgram {
  const ref = (name: string): Core => ({ op: 'ref', name });
  const defs = Array.from({ length: n }, (_, k) => ({
    name: `v${k}`, kind: 'def' as const, shape: { k: 'plain' as const }, refs: k ? [`v${k - 1}`] : [], inputs: k ? [] : ['x'],
    expr: k ? ({ op: 'arith', fn: '+', a: ref(`v${k - 1}`), b: { op: 'const', value: 1 } } as Core) : ({ op: 'input', name: 'x' } as Core),
  }));
  const bad = {
    name: 'bad', kind: 'table' as const, shape: { k: 'plain' as const }, refs: [], inputs: ['x'],
    expr: { op: 'cond', branches: [{ when: { op: 'cmp', fn: '<', a: { op: 'input', name: 'x' }, b: { op: 'const', value: 1_000_000 } }, then: { op: 'const', value: 1 } }], failCode: 'E-EVAL-NO-ROW' } as Core,
  };
  return { id: 't', inputs: [{ name: 'x', shape: { k: 'plain' } }], defs: [...defs, bad], outputs: [...defs.map((d) => d.name), 'bad'] };
}

function runMany(program: CoreProgram, times: number): void {
  const p = toClosures(program);
  const run = p.straight(program.outputs);
  const env = p.newEnv();
  const regs = program.outputs.map((o) => p.valueRegs.get(o)!);
  for (let i = 0; i < times; i++) {
    const x = i % 2 ? i : 2_000_000 + i; // every other evaluation has no value for `bad`
    env.regs[p.inputRegs.get('x')!] = x;
    env.gen++;
    const ok = run(env);
    expect(ok).toBe(x < 1_000_000);
    if (ok) expect(regs.map((r) => env.regs[r])).toEqual([...regs.slice(0, -1).map((_, k) => x + k), 1]);
  }
}

describe('straight-line plans on unrolled call sites', () => {
  // The first plan to get hot in this file owns the sites; it has more steps than there are
  // sites, so the steps past them run in the loop.
  it('compute the same values before and after a plan gets hot and owns the sites', () => runMany(chain(45), HOT * 4));
  it('keep working for plans that do not own the sites', () => runMany(chain(7), HOT * 4));
});
