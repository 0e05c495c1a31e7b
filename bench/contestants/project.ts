/**
 * @module bench/contestants/project
 * The project's own evaluators on `jilin-example`:
 * - `ruleset.evaluate` — the public API: validates options and input, then runs the closures;
 * - the planned closures without input validation, reached through the exported
 *   `toClosures(ruleset.core)` (the `Ruleset` keeps its own plan private);
 * - the project's JSON Logic program run by json-logic-js (`runJsonLogic`, no validation);
 * - the same JSON Logic program run by json-logic-engine, interpreted and compiled, to test the
 *   claim that any json-logic-js compatible engine can run it.
 */
import { LogicEngine } from 'json-logic-engine';
import { runJsonLogic } from '../../src/backend/run-json-logic.ts';
import { toClosures } from '../../src/backend/closures/index.ts';
import { recordBuilder } from '../../src/schema/writer.ts';
import { AS_OF_VAR, type JsonLogicProgram } from '../../src/backend/to-json-logic.ts';
import type { Shape } from '../../src/core/ir.ts';
import { toJson, type Ruleset } from '../../src/ruleset.ts';
import { yuanToFen } from '../../src/runtime.ts';
import type { Input } from '../workload.ts';

export type Evaluate = (input: Input, asOf: string) => Record<string, unknown>;

/** The production path: an evaluator with options fixed once (validation included). */
export function viaEvaluator(rs: Ruleset): Evaluate {
  const run = rs.evaluator();
  return (input, asOf) => {
    const r = run(input, asOf);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.outputs;
  };
}

/** `ruleset.evaluator().many`: a group of inputs at a time, each with its own date (validation included). */
export function viaEvaluatorMany(rs: Ruleset): (inputs: readonly Input[], asOfs: readonly string[]) => unknown[] {
  const run = rs.evaluator();
  return (inputs, asOfs) =>
    run.many(inputs, asOfs).map((r) => {
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.outputs;
    });
}

/** The public API path (validation included). */
export function viaEvaluate(rs: Ruleset): Evaluate {
  return (input, asOf) => {
    const r = rs.evaluate(input, { asOf });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.outputs;
  };
}

function fromJson(v: unknown, shape: Shape): unknown {
  if (shape.k === 'money') return yuanToFen(v as number);
  if (shape.k === 'list' && shape.of.k !== 'plain') return (v as unknown[]).map((x) => fromJson(x, shape.of));
  return v;
}

/**
 * The planned closures alone: inputs copied into registers without validation (money converted
 * to fen), the straight-line plan run, every output read into a result object.
 */
export function viaRawClosures(rs: Ruleset): Evaluate {
  const core = rs.core;
  const program = toClosures(core);
  const env = program.newEnv();
  const index = new Map(core.inputs.map((inp, i) => [inp.name, { reg: i, shape: inp.shape, plain: inp.shape.k === 'plain' }]));
  const shapes = new Map(core.defs.map((d) => [d.name, d.shape]));
  const outputs = core.outputs.map((name) => ({ reg: program.valueRegs.get(name)!, shape: shapes.get(name)! }));
  const straight = program.straight(core.outputs);
  const build = recordBuilder(core.outputs);
  const values = new Array(outputs.length);
  // Inputs come in one key order: remember each position's input (as the reader does).
  const keyAt: string[] = [];
  const inputAt: { reg: number; shape: Shape; plain: boolean }[] = [];
  return (input, asOf) => {
    const raw = input as unknown as Record<string, unknown>;
    let j = 0;
    for (const k in raw) {
      const v = raw[k];
      if (keyAt[j] !== k) {
        keyAt[j] = k;
        inputAt[j] = index.get(k)!;
      }
      const inp = inputAt[j++]!;
      env.regs[inp.reg] = inp.plain ? v : fromJson(v, inp.shape);
    }
    env.regs[program.asOfReg] = asOf;
    if (!straight(env)) throw new Error('no applicable rule');
    for (let i = 0; i < outputs.length; i++) values[i] = toJson(env.regs[outputs[i]!.reg], outputs[i]!.shape);
    return build(values);
  };
}

/** json-logic-js on the project's JSON Logic program (`runJsonLogic`, as `rules test` runs it). */
export function viaJsonLogicJs(rs: Ruleset): Evaluate {
  const program = rs.jsonLogic();
  return (input, asOf) => runJsonLogic(program, input as unknown as Record<string, unknown>, asOf);
}

/** json-logic-engine running the project's JSON Logic program, step by step like `runJsonLogic`. */
export function viaJsonLogicEngine(rs: Ruleset, compiled: boolean): Evaluate {
  const program: JsonLogicProgram = rs.jsonLogic();
  const engine = new LogicEngine();
  const run = (logic: unknown) => (compiled ? (engine.build(logic) as (data: unknown) => unknown) : (data: unknown) => engine.run(logic, data));
  const steps = program.steps.map((s) => ({ name: s.name, f: run(s.logic) }));
  const outputs = Object.entries(program.outputs).map(([name, logic]) => ({ name, f: run(logic) }));
  return (input, asOf) => {
    const data: Record<string, unknown> = Object.assign(Object.create(null), input);
    data[AS_OF_VAR] = asOf;
    for (const s of steps) data[s.name] = s.f(data);
    const out: Record<string, unknown> = {};
    for (const o of outputs) out[o.name] = o.f(data);
    return out;
  };
}
