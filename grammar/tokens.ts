/**
 * @module grammar/tokens
 * Tokens of the rules language. Every keyword has an English and a Chinese spelling; keywords
 * come before `Identifier` with `longer_alt`, so `ifs` or `如果值` stay identifiers (a Chinese
 * keyword must therefore be separated from a following name by a space or punctuation).
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';
import { LETTER, LETTER_OR_DIGIT } from './letters.ts';

/**
 * Identifiers may be any Unicode letters. Chevrotain cannot analyse `\p{L}` (it needs the `u`
 * flag), so the letter classes are spelled out as BMP ranges (generated into `letters.ts` by
 * `npm run grammar`); astral characters (surrogate pairs) are accepted as letters. This keeps
 * chevrotain's first-character lexer optimisation on.
 */
export const Identifier = createToken({
  name: 'Identifier',
  pattern: new RegExp(`[_${LETTER}\\ud800-\\udbff][_${LETTER_OR_DIGIT}\\ud800-\\udfff]*`),
});

/** Keyword spellings: the first is the English canonical form, the second Chinese. */
export const keywordSpellings: Record<string, readonly [string, string]> = {};

/**
 * Soft keywords (`date`, `text`, `money`, `title`, `first`, …) are also names: their token
 * counts as an `Identifier` wherever the grammar expects a name, so `input date: date` works.
 * Keywords that start declarations or clauses, or can follow an expression, stay reserved.
 */
const SOFT = new Set(['Title', 'Jurisdiction', 'Source', 'First', 'Unique', 'Of', 'Money', 'Integer', 'Decimal', 'Bool', 'DateType', 'Text']);

function kw(name: string, en: string, zh: string): TokenType {
  keywordSpellings[name] = [en, zh];
  const alts = [en, zh].sort((a, b) => b.length - a.length).map(escape).join('|');
  return createToken({ name, pattern: new RegExp(alts), longer_alt: Identifier, categories: SOFT.has(name) ? [Keyword, Identifier] : [Keyword] });
}
function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA });

export const Ruleset = kw('Ruleset', 'ruleset', '规则集');
export const Extends = kw('Extends', 'extends', '继承');
export const Title = kw('Title', 'title', '标题');
export const Jurisdiction = kw('Jurisdiction', 'jurisdiction', '辖区');
export const Source = kw('Source', 'source', '文件');
export const Unit = kw('Unit', 'unit', '单位');
export const Enum = kw('Enum', 'enum', '枚举');
export const Input = kw('Input', 'input', '输入');
export const Param = kw('Param', 'param', '参数');
export const Def = kw('Def', 'def', '定义');
export const Table = kw('Table', 'table', '决策表');
export const Hit = kw('Hit', 'hit', '命中');
export const First = kw('First', 'first', '首条');
export const Unique = kw('Unique', 'unique', '唯一');
export const Given = kw('Given', 'given', '已知');
export const Clauses = kw('Clauses', 'clauses', '条款集');
export const Clause = kw('Clause', 'clause', '条款');
export const List = kw('List', 'list', '清单');
export const Item = kw('Item', 'item', '事项');
export const Constraint = kw('Constraint', 'constraint', '约束');
export const Example = kw('Example', 'example', '示例');
export const Expect = kw('Expect', 'expect', '预期');
export const AsOf = kw('AsOf', 'as_of', '截至');
export const Output = kw('Output', 'output', '输出');
export const Override = kw('Override', 'override', '覆盖');
export const Remove = kw('Remove', 'remove', '删除');
export const Cite = kw('Cite', 'cite', '出处');
export const Illustrative = kw('Illustrative', 'illustrative', '示意');
export const Open = kw('Open', 'open', '可调');
export const Note = kw('Note', 'note', '说明');
export const From = kw('From', 'from', '自');
export const In = kw('In', 'in', '属于');
export const If = kw('If', 'if', '如果');
export const Then = kw('Then', 'then', '则');
export const Otherwise = kw('Otherwise', 'otherwise', '否则');
export const Else = createToken({ name: 'Else', pattern: /else/, longer_alt: Identifier, categories: [Keyword, Otherwise] });
export const And = kw('And', 'and', '且');
export const Or = kw('Or', 'or', '或');
export const Not = kw('Not', 'not', '非');
export const True = kw('True', 'true', '是');
export const False = kw('False', 'false', '否');
export const Of = kw('Of', 'of', '之');
export const ListOf = kw('ListOf', 'list_of', '列表');
export const Money = kw('Money', 'money', '金额');
export const Integer = kw('Integer', 'integer', '整数');
export const Decimal = kw('Decimal', 'decimal', '小数');
export const Bool = kw('Bool', 'bool', '布尔');
export const DateType = kw('DateType', 'date', '日期');
export const Text = kw('Text', 'text', '文本');
export const MaxItems = kw('MaxItems', 'max_items', '最多');

// Digits may be full-width (１３, ２０２５－０１－０１), as a Chinese input method types them;
// the AST holds them as ASCII (see `asciiDigits`).
export const DateLit = createToken({ name: 'DateLit', pattern: /[0-9０-９]{4}[-－][0-9０-９]{2}[-－][0-9０-９]{2}/ });
export const Percent = createToken({ name: 'Percent', pattern: /[0-9０-９]+(?:[.．][0-9０-９]+)?[%％]/ });
export const NumberLit = createToken({ name: 'NumberLit', pattern: /[0-9０-９]+(?:[.．][0-9０-９]+)?/ });

/**
 * `s` stored one byte per character when every character fits (Latin-1), else `s` itself. V8
 * keeps text cut from a source that has Chinese in it at two bytes per character even where it
 * is ASCII, and so is the one copy it interns of such a name (object keys, JSON keys parsed
 * later): results keyed by it would then leave the one-byte fast paths of JSON.stringify,
 * comparison and socket writes.
 * @example oneByte('中文 posts_min'.slice(3)) // 'posts_min', one byte per character
 */
export function oneByte(s: string): string {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return s;
  const codes: number[] = new Array(s.length);
  for (let i = 0; i < s.length; i++) codes[i] = s.charCodeAt(i);
  let out = '';
  for (let i = 0; i < codes.length; i += 8192) out += String.fromCharCode(...codes.slice(i, i + 8192));
  return out;
}

/** A number or date as written, with full-width digits, point and hyphen made ASCII. */
export const asciiDigits = (s: string): string => s.replace(/[０-９．－％]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
export const StringLit = createToken({ name: 'StringLit', pattern: /"(?:[^"\\\n]|\\.)*"|“[^”\n]*”/ });
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\n]|\\.)*|“[^”\n]*/ });

export const DotDot = createToken({ name: 'DotDot', pattern: /\.\.|．．/ });
export const Le = createToken({ name: 'Le', pattern: /<=|≤/ });
export const Ge = createToken({ name: 'Ge', pattern: />=|≥/ });
export const Ne = createToken({ name: 'Ne', pattern: /!=|≠/ });
export const Lt = createToken({ name: 'Lt', pattern: /</ });
export const Gt = createToken({ name: 'Gt', pattern: />/ });
export const Eq = createToken({ name: 'Eq', pattern: /=/ });
export const Plus = createToken({ name: 'Plus', pattern: /\+/ });
export const Minus = createToken({ name: 'Minus', pattern: /-|－/ });
export const Star = createToken({ name: 'Star', pattern: /\*|×/ });
export const Slash = createToken({ name: 'Slash', pattern: /\/|÷/ });
export const Colon = createToken({ name: 'Colon', pattern: /[:：]/ });
export const Comma = createToken({ name: 'Comma', pattern: /[,，、]/ });
export const LParen = createToken({ name: 'LParen', pattern: /[(（]/ });
export const RParen = createToken({ name: 'RParen', pattern: /[)）]/ });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[|【/ });
export const RBracket = createToken({ name: 'RBracket', pattern: /]|】/ });
export const LBrace = createToken({ name: 'LBrace', pattern: /{/ });
export const RBrace = createToken({ name: 'RBrace', pattern: /}/ });
export const Pipe = createToken({ name: 'Pipe', pattern: /\||｜/ });

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\u3000]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*/, group: 'comments' });

const keywords = [
  Ruleset, Extends, Title, Jurisdiction, Source, Unit, Enum, Input, Param, Def, Table, Hit, First, Unique, Given,
  Clauses, Clause, List, Item, Constraint, Example, Expect, AsOf, Output, Override, Remove, Cite, Illustrative,
  Open, Note, From, In, If, Then, Else, Otherwise, And, Or, Not, True, False, ListOf, Of, Money, Integer, Decimal,
  Bool, DateType, Text, MaxItems,
].sort((a, b) => longest(b) - longest(a)); // `integer` must be tried before `in`

function longest(t: TokenType): number {
  return Math.max(...(keywordSpellings[t.name] ?? ['else', '']).map((s) => s.length));
}

/** All tokens in lexing order. */
export const allTokens: TokenType[] = [
  WhiteSpace, Comment, DateLit, Percent, NumberLit, StringLit, UnterminatedString,
  DotDot, Le, Ge, Ne, Lt, Gt, Eq, Plus, Minus, Star, Slash, Colon, Comma, LParen, RParen,
  LBracket, RBracket, LBrace, RBrace, Pipe,
  Keyword, ...keywords, Identifier,
];

export const lexer = new Lexer(allTokens, { ensureOptimizations: true, positionTracking: 'full' });
