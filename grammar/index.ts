/**
 * @module grammar
 * The only module that imports chevrotain: lexes and parses rule text into a CST, and reports
 * lexing and syntax errors as plain offsets plus the token names that were expected.
 */
import type { CstNode, IToken } from 'chevrotain';
import { parser } from './parser.ts';
import { asciiDigits, keywordSpellings, lexer, oneByte } from './tokens.ts';

export type { CstNode, IToken } from 'chevrotain';
export { asciiDigits, keywordSpellings, oneByte } from './tokens.ts';

/** Deepest bracket nesting accepted. */
export const MAX_NESTING = 64;

export interface SyntaxProblem {
  readonly kind: 'char' | 'string' | 'syntax' | 'nesting';
  readonly start: number;
  readonly end: number;
  /** The offending text (empty at end of file). */
  readonly found: string;
  /** Token names that would have been accepted (for `syntax`). */
  readonly expected: readonly string[];
  /**
   * The operator (or other token that needs something after it) that ends the line or file
   * before the problem, where the mistake most likely is: `h +` then a new line.
   */
  readonly after?: { readonly image: string; readonly start: number; readonly end: number };
}

/** Tokens that cannot end an expression or declaration: something must follow them. */
const NEEDS_MORE = new Set(['Plus', 'Minus', 'Star', 'Slash', 'Eq', 'Ne', 'Lt', 'Le', 'Gt', 'Ge', 'Comma', 'Colon', 'DotDot', 'LParen', 'LBracket', 'And', 'Or', 'Not', 'If', 'Then', 'Otherwise', 'Else', 'In', 'Cite']);

/** The top-level loop ended before the end of the input (the next token cannot start a declaration). */
const stoppedEarly = (e: { name: string; message: string }) => e.name === 'NotAllInputParsedException' || e.message === '["EOF"]';

const DECLARATION_STARTS = new Set(['Override', 'Unit', 'Enum', 'Input', 'Param', 'Def', 'Table', 'Clauses', 'List', 'Constraint', 'Example', 'Output', 'Remove']);

export interface CstResult {
  readonly cst: CstNode;
  /** Declaration lists parsed after resynchronising past a syntax error. */
  readonly rest: readonly CstNode[];
  readonly comments: readonly IToken[];
  readonly problems: readonly SyntaxProblem[];
}

/** Tokens whose text becomes names, codes, dates or numbers of the program (see {@link oneByte}). */
const VALUE_TOKENS = new Set(['Identifier', 'StringLit', 'DateLit', 'NumberLit', 'Percent']);

/** Lexes and parses one rule file. Never throws on bad input. */
export function parseCst(text: string): CstResult {
  const lexed = lexer.tokenize(text);
  if (/[^\x00-\xff]/.test(text)) for (const t of lexed.tokens) if (VALUE_TOKENS.has(t.tokenType.name)) t.image = oneByte(t.image);
  const problems: SyntaxProblem[] = [];
  for (const e of lexed.errors) {
    problems.push({ kind: 'char', start: e.offset, end: e.offset + e.length, found: text.substr(e.offset, e.length), expected: [] });
  }
  const tokens = lexed.tokens.filter((t) => {
    if (t.tokenType.name !== 'UnterminatedString') return true;
    problems.push({ kind: 'string', start: t.startOffset, end: t.startOffset + t.image.length, found: t.image, expected: [] });
    return false;
  });
  // Recursive descent recurses once per bracket level: refuse absurd nesting up front.
  let depth = 0;
  for (const t of tokens) {
    const n = t.tokenType.name;
    if (n === 'LParen' || n === 'LBracket' || n === 'LBrace') depth++;
    else if (n === 'RParen' || n === 'RBracket' || n === 'RBrace') depth--;
    if (depth > MAX_NESTING) {
      problems.push({ kind: 'nesting', start: t.startOffset, end: t.startOffset + t.image.length, found: t.image, expected: [] });
      parser.input = [];
      return { cst: parser.file(), rest: [], comments: [], problems };
    }
  }
  parser.input = tokens;
  const cst = parser.file();
  const errors = [...parser.errors];
  const rest: CstNode[] = [];
  // When a declaration cannot be parsed, the top-level loop stops; resume at the next line that
  // starts with a declaration keyword, so one pass reports errors from the whole file.
  const resumed = new Set<unknown>();
  let covered = cst.location?.endOffset ?? -1;
  for (let guard = 0; guard < 1000; guard++) {
    const stop = errors.findLast(stoppedEarly);
    if (!stop || resumed.has(stop)) break;
    resumed.add(stop);
    // chevrotain's own recovery may already have parsed past the stray tokens.
    if (Number.isNaN(covered) || covered >= stop.token.startOffset) continue;
    const at = tokens.indexOf(stop.token);
    const next = tokens.findIndex((t, i) => i > at && t.startColumn === 1 && DECLARATION_STARTS.has(t.tokenType.name));
    if (at < 0 || next < 0) break;
    parser.input = tokens.slice(next);
    const more = parser.rest();
    rest.push(more);
    covered = more.location?.endOffset ?? covered;
    errors.push(...parser.errors);
  }
  const seenAt = new Set(errors.filter((e) => !stoppedEarly(e)).map((e) => e.token.startOffset));
  for (const e of errors) {
    if (stoppedEarly(e)) {
      if (seenAt.has(e.token.startOffset)) continue;
      e.message = JSON.stringify([...DECLARATION_STARTS]);
    }
    const t = e.token;
    const atEnd = t.tokenType.name === 'EOF' || Number.isNaN(t.startOffset);
    let expected: string[] = [];
    try {
      expected = JSON.parse(e.message);
    } catch {
      expected = [];
    }
    const prev = (e as { previousToken?: IToken }).previousToken;
    // Text the lexer could not read sits between the last token and this one: its own error says it all.
    const from = prev && !Number.isNaN(prev.startOffset) ? prev.startOffset + prev.image.length : 0;
    const to = atEnd ? text.length : t.startOffset;
    if (problems.some((p) => (p.kind === 'char' || p.kind === 'string') && p.start >= from && p.start < to)) continue;
    const dangling = prev && NEEDS_MORE.has(prev.tokenType.name) && (atEnd || (t.startLine ?? 0) > (prev.endLine ?? prev.startLine ?? 0));
    problems.push({
      kind: 'syntax',
      start: atEnd ? text.length : t.startOffset,
      end: atEnd ? text.length : t.startOffset + t.image.length,
      found: atEnd ? '' : t.image,
      expected,
      ...(dangling ? { after: { image: prev.image, start: prev.startOffset, end: prev.startOffset + prev.image.length } } : {}),
    });
  }
  return { cst, rest, comments: lexed.groups['comments'] ?? [], problems };
}

const punctuation: Record<string, string> = {
  DotDot: '..', Le: '<=', Ge: '>=', Ne: '!=', Lt: '<', Gt: '>', Eq: '=', Plus: '+', Minus: '-', Star: '*', Slash: '/',
  Colon: ':', Comma: ',', LParen: '(', RParen: ')', LBracket: '[', RBracket: ']', LBrace: '{', RBrace: '}', Pipe: '|',
};
const described: Record<string, { en: string; zh: string }> = {
  Identifier: { en: 'a name', zh: '名称' }, NumberLit: { en: 'a number', zh: '数字' }, StringLit: { en: 'a "quoted text"', zh: '"带引号的文字"' },
  DateLit: { en: 'a date', zh: '日期' }, Percent: { en: 'a percentage', zh: '百分比' }, EOF: { en: 'the end of the file', zh: '文件结尾' },
};

/** How a token name reads to a person, e.g. `Then` → "`then`" / "`则`". */
export function describeToken(name: string, locale: 'en' | 'zh'): string {
  const kw = keywordSpellings[name];
  if (kw) return `\`${locale === 'zh' ? kw[1] : kw[0]}\``;
  if (punctuation[name]) return `\`${punctuation[name]}\``;
  if (name === 'Else') return locale === 'zh' ? '`否则`' : '`otherwise`';
  return described[name]?.[locale] ?? name;
}

/**
 * `text` as it would read typed in English and ASCII: keywords in their English spelling,
 * full-width punctuation, digits and quotes in ASCII; names, strings' contents, comments and line
 * breaks as they are. For comparing two texts that differ only in how they were typed (a fork in
 * Chinese keywords against its base in English), not for showing.
 * @example typedInEnglish('定义 k：整数 = 1') // 'def k: integer = 1'
 */
export function typedInEnglish(text: string): string {
  const { tokens } = lexer.tokenize(text);
  let out = '';
  let at = 0;
  for (const t of tokens) {
    const name = t.tokenType.name;
    const kw = keywordSpellings[name];
    const image = kw ? kw[0] : punctuation[name] ?? (name === 'StringLit' && t.image.startsWith('“') ? `"${t.image.slice(1, -1)}"` : name === 'NumberLit' || name === 'Percent' || name === 'DateLit' ? asciiDigits(t.image) : t.image);
    out += text.slice(at, t.startOffset).replace(/\u3000/g, ' ') + image;
    at = t.startOffset + t.image.length;
  }
  return out + text.slice(at);
}
