/**
 * @module check/context
 * The tables the checker fills in, keyed by node id (types and resolved names never live on
 * AST nodes), and the symbol table of a linked program.
 */
import type * as A from '../ast/nodes.ts';
import type { Program } from '../link/index.ts';
import type { Reporter } from '../messages.ts';
import type { Builtin } from './functions.ts';
import type { Ty } from './types.ts';

/** What a name in an expression refers to. */
export type Ref =
  | { k: 'input'; name: string }
  | { k: 'param'; name: string }
  | { k: 'value'; name: string }
  | { k: 'enum'; enumName: string; member: string }
  | { k: 'list'; name: string };

export type ValueDecl = A.InputDecl | A.ParamDecl | A.DefDecl | A.TableDecl | A.ClausesDecl;

export interface EnumInfo {
  readonly name: string;
  readonly members: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly decl: A.EnumDecl | A.ClausesDecl;
}

export interface Ctx {
  readonly program: Program;
  readonly r: Reporter;
  readonly enums: Map<string, EnumInfo>;
  /** Declared units by name, with their labels (`unit household "户"`). */
  readonly units: Map<string, string | undefined>;
  readonly lists: Map<string, A.ListDecl>;
  /** Value-bearing declarations: inputs, params, defs, tables, clauses. */
  readonly values: Map<string, ValueDecl>;
  /** Declared or inferred type of each value declaration. */
  readonly valueTypes: Map<string, Ty>;
  /** Type of each expression node. */
  readonly types: Map<number, Ty>;
  readonly refs: Map<number, Ref>;
  readonly calls: Map<number, Builtin>;
}
