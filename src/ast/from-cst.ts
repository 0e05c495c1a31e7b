/**
 * @module ast/from-cst
 * Builds the AST of one rule file from chevrotain's CST, and turns lexing and syntax problems
 * into diagnostics. Partial input gives a partial AST plus diagnostics, never an exception.
 */
import { asciiDigits, describeToken, keywordSpellings, MAX_NESTING, oneByte, parseCst, type CstNode, type IToken } from '../../grammar/index.ts';
import type { Staged } from '../diagnostics.ts';
import { M, Reporter } from '../messages.ts';
import type { Locale } from '../diagnostics.ts';
import type { SourceFile, Span } from '../source.ts';
import type * as A from './nodes.ts';

type Children = Record<string, (CstNode | IToken)[] | undefined>;

/**
 * Parses a rule file into its AST.
 * @example parse({ name: 'x.rules', text: 'ruleset x' }).value?.name.text // 'x'
 */
export function parse(file: SourceFile, locale: Locale = 'en'): Staged<A.RuleFile | undefined> {
  const { cst, rest, problems, comments } = parseCst(file.text);
  const r = new Reporter(locale);
  for (const p of problems) {
    // A line (or the file) that ends with an operator: point at the operator, not the next line.
    const at = p.after ?? p;
    const span = { file: file.name, start: at.start, end: Math.max(at.end, at.start) };
    if (p.kind === 'nesting') r.error(span, M.tooDeep(MAX_NESTING));
    else if (p.kind === 'char') r.error(span, M.lexUnexpected(p.found));
    else if (p.kind === 'string') r.error(span, M.unterminatedString());
    else {
      const exp = (l: Locale) => p.expected.map((e) => describeToken(e, l)).join(l === 'zh' ? '、' : ' or ') || (l === 'zh' ? '其他内容' : 'something else');
      const joined = p.after || !p.found ? undefined : (keywordRunTogether(p.found, p.expected) ?? keywordRunTogetherBefore(file.text, p.start));
      const say = (l: Locale) =>
        p.after ? M.syntaxAfter(p.after.image, exp(l)) : joined ? M.syntaxNoSpace(`\`${p.found}\``, exp(l), joined) : p.found ? M.syntax(`\`${p.found}\``, exp(l)) : M.syntaxEnd(exp(l));
      const en = say('en');
      const zh = say('zh');
      r.error(span, { code: en.code, message: { en: en.message.en, zh: zh.message.zh }, ...(en.help ? { help: { en: en.help.en, zh: zh.help!.zh } } : {}) });
    }
  }
  const builder = new Builder(file, r, rest);
  let value: A.RuleFile | undefined;
  // Recovery may leave holes anywhere; with syntax errors reported, a partial AST is best effort.
  try {
    value = builder.file(cst);
    value.comments = comments.map((c) => ({ start: c.startOffset, end: c.startOffset + c.image.length, text: c.image }));
  } catch (e) {
    if (problems.length === 0) throw e;
    value = undefined;
  }
  return { value, diagnostics: r.diagnostics };
}

/**
 * The Chinese spelling of an expected keyword that `found` starts with and runs on past
 * (`定义extra` where `定义` was expected): the space after it was left out. Only Chinese
 * spellings: English names often start with a keyword's letters (`inputs`, `definition`).
 */
function keywordRunTogether(found: string, expected: readonly string[]): string | undefined {
  const hits = expected.map((e) => keywordSpellings[e]?.[1]).filter((zh): zh is string => !!zh && found.length > zh.length && found.startsWith(zh));
  return hits.sort((a, b) => b.length - a.length)[0];
}

/** Chinese keyword spellings of two characters or more (one-character ones, such as `非`, begin many names). */
const LONG_ZH_KEYWORDS = Object.values(keywordSpellings).map(([, zh]) => zh).filter((zh) => zh.length >= 2).sort((a, b) => b.length - a.length);

/**
 * A Chinese keyword run together with the name after it earlier on the line of a syntax error
 * (`如果n > 0 则 …` reads `如果n` as a name, and the error comes later, at `则`): the last such
 * word before `at`, outside quoted text and comments.
 */
function keywordRunTogetherBefore(text: string, at: number): string | undefined {
  const line = text.slice(text.lastIndexOf('\n', at - 1) + 1, at).replace(/#.*$/, '').replace(/"(?:[^"\\\n]|\\.)*"|“[^”\n]*”/g, ' ');
  let found: string | undefined;
  for (const [word] of line.matchAll(/[\p{L}\p{N}_]+/gu)) {
    const zh = LONG_ZH_KEYWORDS.find((k) => word.length > k.length && word.startsWith(k));
    if (zh) found = zh;
  }
  return found;
}

function isToken(x: CstNode | IToken | undefined): x is IToken {
  return !!x && (x as IToken).image !== undefined;
}

/** The children expression nodes can have, by label. */
interface ExprChildren {
  readonly [label: string]: (CstNode | IToken)[] | undefined;
}

/** The first of `xs` if it is a node. */
function node(xs: readonly (CstNode | IToken)[] | undefined): CstNode | undefined {
  const x = xs?.[0];
  return x && !isToken(x) ? x : undefined;
}

/** The first of `xs` if it is a token the parser read (not one it invented to recover). */
function token(xs: readonly (CstNode | IToken)[] | undefined): IToken | undefined {
  const x = xs?.[0];
  return isToken(x) && !x.isInsertedInRecovery ? x : undefined;
}

/** Most operands accepted in one expression (`a + b * c and d` has four). */
const MAX_CHAIN = 256;

/** Precedence levels of operators, loosest first. */
const OR_LEVEL = 1;
const NOT_LEVEL = 3;
const COMPARE_LEVEL = 4;
const LEVEL: Readonly<Record<string, number>> = { Or: OR_LEVEL, And: 2, Eq: COMPARE_LEVEL, Ne: COMPARE_LEVEL, Lt: COMPARE_LEVEL, Le: COMPARE_LEVEL, Gt: COMPARE_LEVEL, Ge: COMPARE_LEVEL, In: COMPARE_LEVEL, Plus: 5, Minus: 5, Star: 6, Slash: 6 };
const BINARY_OPS = { Or: 'or', And: 'and', Eq: '=', Ne: '!=', Lt: '<', Le: '<=', Gt: '>', Ge: '>=', Plus: '+', Minus: '-', Star: '*', Slash: '/' } as const;

/**
 * The parts of one `operation` node in source order: `ops[i]` stands between operands `i` and
 * `i + 1`; `prefixes[i]` are the prefix operators before operand `i`; `at` is the next operand.
 */
class Sequence {
  readonly operands: readonly A.Expr[];
  readonly ops: readonly IToken[];
  readonly prefixes: (IToken[] | undefined)[] = [];
  /** The source text of each operand with its parentheses (`(a + b)`), where its node's span leaves them out. */
  private readonly written: Map<A.Expr, Span>;
  at = 0;
  constructor(operands: readonly A.Expr[], ops: readonly IToken[], prefixes: readonly IToken[], written: Map<A.Expr, Span>) {
    this.operands = operands;
    this.ops = ops;
    this.written = written;
    // A prefix belongs to the first operand after it.
    let i = 0;
    for (const t of prefixes) {
      while (i < operands.length - 1 && operands[i]!.span.end <= t.startOffset) i++;
      (this.prefixes[i] ??= []).push(t);
    }
  }

  /** Where `e` starts and ends in the source, parentheses included: operations built on it span those. */
  span(e: A.Expr): Span {
    return this.written.get(e) ?? e.span;
  }
}

/** Node ids are unique across every file parsed in this process, so one checker table can hold a whole fork chain. */
let nextNodeId = 1;

class Builder {
  private readonly src: SourceFile;
  private readonly r: Reporter;
  private readonly extra: readonly CstNode[];
  /** Whether the declaration being built was preceded by `override`. */
  private override = false;
  constructor(src: SourceFile, r: Reporter, extra: readonly CstNode[]) {
    this.src = src;
    this.r = r;
    this.extra = extra;
  }

  private id(): number {
    return nextNodeId++;
  }
  private spanOf(x: CstNode | IToken): Span {
    if (isToken(x)) return { file: this.src.name, start: x.startOffset, end: x.startOffset + x.image.length };
    // Nodes built during error recovery may have no (or a NaN/negative) location.
    const loc = x.location;
    const ok = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n) && n >= 0;
    const start = ok(loc?.startOffset) ? loc!.startOffset : 0;
    const end = ok(loc?.endOffset) ? Math.max(start, loc!.endOffset! + 1) : start;
    return { file: this.src.name, start, end };
  }
  private ch(node: CstNode): Children {
    return node.children as Children;
  }
  private tok(node: CstNode, label: string, i = 0): IToken | undefined {
    const x = this.ch(node)[label]?.[i];
    return isToken(x) && !x.isInsertedInRecovery ? x : undefined;
  }
  private toks(node: CstNode, label: string): IToken[] {
    return (this.ch(node)[label] ?? []).filter(isToken);
  }
  private sub(node: CstNode, label: string, i = 0): CstNode | undefined {
    const x = this.ch(node)[label]?.[i];
    return x && !isToken(x) ? x : undefined;
  }
  private subs(node: CstNode, label: string): CstNode[] {
    return (this.ch(node)[label] ?? []).filter((x): x is CstNode => !isToken(x));
  }
  private name(t: IToken): A.Name {
    return { id: this.id(), span: this.spanOf(t), text: t.image };
  }
  private str(t: IToken | undefined): string | undefined {
    if (!t) return undefined;
    const s = t.image;
    if (s.startsWith('“')) return s.slice(1, -1);
    return s.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }

  file(cst: CstNode): A.RuleFile {
    const header = this.sub(cst, 'header')!;
    const rulesetName = (node: CstNode | undefined): A.Name | undefined => {
      if (!node) return undefined;
      const parts = this.toks(node, 'part');
      if (parts.length === 0) return undefined;
      return { id: this.id(), span: this.spanOf(node), text: oneByte(this.src.text.slice(parts[0]!.startOffset, parts[parts.length - 1]!.startOffset + parts[parts.length - 1]!.image.length)) };
    };
    const idName = rulesetName(this.sub(header, 'id'));
    const out: A.RuleFile = {
      id: this.id(),
      span: this.spanOf(cst),
      name: idName ?? { id: this.id(), span: this.spanOf(header), text: '' },
      sources: this.subs(header, 'sourceDecl').map((s) => ({
        id: this.id(), span: this.spanOf(s), code: this.str(this.tok(s, 'code')) ?? '', title: this.str(this.tok(s, 'title')) ?? '',
      })),
      decls: [],
      examples: [],
      outputs: [],
      removes: [],
      comments: [],
    };
    const base = rulesetName(this.sub(header, 'base'));
    if (base) out.base = base;
    const title = this.str(this.tok(header, 'title'));
    if (title !== undefined) out.title = title;
    const jur = this.str(this.tok(header, 'jurisdiction'));
    if (jur !== undefined) out.jurisdiction = jur;
    const declarations = [...this.subs(cst, 'declaration'), ...this.extra.flatMap((r) => this.subs(r, 'declaration'))];
    for (const d of declarations) {
      const override = !!this.tok(d, 'override');
      const entry = Object.entries(this.ch(d)).find(([k]) => k !== 'override');
      if (!entry) continue;
      const [kind, node] = entry as [string, CstNode[]];
      const n = node[0]!;
      this.override = override;
      switch (kind) {
        case 'exampleDecl': out.examples.push(this.example(n)); break;
        case 'outputDecl': out.outputs.push({ kind: 'output', id: this.id(), span: this.spanOf(n), names: this.toks(n, 'name').map((t) => this.name(t)) }); break;
        case 'removeDecl': {
          const t = this.tok(n, 'name') ?? this.tok(n, 'quoted');
          const what = this.tok(n, 'what')?.tokenType.name;
          const quoted = t?.tokenType.name === 'StringLit';
          const name = t && (quoted ? { ...this.name(t), text: this.str(t)! } : t.tokenType.name === 'NumberLit' ? { ...this.name(t), text: asciiDigits(t.image) } : this.name(t));
          if (name) out.removes.push({ kind: 'remove', id: this.id(), span: this.spanOf(n), name, ...(what ? { what } : {}), ...(quoted ? { quoted } : {}) });
          break;
        }
        default: {
          const decl = this.decl(kind, n);
          if (decl) out.decls.push(decl);
        }
      }
    }
    return out;
  }

  private base(n: CstNode, nameTok: IToken | undefined, attrsNode?: CstNode): Omit<A.UnitDecl, 'kind'> | undefined {
    if (!nameTok) return undefined;
    const label = this.str(this.tok(n, 'label'));
    return {
      id: this.id(),
      span: this.spanOf(n),
      name: this.name(nameTok),
      ...(label !== undefined ? { label } : {}),
      attrs: this.attributes(attrsNode ?? this.sub(n, 'attributes')),
      override: this.override,
    };
  }

  private decl(kind: string, n: CstNode): A.Decl | undefined {
    switch (kind) {
      case 'unitDecl': {
        const b = this.base(n, this.tok(n, 'name'));
        return b && { ...b, kind: 'unit' };
      }
      case 'enumDecl': {
        const b = this.base(n, this.tok(n, 'name'));
        if (!b) return undefined;
        const members = this.subs(n, 'enumMember').flatMap((m) => {
          const t = this.tok(m, 'name');
          if (!t) return [];
          const label = this.str(this.tok(m, 'label'));
          return [{ id: this.id(), span: this.spanOf(m), name: this.name(t), ...(label !== undefined ? { label } : {}) }];
        });
        return { ...b, kind: 'enum', members };
      }
      case 'inputDecl': {
        const b = this.base(n, this.tok(n, 'name'));
        const t = this.sub(n, 'typeRef');
        return b && t && { ...b, kind: 'input', type: this.typeRef(t) };
      }
      case 'paramDecl':
      case 'defDecl': {
        const v = this.sub(n, 'valueDecl');
        if (!v) return undefined;
        const named = this.base(v, this.tok(v, 'name'));
        if (!named) return undefined;
        const b = { ...named, span: this.spanOf(n) };
        const t = this.sub(v, 'typeRef');
        const first = this.sub(v, 'value');
        if (!first) return undefined;
        const values: A.DatedValue[] = [{ id: this.id(), span: this.spanOf(first), value: this.expr(first) }];
        for (const dv of this.subs(v, 'datedValue')) {
          const date = this.tok(dv, 'date');
          const e = this.sub(dv, 'value');
          if (date && e) values.push({ id: this.id(), span: this.spanOf(dv), from: this.date(date), value: this.expr(e) });
        }
        const common = { ...b, values, ...(t ? { type: this.typeRef(t) } : {}) };
        return kind === 'paramDecl' ? { ...common, kind: 'param' } : { ...common, kind: 'def' };
      }
      case 'tableDecl': {
        const b = this.base(n, this.tok(n, 'name'));
        const t = this.sub(n, 'typeRef');
        if (!b || !t) return undefined;
        const columns = this.toks(n, 'column').map((c) => this.name(c));
        const rows = this.subs(n, 'tableRow').flatMap((row) => {
          const cells = this.subs(row, 'cell');
          const last = cells.pop();
          if (!last) return [];
          const result = this.resultCell(last);
          if (!result) return [];
          const parsed = cells.map((c) => this.cell(c));
          if (parsed.length !== columns.length) this.r.error(this.spanOf(row), M.cellCount(columns.length, parsed.length));
          return [{ id: this.id(), span: this.spanOf(row), cells: parsed, result }];
        });
        const policy = this.tok(n, 'policy');
        const hit = policy && (policy.tokenType.name === 'First') ? 'first' : 'unique';
        return { ...b, kind: 'table', type: this.typeRef(t), hit, columns, rows };
      }
      case 'clausesDecl': {
        const b = this.base(n, this.tok(n, 'name'));
        if (!b) return undefined;
        const clauses = this.subs(n, 'clause').flatMap((c) => {
          const key = this.tok(c, 'key');
          const when = this.sub(c, 'when');
          if (!key || !when) return [];
          const label = this.str(this.tok(c, 'label'));
          return [{
            id: this.id(), span: this.spanOf(c), key: key.tokenType.name === 'NumberLit' ? asciiDigits(key.image) : key.image, numeric: key.tokenType.name === 'NumberLit',
            ...(label !== undefined ? { label } : {}), attrs: this.attributes(this.sub(c, 'attributes')), when: this.expr(when),
          }];
        });
        return { ...b, kind: 'clauses', clauses };
      }
      case 'listDecl': {
        const b = this.base(n, this.tok(n, 'name'));
        if (!b) return undefined;
        const items = this.subs(n, 'listItem').flatMap((it) => {
          const t = this.tok(it, 'name');
          if (!t) return [];
          const label = this.str(this.tok(it, 'label'));
          return [{
            id: this.id(), span: this.spanOf(it), name: this.name(t), ...(label !== undefined ? { label } : {}),
            attrs: this.attributes(this.sub(it, 'attributes')), remove: !!this.tok(it, 'remove'),
            fields: this.subs(it, 'assignment').flatMap((a) => this.assignment(a)),
          }];
        });
        return { ...b, kind: 'list', items };
      }
      case 'constraintDecl': {
        const b = this.base(n, this.tok(n, 'name'));
        const rule = this.sub(n, 'rule');
        return b && rule && { ...b, kind: 'constraint', rule: this.expr(rule) };
      }
    }
    return undefined;
  }

  private example(n: CstNode): A.ExampleDecl {
    const nameTok = this.tok(n, 'name');
    const asOf = this.tok(n, 'asOf');
    return {
      kind: 'example',
      id: this.id(),
      span: this.spanOf(n),
      name: this.str(nameTok) ?? '',
      nameSpan: nameTok ? this.spanOf(nameTok) : this.spanOf(n),
      override: this.override,
      ...(asOf ? { asOf: this.date(asOf) } : {}),
      given: this.subs(n, 'given').flatMap((a) => this.assignment(a)),
      expect: this.subs(n, 'expect').flatMap((a) => this.assignment(a)),
    };
  }

  private assignment(a: CstNode): A.Assignment[] {
    const t = this.tok(a, 'name');
    const v = this.sub(a, 'value');
    return t && v ? [{ id: this.id(), span: this.spanOf(a), name: this.name(t), value: this.expr(v) }] : [];
  }

  private attributes(n: CstNode | undefined): A.Attributes {
    const attrs: A.Attributes = { illustrative: false, open: false };
    if (!n) return attrs;
    const once = (label: string) => {
      const ts = this.toks(n, label);
      if (ts.length > 1) this.r.error(this.spanOf(ts[1]!), M.duplicateAttribute(ts[1]!.image));
      return ts[0];
    };
    const cite = once('cite');
    if (cite) {
      attrs.cite = this.str(cite)!;
      attrs.citeSpan = this.spanOf(cite);
    }
    attrs.illustrative = !!once('illustrative');
    attrs.open = !!once('open');
    const note = once('note');
    if (note) attrs.note = this.str(note)!;
    const range = this.sub(n, 'range');
    if (range) {
      const low = this.sub(range, 'low');
      const high = this.sub(range, 'high');
      const set = this.sub(range, 'set');
      attrs.range = {
        id: this.id(), span: this.spanOf(range),
        ...(low ? { low: this.expr(low) } : {}), ...(high ? { high: this.expr(high) } : {}), ...(set ? { set: this.expr(set) } : {}),
      };
    }
    const max = once('maxItems');
    if (max) {
      attrs.maxItems = Number(asciiDigits(max.image));
      const kw = this.toks(n, 'MaxItems')[0];
      attrs.maxItemsSpan = { file: this.src.name, start: kw ? kw.startOffset : max.startOffset, end: max.startOffset + max.image.length };
    }
    return attrs;
  }

  private typeRef(n: CstNode): A.TypeRef {
    const span = this.spanOf(n);
    const prim = this.tok(n, 'prim');
    if (prim) {
      const k = prim.tokenType.name;
      if (k === 'Money') return { id: this.id(), span, kind: 'money' };
      if (k === 'Integer' || k === 'Decimal') {
        const u = this.sub(n, 'unitSuffix');
        const ut = u && this.tok(u, 'unit');
        return { id: this.id(), span, kind: k === 'Integer' ? 'integer' : 'decimal', ...(ut ? { unit: this.name(ut) } : {}) };
      }
      return { id: this.id(), span, kind: k === 'Bool' ? 'bool' : k === 'DateType' ? 'date' : 'text' };
    }
    const named = this.tok(n, 'named');
    if (named) return { id: this.id(), span, kind: 'named', name: this.name(named) };
    const el = this.sub(n, 'element');
    return { id: this.id(), span, kind: 'list', element: el ? this.typeRef(el) : { id: this.id(), span, kind: 'text' } };
  }

  private date(t: IToken): string {
    const s = asciiDigits(t.image);
    const d = new Date(`${s}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) this.r.error(this.spanOf(t), M.badDate(s));
    return s;
  }

  private cell(n: CstNode): A.Cell {
    const span = this.spanOf(n);
    if (this.tok(n, 'any')) return { id: this.id(), span, kind: 'any' };
    const cmp = this.tok(n, 'cmp');
    if (cmp) {
      const bound = this.sub(n, 'bound');
      const op = ({ Lt: '<', Le: '<=', Gt: '>', Ge: '>=', Ne: '!=' } as const)[cmp.tokenType.name as 'Lt'];
      return { id: this.id(), span, kind: 'compare', op, bound: bound ? this.additive(bound) : this.hole(span) };
    }
    const values = this.subs(n, 'value').map((v) => this.expr(v));
    const high = this.sub(n, 'high');
    if (this.tok(n, 'upTo')) return { id: this.id(), span, kind: 'range', ...(high ? { high: this.additive(high) } : {}) };
    if (this.tok(n, 'dots')) return { id: this.id(), span, kind: 'range', low: values[0]!, ...(high ? { high: this.additive(high) } : {}) };
    return { id: this.id(), span, kind: 'oneOf', values };
  }

  private resultCell(n: CstNode): A.Expr | undefined {
    const values = this.subs(n, 'value');
    if (values.length !== 1 || this.tok(n, 'dots') || this.tok(n, 'cmp') || this.tok(n, 'any') || this.tok(n, 'upTo')) {
      this.r.error(this.spanOf(n), M.badResultCell());
      return undefined;
    }
    return this.expr(values[0]!);
  }

  private hole(span: Span): A.Expr {
    return { id: this.id(), span, kind: 'bool', value: false };
  }

  // ── expressions ──
  // Children are read by name here (`c.operand`), not through `sub(n, label)`: each named read
  // is its own inline cache, which stays fast; one read by a variable label sees every node
  // shape of the grammar. Expressions are most of what a rule file's tree holds.
  expr(n: CstNode): A.Expr {
    const c = n.children as ExprChildren;
    switch (n.name) {
      case 'expression': {
        const x = node(c.conditional) ?? node(c.operation);
        return x ? this.expr(x) : this.hole(this.spanOf(n));
      }
      case 'conditional': {
        const [k, t, e] = [node(c.cond), node(c.then), node(c.else)];
        const span = this.spanOf(n);
        return { id: this.id(), span, kind: 'if', cond: k ? this.expr(k) : this.hole(span), then: t ? this.expr(t) : this.hole(span), else: e ? this.expr(e) : this.hole(span) };
      }
      case 'operation':
      case 'arithmetic':
        return this.operation(n, c);
      case 'primary':
        return this.primary(n, c);
      case 'call':
      case 'listLiteral':
        return this.primaryNode(n);
    }
    return this.hole(this.spanOf(n));
  }

  private additive(n: CstNode): A.Expr {
    return this.expr(n);
  }

  /**
   * An `operation` (or `arithmetic`) node: operands with their prefix operators and the binary
   * operators between them, grouped by precedence here (precedence climbing).
   */
  private operation(n: CstNode, c: ExprChildren): A.Expr {
    const nodes = c.operand as CstNode[] | undefined;
    const ops = c.op as IToken[] | undefined;
    const prefixes = c.prefix as IToken[] | undefined;
    // Most operations are a single operand: go straight down.
    if (nodes?.length === 1 && !ops && !prefixes) return this.expr(nodes[0]!);
    const written = new Map<A.Expr, Span>();
    let operands = (nodes ?? []).map((o) => {
      const e = this.expr(o);
      const w = this.spanOf(o);
      if (w.start < e.span.start && w.end > e.span.end) written.set(e, w);
      return e;
    });
    if (operands.length === 0) return this.hole(this.spanOf(n));
    // Later stages recurse over the (left-deep) tree: keep it shallow enough for any stack.
    if (operands.length > MAX_CHAIN) {
      this.r.error(this.spanOf(n), M.tooLong(MAX_CHAIN));
      operands = operands.slice(0, MAX_CHAIN);
    }
    // Operators the parser invented while recovering have no operand after them.
    const real = (ops ?? []).slice(0, operands.length - 1);
    return this.climb(new Sequence(operands, real, prefixes ?? [], written), OR_LEVEL, 0);
  }

  /**
   * Precedence climbing: the operands from `seq.at` on joined by operators binding at least as
   * tight as level `min` (left-associative); the first operand's prefixes from the `k`-th.
   */
  private climb(seq: Sequence, min: number, k: number): A.Expr {
    let left = this.prefixed(seq, min, k);
    for (;;) {
      const op = seq.ops[seq.at - 1];
      const level = op ? LEVEL[op.tokenType.name] ?? 0 : 0;
      if (!op || level < min) return left;
      const right = this.climb(seq, level + 1, 0);
      const span = { file: this.src.name, start: seq.span(left).start, end: seq.span(right).end };
      const name = op.tokenType.name;
      left = name === 'In' ? { id: this.id(), span, kind: 'in', left, right } : { id: this.id(), span, kind: 'binary', op: BINARY_OPS[name as 'Eq'], left, right };
      // Comparisons do not chain: `a < b < c` is not `a < b and b < c`.
      const next = seq.ops[seq.at - 1];
      if (level === COMPARE_LEVEL && next && LEVEL[next.tokenType.name] === COMPARE_LEVEL) this.r.error(this.spanOf(next), M.chainedComparison(next.image));
    }
  }

  /**
   * The operand at `seq.at` under its prefixes from the `k`-th: `-` takes the operand, `not`
   * everything up to the next `and`/`or` (`not a = b` is `not (a = b)`).
   */
  private prefixed(seq: Sequence, min: number, k: number): A.Expr {
    const pre = seq.prefixes[seq.at];
    if (!pre || k >= pre.length) return seq.operands[seq.at++]!;
    const t = pre[k]!;
    let inner: A.Expr;
    if (t.tokenType.name === 'Minus') inner = this.prefixed(seq, min, k + 1);
    else if (k > 0 ? pre[k - 1]!.tokenType.name === 'Minus' : min > NOT_LEVEL) {
      // `a = not b`, `a + not b`, `-not a`: `not` must start a condition.
      this.r.error(this.spanOf(t), M.misplacedNot());
      inner = this.prefixed(seq, min, k + 1);
    } else inner = this.climb(seq, COMPARE_LEVEL, k + 1);
    const span = { file: this.src.name, start: t.startOffset, end: seq.span(inner).end };
    return t.tokenType.name === 'Not' ? { id: this.id(), span, kind: 'not', operand: inner } : { id: this.id(), span, kind: 'neg', operand: inner };
  }

  private primary(n: CstNode, c: ExprChildren): A.Expr {
    const span = this.spanOf(n);
    let x: IToken | undefined;
    if ((x = token(c.name))) return { id: this.id(), span, kind: 'name', name: x.image };
    if ((x = token(c.number))) return { id: this.id(), span, kind: 'number', text: asciiDigits(x.image) };
    if ((x = token(c.percent))) return { id: this.id(), span, kind: 'percent', text: asciiDigits(x.image).slice(0, -1) };
    if ((x = token(c.string))) return { id: this.id(), span, kind: 'string', value: this.str(x)! };
    if ((x = token(c.date))) return { id: this.id(), span, kind: 'date', value: this.date(x) };
    if (token(c.true)) return { id: this.id(), span, kind: 'bool', value: true };
    if (token(c.false)) return { id: this.id(), span, kind: 'bool', value: false };
    if (token(c.asOf)) return { id: this.id(), span, kind: 'asOf' };
    const inner = node(c.inner);
    if (inner) return this.expr(inner);
    const sub = node(c.call) ?? node(c.listLiteral);
    if (sub) return this.primaryNode(sub);
    return this.hole(span);
  }

  private primaryNode(n: CstNode): A.Expr {
    const span = this.spanOf(n);
    if (n.name === 'call') {
      const fn = this.tok(n, 'fn');
      return { id: this.id(), span, kind: 'call', fn: fn ? this.name(fn) : { id: this.id(), span, text: '' }, args: this.subs(n, 'arg').map((a) => this.expr(a)) };
    }
    return { id: this.id(), span, kind: 'list', items: this.subs(n, 'item').map((a) => this.expr(a)) };
  }
}
