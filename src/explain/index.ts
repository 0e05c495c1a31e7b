/**
 * @module explain
 * Turns an evaluation trace into an explanation tree: each computed value with how it was
 * obtained (the table row that matched, the clauses that fired, the dated value in force),
 * the inputs and params it read, and the citation of the policy text behind it.
 */
import type { Tracer } from '../backend/closures/index.ts';

export interface ExplainNode {
  readonly name: string;
  readonly kind: 'def' | 'table' | 'clauses' | 'input' | 'param';
  readonly label?: string;
  readonly value: unknown;
  readonly cite?: string;
  /** The value or rule is illustrative (the source text gives no number). */
  readonly illustrative?: true;
  /** Rule set that wrote this rule (differs from the evaluated one for inherited rules). */
  readonly ruleset?: string;
  /** Tables: the 1-based row that matched, and its text. */
  readonly row?: { readonly index: number; readonly text: string };
  /** Clause sets: the clauses that fired, with labels and citations. */
  readonly fired?: readonly { readonly key: string | number; readonly label?: string; readonly cite?: string }[];
  /** Dated defs and params: the date from which the value used is in force. */
  readonly in_force_from?: string;
  readonly children: readonly ExplainNode[];
}

/** Static facts about each computed value, supplied by the rule set. */
export interface ExplainInfo {
  node(name: string, value: unknown, branches: readonly number[]): Omit<ExplainNode, 'children'>;
  /**
   * The inputs and params the value used: for a table, those of the rows tested up to the one
   * that applied; of an `if`, those of its condition and of the branch taken (`took`: by the id
   * of the `if` in the rule text, whether its `then` was taken).
   */
  leaves(name: string, branches: readonly number[], took: ReadonlyMap<number, boolean>): readonly ExplainNode[];
}

/** Records the nesting of computed values and the branches they took. */
export class TraceRecorder implements Tracer {
  private readonly stack: { name: string; branches: number[]; took: Map<number, boolean>; children: ExplainNode[] }[] = [{ name: '', branches: [], took: new Map(), children: [] }];
  private readonly info: ExplainInfo;
  constructor(info: ExplainInfo) {
    this.info = info;
  }
  enter(name: string): void {
    this.stack.push({ name, branches: [], took: new Map(), children: [] });
  }
  branch(_name: string, index: number): void {
    this.stack[this.stack.length - 1]!.branches.push(index);
  }
  took(_name: string, node: number, then: boolean): void {
    this.stack[this.stack.length - 1]!.took.set(node, then);
  }
  private readonly done = new Map<string, ExplainNode>();
  leave(name: string, value: unknown): void {
    const frame = this.stack.pop()!;
    const node: ExplainNode = { ...this.info.node(name, value, frame.branches), children: [...frame.children, ...this.info.leaves(name, frame.branches, frame.took)] };
    this.done.set(name, node);
    this.stack[this.stack.length - 1]!.children.push(node);
  }
  reuse(name: string): void {
    const node = this.done.get(name);
    const children = this.stack[this.stack.length - 1]!.children;
    if (node && !children.includes(node)) children.push(node);
  }
  /** Top-level nodes, one per output evaluated. */
  roots(): ExplainNode[] {
    return this.stack[0]!.children;
  }
}
