/**
 * @module backend/run-json-logic
 * The reference interpreter: runs a {@link JsonLogicProgram} with json-logic-js, exactly as
 * another system would. Used by `rules test` and the differential tests against the closures.
 */
import jsonLogic from 'json-logic-js';
import { AS_OF_VAR, type JsonLogicProgram } from './to-json-logic.ts';

/**
 * Evaluates the steps in order over a copy of `input`, then the requested outputs.
 * @example runJsonLogic(program, { households: 4000 }, '2024-01-01').posts_min // 12
 */
export function runJsonLogic(program: JsonLogicProgram, input: Readonly<Record<string, unknown>>, asOf: string, outputs?: readonly string[]): Record<string, unknown> {
  const data: Record<string, unknown> = Object.assign(Object.create(null), input);
  data[AS_OF_VAR] = asOf;
  for (const step of program.steps) data[step.name] = jsonLogic.apply(step.logic as never, data);
  const out: Record<string, unknown> = {};
  for (const name of outputs ?? Object.keys(program.outputs)) out[name] = jsonLogic.apply(program.outputs[name] as never, data);
  return out;
}
