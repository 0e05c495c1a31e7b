/**
 * @module ast/nodes
 * The abstract syntax of a rule file. Every node has an `id` (unique within one parse) and a
 * `span`; resolved names and types live in tables keyed by id, never on the nodes.
 */
import type { Span } from '../source.ts';

export interface NodeBase {
  readonly id: number;
  readonly span: Span;
}

// ── types ──
export type TypeRef =
  | (NodeBase & { kind: 'money' })
  | (NodeBase & { kind: 'integer' | 'decimal'; unit?: Name })
  | (NodeBase & { kind: 'bool' | 'date' | 'text' })
  | (NodeBase & { kind: 'named'; name: Name })
  | (NodeBase & { kind: 'list'; element: TypeRef });

/** A name as written, with its own span (for precise diagnostics). */
export interface Name extends NodeBase {
  readonly text: string;
}

// ── expressions ──
export type BinaryOp = '+' | '-' | '*' | '/' | '=' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

export type Expr =
  | (NodeBase & { kind: 'number'; text: string })
  | (NodeBase & { kind: 'percent'; text: string })
  | (NodeBase & { kind: 'string'; value: string })
  | (NodeBase & { kind: 'date'; value: string })
  | (NodeBase & { kind: 'bool'; value: boolean })
  | (NodeBase & { kind: 'asOf' })
  | (NodeBase & { kind: 'name'; name: string })
  | (NodeBase & { kind: 'call'; fn: Name; args: Expr[] })
  | (NodeBase & { kind: 'list'; items: Expr[] })
  | (NodeBase & { kind: 'neg'; operand: Expr })
  | (NodeBase & { kind: 'not'; operand: Expr })
  | (NodeBase & { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr })
  | (NodeBase & { kind: 'in'; left: Expr; right: Expr })
  | (NodeBase & { kind: 'if'; cond: Expr; then: Expr; else: Expr });

// ── declarations ──
export interface Attributes {
  cite?: string;
  citeSpan?: Span;
  illustrative: boolean;
  open: boolean;
  note?: string;
  range?: RangeBound;
  maxItems?: number;
  /** `max_items n` in the source, for a diagnostic where it limits nothing. */
  maxItemsSpan?: Span;
}

/** An allowed interval (`low..high`, either end open) or an allowed set (`[a, b]`). */
export interface RangeBound extends NodeBase {
  low?: Expr;
  high?: Expr;
  set?: Expr;
}

export interface DatedValue extends NodeBase {
  /** ISO date from which `value` applies; absent for the undated first value. */
  from?: string;
  value: Expr;
}

interface DeclBase extends NodeBase {
  name: Name;
  label?: string;
  attrs: Attributes;
  override: boolean;
}

export interface UnitDecl extends DeclBase { kind: 'unit' }
export interface EnumMember extends NodeBase { name: Name; label?: string }
export interface EnumDecl extends DeclBase { kind: 'enum'; members: EnumMember[] }
export interface InputDecl extends DeclBase { kind: 'input'; type: TypeRef }
export interface ParamDecl extends DeclBase { kind: 'param'; type?: TypeRef; values: DatedValue[] }
export interface DefDecl extends DeclBase { kind: 'def'; type?: TypeRef; values: DatedValue[] }

export type Cell =
  | (NodeBase & { kind: 'any' })
  | (NodeBase & { kind: 'compare'; op: '<' | '<=' | '>' | '>=' | '!='; bound: Expr })
  | (NodeBase & { kind: 'range'; low?: Expr; high?: Expr })
  | (NodeBase & { kind: 'oneOf'; values: Expr[] });

export interface TableRow extends NodeBase {
  cells: Cell[];
  result: Expr;
}
export interface TableDecl extends DeclBase {
  kind: 'table';
  type: TypeRef;
  hit: 'first' | 'unique';
  columns: Name[];
  rows: TableRow[];
}

export interface ClauseNode extends NodeBase {
  key: string;
  numeric: boolean;
  label?: string;
  attrs: Attributes;
  when: Expr;
}
export interface ClausesDecl extends DeclBase { kind: 'clauses'; clauses: ClauseNode[] }

export interface Assignment extends NodeBase { name: Name; value: Expr }
export interface ListItem extends NodeBase {
  name: Name;
  label?: string;
  attrs: Attributes;
  remove: boolean;
  fields: Assignment[];
}
export interface ListDecl extends DeclBase { kind: 'list'; items: ListItem[] }

export interface ConstraintDecl extends DeclBase { kind: 'constraint'; rule: Expr }

export interface ExampleDecl extends NodeBase {
  kind: 'example';
  name: string;
  nameSpan: Span;
  override: boolean;
  asOf?: string;
  given: Assignment[];
  expect: Assignment[];
}

export interface OutputDecl extends NodeBase { kind: 'output'; names: Name[] }
export interface RemoveDecl extends NodeBase {
  kind: 'remove';
  name: Name;
  /** The keyword written before the name, if any (token name: `Def`, `Example`, `Item`…). */
  what?: string;
  /** The name was written as a "quoted text" (an example's name). */
  quoted?: boolean;
}

export type Decl =
  | UnitDecl | EnumDecl | InputDecl | ParamDecl | DefDecl | TableDecl | ClausesDecl | ListDecl | ConstraintDecl;

export interface SourceRef extends NodeBase { code: string; title: string }

export interface RuleFile extends NodeBase {
  /** The rule set id, e.g. `jilin`. */
  name: Name;
  base?: Name;
  title?: string;
  jurisdiction?: string;
  sources: SourceRef[];
  decls: Decl[];
  examples: ExampleDecl[];
  outputs: OutputDecl[];
  removes: RemoveDecl[];
  /** `# …` comments, for the formatter. */
  comments: { start: number; end: number; text: string }[];
}
