/**
 * @module grammar
 * The only module that imports chevrotain: lexes and parses rule text into a CST, and reports
 * lexing and syntax errors as plain offsets plus the token names that were expected.
 */
import type { CstNode, IToken } from 'chevrotain';
import { parser } from './parser.ts';
import { keywordSpellings, lexer } from './tokens.ts';

export type { CstNode, IToken } from 'chevrotain';
export { keywordSpellings } from './tokens.ts';

export interface SyntaxProblem {
  readonly kind: 'char' | 'string' | 'syntax';
  readonly start: number;
  readonly end: number;
  /** The offending text (empty at end of file). */
  readonly found: string;
  /** Token names that would have been accepted (for `syntax`). */
  readonly expected: readonly string[];
}

export interface CstResult {
  readonly cst: CstNode;
  readonly comments: readonly IToken[];
  readonly problems: readonly SyntaxProblem[];
}

/** Lexes and parses one rule file. Never throws on bad input. */
export function parseCst(text: string): CstResult {
  const lexed = lexer.tokenize(text);
  const problems: SyntaxProblem[] = [];
  for (const e of lexed.errors) {
    problems.push({ kind: 'char', start: e.offset, end: e.offset + e.length, found: text.substr(e.offset, e.length), expected: [] });
  }
  const tokens = lexed.tokens.filter((t) => {
    if (t.tokenType.name !== 'UnterminatedString') return true;
    problems.push({ kind: 'string', start: t.startOffset, end: t.startOffset + t.image.length, found: t.image, expected: [] });
    return false;
  });
  parser.input = tokens;
  const cst = parser.file();
  for (const e of parser.errors) {
    const t = e.token;
    const atEnd = t.tokenType.name === 'EOF' || Number.isNaN(t.startOffset);
    let expected: string[] = [];
    try {
      expected = JSON.parse(e.message);
    } catch {
      expected = [];
    }
    problems.push({
      kind: 'syntax',
      start: atEnd ? text.length : t.startOffset,
      end: atEnd ? text.length : t.startOffset + t.image.length,
      found: atEnd ? '' : t.image,
      expected,
    });
  }
  return { cst, comments: lexed.groups['comments'] ?? [], problems };
}

const punctuation: Record<string, string> = {
  DotDot: '..', Arrow: '=>', Le: '<=', Ge: '>=', Ne: '!=', Lt: '<', Gt: '>', Eq: '=', Plus: '+', Minus: '-', Star: '*', Slash: '/',
  Colon: ':', Comma: ',', LParen: '(', RParen: ')', LBracket: '[', RBracket: ']', LBrace: '{', RBrace: '}', Pipe: '|', Dot: '.',
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
