/**
 * @module ast/from-cst
 * Builds the AST of one rule file from chevrotain's CST, and turns lexing and syntax problems
 * into diagnostics. Partial input gives a partial AST plus diagnostics, never an exception.
 */
import { asciiDigits, describeToken, MAX_NESTING, parseCst, type CstNode, type IToken } from '../../grammar/index.ts';
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
      const say = (l: Locale) => (p.after ? M.syntaxAfter(p.after.image, exp(l)) : p.found ? M.syntax(`\`${p.found}\``, exp(l)) : M.syntaxEnd(exp(l)));
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

/** Longest chain of `+ - * / and or` operands accepted in one expression. */
const MAX_CHAIN = 256;
// Operator of a chain link, by token (shared, so building an expression allocates no lookups).
const OR = (): A.BinaryOp => 'or';
const AND = (): A.BinaryOp => 'and';
const ARITHMETIC_OPS = { Plus: '+', Minus: '-', Star: '*', Slash: '/' } as const;
const ARITHMETIC = (t: IToken): A.BinaryOp => ARITHMETIC_OPS[t.tokenType.name as 'Plus'];
const COMPARISON = { Eq: '=', Ne: '!=', Lt: '<', Le: '<=', Gt: '>', Ge: '>=' } as const;

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
      return { id: this.id(), span: this.spanOf(node), text: this.src.text.slice(parts[0]!.startOffset, parts[parts.length - 1]!.startOffset + parts[parts.length - 1]!.image.length) };
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
          const name = t && (quoted ? { ...this.name(t), text: this.str(t)! } : this.name(t));
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
    if (max) attrs.maxItems = Number(asciiDigits(max.image));
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
        const x = node(c.conditional) ?? node(c.orExpr);
        return x ? this.expr(x) : this.hole(this.spanOf(n));
      }
      case 'conditional': {
        const [k, t, e] = [node(c.cond), node(c.then), node(c.else)];
        const span = this.spanOf(n);
        return { id: this.id(), span, kind: 'if', cond: k ? this.expr(k) : this.hole(span), then: t ? this.expr(t) : this.hole(span), else: e ? this.expr(e) : this.hole(span) };
      }
      case 'orExpr':
        return this.chain(n, c, OR);
      case 'andExpr':
        return this.chain(n, c, AND);
      case 'notExpr': {
        const operand = node(c.operand);
        const inner = operand ? this.expr(operand) : this.hole(this.spanOf(n));
        return token(c.not) ? { id: this.id(), span: this.spanOf(n), kind: 'not', operand: inner } : inner;
      }
      case 'comparison': {
        const left = node(c.left);
        const right = node(c.right);
        const l = left ? this.expr(left) : this.hole(this.spanOf(n));
        if (!right) return l;
        const r = this.expr(right);
        if (token(c.in)) return { id: this.id(), span: this.spanOf(n), kind: 'in', left: l, right: r };
        const opNode = node(c.op);
        const opTok = opNode && (Object.values(this.ch(opNode))[0]?.[0] as IToken | undefined);
        const op = COMPARISON[(opTok?.tokenType.name ?? 'Eq') as 'Eq'];
        return { id: this.id(), span: this.spanOf(n), kind: 'binary', op, left: l, right: r };
      }
      case 'additive':
      case 'multiplicative':
        return this.chain(n, c, ARITHMETIC);
      case 'unary': {
        const operand = node(c.operand);
        const inner = operand ? this.expr(operand) : this.hole(this.spanOf(n));
        return token(c.neg) ? { id: this.id(), span: this.spanOf(n), kind: 'neg', operand: inner } : inner;
      }
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

  private chain(n: CstNode, c: ExprChildren, opOf: (t: IToken) => A.BinaryOp): A.Expr {
    // Most chain levels of an expression hold a single operand: go straight down.
    const only = c.operand;
    if (only?.length === 1 && !c.op && !isToken(only[0]!)) return this.expr(only[0] as CstNode);
    let operands = (c.operand ?? []).filter((x): x is CstNode => !isToken(x)).map((o) => this.expr(o));
    // Later stages recurse over the (left-deep) tree: keep it shallow enough for any stack.
    if (operands.length > MAX_CHAIN) {
      this.r.error(this.spanOf(n), M.tooLong(MAX_CHAIN));
      operands = operands.slice(0, MAX_CHAIN);
    }
    const ops = (c.op ?? []).filter(isToken);
    let acc = operands[0] ?? this.hole(this.spanOf(n));
    for (let i = 1; i < operands.length; i++) {
      const right = operands[i]!;
      const opTok = ops[i - 1];
      acc = { id: this.id(), span: { file: this.src.name, start: acc.span.start, end: right.span.end }, kind: 'binary', op: opTok ? opOf(opTok) : '+', left: acc, right };
    }
    return acc;
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
