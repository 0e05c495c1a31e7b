/**
 * @module link
 * Resolves `extends` chains (cn → jilin → city) into one program: the fork's declarations
 * replace or extend the base's, but only where the base allows it. Params may always be
 * overridden (within their ranges, checked later); defs, tables, clauses and lists only when
 * the base marks them `open`; enums, units, inputs and constraints never.
 */
import type * as A from '../ast/nodes.ts';
import { parse } from '../ast/from-cst.ts';
import type { Diagnostic, Locale, Staged } from '../diagnostics.ts';
import { suggest } from '../suggest.ts';
import { M, Note, Reporter } from '../messages.ts';
import type { SourceFile, Span } from '../source.ts';

/** A declaration in the linked program, with where it came from and what it replaced. */
export interface Linked<D> {
  readonly decl: D;
  /** Rule set id that wrote this declaration. */
  readonly origin: string;
  /** The declaration this one overrides, if any (from a base rule set). */
  readonly replaced?: Linked<D>;
}

export interface LinkedExample {
  readonly example: A.ExampleDecl;
  readonly origin: string;
  /** The base's example of the same name that this one overrides, if any. */
  readonly replaced?: LinkedExample;
}

export interface Program {
  readonly id: string;
  readonly title?: string;
  readonly jurisdiction?: string;
  /** Rule set ids from the root base to this one. */
  readonly chain: readonly string[];
  readonly base?: string;
  /** The linked base (`base`'s program, whose own `baseProgram` is the next base up). */
  readonly baseProgram?: Program;
  readonly sources: readonly A.SourceRef[];
  /** Declarations by name (units and enums under `#name`), in first-declared order. */
  readonly decls: ReadonlyMap<string, Linked<A.Decl>>;
  readonly examples: readonly LinkedExample[];
  readonly outputs: readonly A.Name[];
  /** Every file of the chain, by name, for rendering diagnostics. */
  readonly files: ReadonlyMap<string, SourceFile>;
  /** The AST of this rule set's own file. */
  readonly own: A.RuleFile;
}

/** Finds a rule set's source by id (e.g. from `rules/<id>.rules`). */
export type Resolver = (id: string) => SourceFile | undefined;

/**
 * Parses `file` and, recursively, the rule sets it extends, and merges them.
 * @example link(file, (id) => files.get(id)).value?.chain // ['cn', 'jilin']
 */
export function link(file: SourceFile, resolve: Resolver, locale: Locale = 'en'): Staged<Program | undefined> {
  const r = new Reporter(locale);
  const parsed: Diagnostic[] = [];
  const value = linkFile(file, resolve, r, [], new Map(), parsed);
  // A file with syntax errors reports only what parsing found: the rest is mostly noise until they are fixed.
  return { value, diagnostics: parsed.some(isSyntaxError) ? parsed : r.diagnostics };
}

/**
 * Parsed base files, by locale, name and text: a fork's bases rarely change, and re-parsing
 * `jilin` for every city would dominate compile time. ASTs are never mutated after parsing.
 * The file being compiled itself is always parsed afresh.
 */
const baseCache = new Map<string, ReturnType<typeof parse>>();
const BASE_CACHE_SIZE = 64;

function parseBase(file: SourceFile, locale: Locale): ReturnType<typeof parse> {
  const key = `${locale}\u0000${file.name}\u0000${file.text}`;
  const hit = baseCache.get(key);
  if (hit) return hit;
  const parsed = parse(file, locale);
  if (baseCache.size >= BASE_CACHE_SIZE) baseCache.delete(baseCache.keys().next().value!);
  baseCache.set(key, parsed);
  return parsed;
}

/** A syntax error or a size limit, found when parsing. */
export const isSyntaxError = (d: Diagnostic): boolean => d.code.startsWith('E-SYNTAX') || d.code.startsWith('E-LIMIT');

function linkFile(file: SourceFile, resolve: Resolver, r: Reporter, seen: string[], files: Map<string, SourceFile>, parseDiagnostics: Diagnostic[]): Program | undefined {
  files.set(file.name, file);
  const parsed = seen.length > 0 ? parseBase(file, r.locale) : parse(file, r.locale);
  r.diagnostics.push(...parsed.diagnostics);
  parseDiagnostics.push(...parsed.diagnostics);
  const ast = parsed.value;
  if (!ast) return undefined;
  const id = ast.name.text;
  let base: Program | undefined;
  if (ast.base) {
    const baseId = ast.base.text;
    if (seen.includes(baseId) || baseId === id) {
      r.error(ast.base.span, M.extendsCycle([...seen, id, baseId]));
    } else {
      const baseFile = resolve(baseId);
      if (!baseFile) r.error(ast.base.span, M.baseNotFound(baseId));
      else {
        const sub = new Reporter(r.locale);
        base = linkFile(baseFile, resolve, sub, [...seen, id], files, parseDiagnostics);
        r.diagnostics.push(...sub.diagnostics);
      }
    }
  }
  return merge(ast, base, r, files);
}

/** Units and enums live in the type namespace, everything else in the value namespace. */
export const declKey = (d: A.Decl): string => (d.kind === 'unit' || d.kind === 'enum' ? `#${d.name.text}` : d.name.text);

const overridable = (d: A.Decl) => d.kind === 'param' || ((d.kind === 'def' || d.kind === 'table' || d.kind === 'clauses' || d.kind === 'list') && d.attrs.open);

function merge(ast: A.RuleFile, base: Program | undefined, r: Reporter, files: Map<string, SourceFile>): Program {
  const id = ast.name.text;
  const decls = new Map<string, Linked<A.Decl>>(base?.decls ?? []);
  const ownNames = new Map<string, A.Decl>();
  for (const d of ast.decls) {
    const name = d.name.text;
    const key = declKey(d);
    const prior = ownNames.get(key);
    if (prior) {
      r.error(d.name.span, M.duplicateName(name), [{ span: prior.name.span, message: Note.declaredHere(name) }]);
      continue;
    }
    ownNames.set(key, d);
    const inherited = base?.decls.get(key);
    if (!inherited) {
      if (d.override) r.error(d.name.span, M.overrideMissing(name, base ? suggest(name, [...base.decls.values()].map((l) => l.decl.name.text)) : undefined));
      decls.set(key, { decl: d, origin: id });
      continue;
    }
    const was = inherited.decl;
    const here = [{ span: was.name.span, message: Note.declaredHere(name) }];
    if (!d.override) {
      r.error(d.name.span, M.overrideNeeded(name), here);
      continue;
    }
    if (was.kind !== d.kind) {
      r.error(d.name.span, M.overrideKind(name, was.kind, d.kind), here);
      continue;
    }
    if (!overridable(was)) {
      r.error(d.name.span, M.overrideForbidden(name, was.kind), here);
      continue;
    }
    const typed = inheritMeta(was, d);
    if ('type' in was && was.type && 'type' in d && d.type && typeText(was.type) !== typeText(d.type)) {
      r.error(d.type.span, M.overrideType(name, typeText(was.type), typeText(d.type)), here);
      continue;
    }
    const merged = typed.kind === 'list' ? mergeList(was as A.ListDecl, typed, r) : typed;
    decls.set(key, { decl: merged, origin: id, replaced: inherited });
  }
  for (const rm of ast.removes) r.error(rm.name.span, rm.what === 'Item' ? M.removeItemOutside(rm.name.text) : rm.what === 'Example' ? M.removeExample(rm.name.text) : rm.what === 'Clause' ? M.removeClause(rm.name.text) : M.removeDecl(rm.name.text));

  const examples: LinkedExample[] = [...(base?.examples ?? [])];
  const ownExamples = new Map<string, A.ExampleDecl>();
  for (const ex of ast.examples) {
    if (ownExamples.has(ex.name)) {
      r.error(ex.nameSpan, M.exampleDuplicate(ex.name));
      continue;
    }
    ownExamples.set(ex.name, ex);
    const i = examples.findIndex((e) => e.example.name === ex.name);
    if (i >= 0 && !ex.override) r.error(ex.nameSpan, M.exampleDuplicate(ex.name));
    else if (i < 0 && ex.override) r.error(ex.nameSpan, M.exampleOverrideMissing(ex.name));
    if (i >= 0) examples[i] = { example: ex, origin: id, replaced: examples[i]! };
    else examples.push({ example: ex, origin: id });
  }

  const outputs = [...(base?.outputs ?? [])];
  const listed = new Set(outputs.map((x) => x.text));
  for (const o of ast.outputs) {
    for (const n of o.names) {
      if (listed.has(n.text)) continue;
      listed.add(n.text);
      outputs.push(n);
    }
  }

  // A source code means one document along the chain: a fork may cite the base's, not retitle it,
  // and a file declares each code once (the first declaration stands).
  const ownSources = new Map<string, A.SourceRef>();
  for (const s of ast.sources) {
    const prior = ownSources.get(s.code);
    if (prior) {
      r.error(s.span, M.sourceDuplicate(s.code), [{ span: prior.span, message: Note.declaredHere(s.code) }]);
      continue;
    }
    ownSources.set(s.code, s);
    const was = base?.sources.find((b) => b.code === s.code);
    if (was && was.title !== s.title) r.warning(s.span, M.sourceRetitled(s.code, was.title));
  }
  return {
    id,
    // A fork's title and jurisdiction are its own: a city must not show its province's.
    ...(ast.title !== undefined ? { title: ast.title } : {}),
    ...(ast.jurisdiction !== undefined ? { jurisdiction: ast.jurisdiction } : {}),
    chain: [...(base?.chain ?? []), id],
    ...(base ? { base: base.id, baseProgram: base } : {}),
    sources: [...(base?.sources ?? []), ...[...ownSources.values()].filter((s) => !base?.sources.some((b) => b.code === s.code))],
    decls,
    examples,
    outputs,
    files,
    own: ast,
  };
}

/** An override keeps the base's type, label, citation and note unless it states its own. */
function inheritMeta(was: A.Decl, d: A.Decl): A.Decl {
  const attrs = { ...d.attrs };
  if (attrs.cite === undefined && was.attrs.cite !== undefined) {
    attrs.cite = was.attrs.cite;
    if (was.attrs.citeSpan) attrs.citeSpan = was.attrs.citeSpan;
  }
  if (attrs.note === undefined && was.attrs.note !== undefined) attrs.note = was.attrs.note;
  const out = { ...d, attrs, ...(d.label === undefined && was.label !== undefined ? { label: was.label } : {}) } as A.Decl;
  // `override param x = 5` keeps the base's type (money, a unit, …), so the literal settles into it.
  const typed = out as { type?: A.TypeRef };
  if ('type' in was && was.type && !typed.type && out.kind !== 'enum' && out.kind !== 'unit' && out.kind !== 'clauses' && out.kind !== 'list' && out.kind !== 'constraint') typed.type = was.type;
  return out;
}

function typeText(t: A.TypeRef): string {
  switch (t.kind) {
    case 'integer':
    case 'decimal': return `${t.kind}${t.unit ? `[${t.unit.text}]` : ''}`;
    case 'named': return t.name.text;
    case 'list': return `list of ${typeText(t.element)}`;
    default: return t.kind;
  }
}

/** A fork's `override list` adds or replaces items by name and removes `remove item`s. */
function mergeList(was: A.ListDecl, fork: A.ListDecl, r: Reporter): A.ListDecl {
  const items = [...was.items];
  for (const it of fork.items) {
    const i = items.findIndex((x) => x.name.text === it.name.text);
    if (it.remove) {
      if (i < 0) r.error(it.name.span, M.removeMissing(it.name.text));
      else items.splice(i, 1);
    } else if (i >= 0) items[i] = it;
    else items.push(it);
  }
  return { ...fork, items };
}

/** Span of the first declaration named `name` in `program`, for related notes. */
export function declSpan(program: Program, name: string): Span | undefined {
  return program.decls.get(name)?.decl.name.span;
}
