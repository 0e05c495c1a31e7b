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
import { toClosures, type Env } from '../../src/backend/to-closure.ts';
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

/** The planned closures alone: inputs loaded into slots, every output read, no validation. */
export function viaRawClosures(rs: Ruleset): Evaluate {
  const core = rs.core;
  const program = toClosures(core);
  const env: Env = { inputs: new Array(core.inputs.length), values: new Array(core.defs.length), stamp: new Int32Array(core.defs.length), gen: 0, asOf: '' };
  const inputs = core.inputs.map((i) => ({ name: i.name, shape: i.shape, plain: i.shape.k === 'plain' }));
  const shapes = new Map(core.defs.map((d) => [d.name, d.shape]));
  const outputs = core.outputs.map((name) => ({ name, slot: program.valueSlots.get(name)!, shape: shapes.get(name)! }));
  // One object shape for every result (as the project's evaluator does).
  const template = Object.fromEntries(core.outputs.map((n) => [n, null]));
  return (input, asOf) => {
    const raw = input as unknown as Record<string, unknown>;
    for (let i = 0; i < inputs.length; i++) {
      const inp = inputs[i]!;
      const v = raw[inp.name];
      env.inputs[i] = inp.plain || v === undefined ? v : fromJson(v, inp.shape);
    }
    env.asOf = asOf;
    env.gen++;
    const out: Record<string, unknown> = { ...template };
    for (const o of outputs) out[o.name] = toJson(program.get(env, o.slot), o.shape);
    return out;
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
