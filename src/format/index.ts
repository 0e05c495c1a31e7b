/**
 * @module format
 * The formatter: prints a rule file's AST in the house layout, with English or Chinese
 * keywords (by default the language the file is written in). Comments are kept; a comment
 * inside a declaration moves to just above it. Formatting is idempotent.
 */
import { keywordSpellings } from '../../grammar/index.ts';
import { parse } from '../ast/from-cst.ts';
import { builtinNames, lookupBuiltin } from '../check/functions.ts';
import type * as A from '../ast/nodes.ts';
import { hasErrors, type Diagnostic, type Locale } from '../diagnostics.ts';
import { displayWidth, type SourceFile } from '../source.ts';

export interface FormatOptions {
  /** Keyword language; default: the language of the file's first keyword. */
  readonly keywords?: 'en' | 'zh';
  readonly locale?: Locale;
}

export interface FormatResult {
  /** The formatted text, absent when the file has syntax errors. */
  readonly text?: string;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * @example format({ name: 'x.rules', text: 'ruleset   x' }).text // 'ruleset x\n'
 */
export function format(file: SourceFile, options: FormatOptions = {}): FormatResult {
  const parsed = parse(file, options.locale);
  if (!parsed.value || hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics };
  const zh = options.keywords ? options.keywords === 'zh' : /^\s*(#[^\n]*\n\s*)*规则集/.test(file.text);
  return { text: new Printer(parsed.value, zh).print(), diagnostics: parsed.diagnostics };
}

const PREC: Record<string, number> = { or: 1, and: 2, '=': 4, '!=': 4, '<': 4, '<=': 4, '>': 4, '>=': 4, in: 4, '+': 5, '-': 5, '*': 6, '/': 6 };

class Printer {
  private readonly f: A.RuleFile;
  private readonly zh: boolean;
  private readonly out: string[] = [];
  private nextComment = 0;
  constructor(f: A.RuleFile, zh: boolean) {
    this.f = f;
    this.zh = zh;
  }

  private k(name: string): string {
    const s = keywordSpellings[name];
    return s ? (this.zh ? s[1] : s[0]) : name.toLowerCase();
  }
  private q(s: string): string {
    return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
  }
  private colon(): string {
    return this.zh ? '：' : ': ';
  }

  /** Emits comments that start before `offset`. */
  private commentsBefore(offset: number): void {
    const cs = this.f.comments;
    while (this.nextComment < cs.length && cs[this.nextComment]!.start < offset) this.out.push(cs[this.nextComment++]!.text.trimEnd());
  }

  print(): string {
    const f = this.f;
    const items: { start: number; end: number; lines: () => string[] }[] = [
      ...f.decls.map((d) => ({ start: d.span.start, end: d.span.end, lines: () => this.decl(d) })),
      ...f.examples.map((e) => ({ start: e.span.start, end: e.span.end, lines: () => this.example(e) })),
      ...f.outputs.map((o) => ({ start: o.span.start, end: o.span.end, lines: () => [`${this.k('Output')} ${o.names.map((n) => n.text).join(', ')}`] })),
      ...f.removes.map((r) => ({ start: r.span.start, end: r.span.end, lines: () => [`${this.k('Remove')} ${r.what ? `${this.k(r.what)} ` : ''}${r.quoted ? this.q(r.name.text) : r.name.text}`] })),
    ].sort((a, b) => a.start - b.start);
    const headerEnd = items[0]?.start ?? Infinity;
    this.commentsBefore(Math.min(f.name.span.start, headerEnd));
    this.out.push(...this.header());
    let prevKind = '';
    for (const item of items) {
      const lines = item.lines();
      const kind = lines[0]!.split(' ')[0]!;
      const compact = kind === prevKind && lines.length === 1 && !this.hasCommentBefore(item.start);
      if (!compact) this.out.push('');
      this.commentsBefore(item.end);
      this.out.push(...lines);
      prevKind = lines.length === 1 ? kind : '';
    }
    this.commentsBefore(Infinity);
    return this.out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
  }

  private hasCommentBefore(offset: number): boolean {
    const c = this.f.comments[this.nextComment];
    return !!c && c.start < offset;
  }

  private header(): string[] {
    const f = this.f;
    const lines = [`${this.k('Ruleset')} ${f.name.text}`];
    if (f.base) lines.push(`  ${this.k('Extends')} ${f.base.text}`);
    if (f.title !== undefined) lines.push(`  ${this.k('Title')} ${this.q(f.title)}`);
    if (f.jurisdiction !== undefined) lines.push(`  ${this.k('Jurisdiction')} ${this.q(f.jurisdiction)}`);
    for (const s of f.sources) lines.push(`  ${this.k('Source')} ${this.q(s.code)} ${this.q(s.title)}`);
    return lines;
  }

  private attrs(a: A.Attributes): string {
    const parts: string[] = [];
    if (a.range) parts.push(`${this.k('In')} ${a.range.low ? this.expr(a.range.low) : ''}..${a.range.high ? this.expr(a.range.high) : ''}`);
    if (a.maxItems !== undefined) parts.push(`${this.k('MaxItems')} ${a.maxItems}`);
    if (a.cite !== undefined) parts.push(`${this.k('Cite')} ${this.q(a.cite)}`);
    if (a.illustrative) parts.push(this.k('Illustrative'));
    if (a.open) parts.push(this.k('Open'));
    if (a.note !== undefined) parts.push(`${this.k('Note')} ${this.q(a.note)}`);
    return parts.map((p) => ` ${p}`).join('');
  }

  private label(l: string | undefined): string {
    return l === undefined ? '' : ` ${this.q(l)}`;
  }

  private type(t: A.TypeRef): string {
    switch (t.kind) {
      case 'money': return this.k('Money');
      case 'integer': return this.k('Integer') + (t.unit ? `[${t.unit.text}]` : '');
      case 'decimal': return this.k('Decimal') + (t.unit ? `[${t.unit.text}]` : '');
      case 'bool': return this.k('Bool');
      case 'date': return this.k('DateType');
      case 'text': return this.k('Text');
      case 'named': return t.name.text;
      case 'list': return this.zh ? `${this.k('ListOf')} ${this.type(t.element)}` : `list of ${this.type(t.element)}`;
    }
  }

  private decl(d: A.Decl): string[] {
    const ov = d.override ? `${this.k('Override')} ` : '';
    const head = (kw: string, typed?: A.TypeRef) => `${ov}${this.k(kw)} ${d.name.text}${typed ? this.colon() + this.type(typed) : ''}${this.label(d.label)}${this.attrs(d.attrs)}`;
    switch (d.kind) {
      case 'unit':
        return [`${this.k('Unit')} ${d.name.text}${this.label(d.label)}`];
      case 'enum':
        return [`${head('Enum')} {`, ...d.members.map((m) => `  ${m.name.text}${this.label(m.label)}`), '}'];
      case 'input':
        return [head('Input', d.type)];
      case 'param':
      case 'def': {
        const first = head(d.kind === 'param' ? 'Param' : 'Def', d.type);
        const [v0, ...rest] = d.values;
        const e0 = this.expr(v0!.value);
        const lines = displayWidth(first) + displayWidth(e0) + 3 <= 120 && rest.length === 0 ? [`${first} = ${e0}`] : [first, `  = ${e0}`];
        for (const v of rest) lines.push(`  ${this.k('From')} ${v.from} = ${this.expr(v.value)}`);
        return lines;
      }
      case 'table':
        return this.table(d, head('Table', d.type));
      case 'clauses':
        return [head('Clauses'), ...d.clauses.flatMap((c) => {
          const h = `  ${this.k('Clause')} ${c.key}${this.label(c.label)}${this.attrs(c.attrs)}`;
          const e = this.expr(c.when);
          return displayWidth(h) + displayWidth(e) + 3 <= 120 ? [`${h} : ${e}`] : [h, `    : ${e}`];
        })];
      case 'list':
        return [`${head('List')} {`, ...d.items.map((it) => {
          const fields = it.fields.length ? ` { ${it.fields.map((a) => `${a.name.text}: ${this.expr(a.value)}`).join(', ')} }` : '';
          return `  ${it.remove ? this.k('Remove') + ' ' : ''}${this.k('Item')} ${it.name.text}${this.label(it.label)}${this.attrs(it.attrs)}${fields}`;
        }), '}'];
      case 'constraint': {
        const h = head('Constraint');
        const e = this.expr(d.rule);
        return displayWidth(h) + displayWidth(e) + 3 <= 120 ? [`${h} : ${e}`] : [h, `  : ${e}`];
      }
    }
  }

  private table(d: A.TableDecl, head: string): string[] {
    const rows = d.rows.map((r) => [...r.cells.map((c) => this.cell(c)), this.expr(r.result)]);
    const widths: number[] = [];
    for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(c))));
    const pad = (s: string, w: number) => s + ' '.repeat(w - displayWidth(s));
    return [
      head,
      `  ${this.k('Hit')} ${this.k(d.hit === 'first' ? 'First' : 'Unique')}`,
      `  ${this.k('Given')} ${d.columns.map((c) => c.text).join(', ')}`,
      ...rows.map((r) => `  | ${r.map((c, i) => pad(c, widths[i]!)).join(' | ')} |`),
    ];
  }

  private cell(c: A.Cell): string {
    switch (c.kind) {
      case 'any': return '-';
      case 'compare': return `${c.op} ${this.expr(c.bound)}`;
      case 'range': return `${c.low ? this.expr(c.low) : ''}..${c.high ? this.expr(c.high) : ''}`;
      case 'oneOf': return c.values.map((v) => this.expr(v)).join(', ');
    }
  }

  private example(e: A.ExampleDecl): string[] {
    const assign = (as: A.Assignment[]) => as.map((a) => `${a.name.text} = ${this.expr(a.value)}`);
    const block = (kw: string, as: A.Assignment[]) => {
      const items = assign(as);
      const one = `  ${this.k(kw)} ${items.join(', ')}`.trimEnd();
      if (displayWidth(one) <= 120) return [one];
      return [`  ${this.k(kw)} ${items[0]},`, ...items.slice(1).map((x, i, arr) => `    ${x}${i < arr.length - 1 ? ',' : ''}`)];
    };
    return [
      `${e.override ? this.k('Override') + ' ' : ''}${this.k('Example')} ${this.q(e.name)}${e.asOf ? ` ${this.k('AsOf')} ${e.asOf}` : ''} {`,
      ...block('Given', e.given),
      ...block('Expect', e.expect),
      '}',
    ];
  }

  expr(e: A.Expr, parent = 0): string {
    switch (e.kind) {
      case 'number': return e.text;
      case 'percent': return `${e.text}%`;
      case 'string': return this.q(e.value);
      case 'date': return e.value;
      case 'bool': return this.k(e.value ? 'True' : 'False');
      case 'asOf': return this.k('AsOf');
      case 'name': return e.name;
      case 'call': return `${this.fnName(e.fn.text)}(${e.args.map((a) => this.expr(a)).join(', ')})`;
      case 'list': return `[${e.items.map((a) => this.expr(a)).join(', ')}]`;
      case 'neg': return `-${this.expr(e.operand, 7)}`;
      case 'not': return this.wrap(`${this.k('Not')} ${this.expr(e.operand, 3)}`, 3, parent);
      case 'if': return this.wrap(`${this.k('If')} ${this.expr(e.cond)} ${this.k('Then')} ${this.expr(e.then)} ${this.k('Otherwise')} ${this.expr(e.else)}`, 0.5, parent);
      case 'in': return this.wrap(`${this.expr(e.left, 5)} ${this.k('In')} ${this.expr(e.right, 5)}`, 4, parent);
      case 'binary': {
        const p = PREC[e.op]!;
        const op = e.op === 'and' ? this.k('And') : e.op === 'or' ? this.k('Or') : e.op;
        // Operators group to the left: a right operand of the same precedence keeps its
        // parentheses (`pay * (rate / 2)` rounds once, `pay * rate / 2` twice).
        return this.wrap(`${this.expr(e.left, p === 4 ? p + 1 : p)} ${op} ${this.expr(e.right, p + 1)}`, p, parent);
      }
    }
  }

  /** Built-in functions are written in the keyword language too (`floor` ↔ `向下取整`). */
  private fnName(name: string): string {
    const id = lookupBuiltin(name);
    if (!id) return name;
    const names = builtinNames[id];
    return this.zh ? names[names.length - 1]! : names[0]!;
  }

  private wrap(s: string, own: number, parent: number): string {
    return own < parent ? `(${s})` : s;
  }
}
