/**
 * Operator precedence and grouping. The parser reads an expression as one flat run of operands
 * and operators; the AST builder groups it (loosest first: `or`, `and`, `not`, comparisons and
 * `in`, `+ -`, `* /`, unary `-`). Each case prints the AST fully parenthesised, so a wrong
 * grouping shows as a different string.
 */
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/ast/from-cst.ts';
import type * as A from '../../src/ast/nodes.ts';
import { format } from '../../src/format/index.ts';
import { rng } from '../generate.ts';

/** `e` with every operation in parentheses. */
function show(e: A.Expr): string {
  switch (e.kind) {
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'in':
      return `(${show(e.left)} in ${show(e.right)})`;
    case 'not':
      return `(not ${show(e.operand)})`;
    case 'neg':
      return `(-${show(e.operand)})`;
    case 'if':
      return `(if ${show(e.cond)} then ${show(e.then)} otherwise ${show(e.else)})`;
    case 'call':
      return `${e.fn.text}(${e.args.map(show).join(', ')})`;
    case 'list':
      return `[${e.items.map(show).join(', ')}]`;
    case 'name':
      return e.name;
    case 'number':
    case 'percent':
      return e.text;
    case 'bool':
      return String(e.value);
    default:
      return e.kind;
  }
}

/** The grouping of `expr`, and the codes of any diagnostics. */
function grouping(expr: string): { shown: string; codes: string[]; messages: string[] } {
  const r = parse({ name: 'p.rules', text: `ruleset p\ndef k = ${expr}\n` });
  const def = r.value!.decls.find((d) => d.kind === 'def') as A.DefDecl;
  return { shown: show(def.values[0]!.value), codes: r.diagnostics.map((d) => d.code), messages: r.diagnostics.map((d) => d.message) };
}

describe('precedence', () => {
  it.each([
    ['a + b * c', '(a + (b * c))'],
    ['a * b + c', '((a * b) + c)'],
    ['a - b - c', '((a - b) - c)'],
    ['a / b * c', '((a / b) * c)'],
    ['-a * b', '((-a) * b)'],
    ['a - -b', '(a - (-b))'],
    ['- - a', '(-(-a))'],
    ['a + b > c * d', '((a + b) > (c * d))'],
    ['a > b and c < d or e', '(((a > b) and (c < d)) or e)'],
    ['a or b and c', '(a or (b and c))'],
    ['not a = b', '(not (a = b))'],
    ['not a and b', '((not a) and b)'],
    ['a and not b or c', '((a and (not b)) or c)'],
    ['not not a', '(not (not a))'],
    ['not -a > b', '(not ((-a) > b))'],
    ['x in [a, b] and y', '((x in [a, b]) and y)'],
    ['x + 1 in l', '((x + 1) in l)'],
    ['(a + b) * c', '((a + b) * c)'],
    ['max(a + b, c) - 1', '(max((a + b), c) - 1)'],
    ['if a and b then c + 1 otherwise d * 2', '(if (a and b) then (c + 1) otherwise (d * 2))'],
    ['a = (not b)', '(a = (not b))'],
    ['70%', '70'],
  ])('%s is %s', (expr, expected) => {
    const g = grouping(expr);
    expect(g.codes).toEqual([]);
    expect(g.shown).toBe(expected);
  });

  it('comparisons do not chain: `a < b < c` is an error at the second operator, with the fix', () => {
    const g = grouping('a < b < c');
    expect(g.codes).toEqual(['E-SYNTAX']);
    expect(g.messages[0]).toContain('comparisons do not chain');
    const r = parse({ name: 'p.rules', text: 'ruleset p\ndef k = a < b < c\n' });
    expect(r.diagnostics[0]!.span.start).toBe('ruleset p\ndef k = a < b '.length);
  });

  it.each(['a = not b', 'a + not b', '-not a', 'a and b = not c'])('`not` inside a comparison or a calculation is an error: %s', (expr) => {
    expect(grouping(expr).codes).toEqual(['E-SYNTAX']);
  });

  it('the errors are in Chinese too', () => {
    const r = parse({ name: 'p.rules', text: 'ruleset p\ndef k = a < b < c\ndef j = a = 非 b\n' }, 'zh');
    expect(r.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('比较不能连写'), expect.stringContaining('`非` 只能用在条件开头')]);
  });

  it('range bounds and table cells take arithmetic only: a comparison after a bound is a syntax error', () => {
    const ok = parse({ name: 'p.rules', text: 'ruleset p\nparam top: integer = 5\ninput n: integer in 0..top * 2 - 1\n' });
    expect(ok.diagnostics).toEqual([]);
    const bad = parse({ name: 'p.rules', text: 'ruleset p\ninput n: integer in 0..5 = 2\n' });
    expect(bad.diagnostics.map((d) => d.code)).toContain('E-SYNTAX');
  });
});

describe('spans of operations', () => {
  /** The text the def's expression underlines. */
  const underlined = (expr: string): string => {
    const text = `ruleset p\ndef k = ${expr}\n`;
    const def = parse({ name: 'p.rules', text }).value!.decls.find((d) => d.kind === 'def') as A.DefDecl;
    const { start, end } = def.values[0]!.value.span;
    return text.slice(start, end);
  };
  it.each(['-(a + b)', 'not (a or b)', '(a) = b', '(a + b) * c', 'max(a, b) + (c)', 'not (a) and (b)'])('%s covers its parentheses', (expr) => {
    expect(underlined(expr)).toBe(expr);
  });
});

describe('random expressions', () => {
  const BIN = ['or', 'and', '=', '!=', '<', '<=', '>', '>=', 'in', '+', '-', '*', '/'];
  /** Tokens of a random expression: operands (names, parentheses, calls, lists) with prefixes, between binary operators. */
  function tokens(r: () => number, depth = 0): string[] {
    const out: string[] = [];
    const n = 1 + Math.floor(r() * 5);
    for (let i = 0; i < n; i++) {
      if (i > 0) out.push(BIN[Math.floor(r() * BIN.length)]!);
      if (r() < 0.3) for (let k = Math.floor(r() * 3); k > 0; k--) out.push(r() < 0.5 ? 'not' : '-');
      const x = r();
      if (depth < 3 && x < 0.15) out.push('(', ...tokens(r, depth + 1), ')');
      else if (depth < 3 && x < 0.22) out.push('max', '(', ...tokens(r, depth + 1), ',', ...tokens(r, depth + 1), ')');
      else if (depth < 3 && x < 0.27) out.push('[', ...tokens(r, depth + 1), ',', 'e', ']');
      else out.push('abcd'[Math.floor(r() * 4)]!);
    }
    return out;
  }
  /** The grouping by the documented precedence (one recursive-descent rule per level), and whether it is an error. */
  function reference(ts: string[]): { shown: string; error: boolean } {
    let p = 0;
    let error = false;
    const CMP = ['=', '!=', '<', '<=', '>', '>=', 'in'];
    const or = (): string => { let l = and(); while (ts[p] === 'or') { p++; l = `(${l} or ${and()})`; } return l; };
    const and = (): string => { let l = not(); while (ts[p] === 'and') { p++; l = `(${l} and ${not()})`; } return l; };
    const not = (): string => (ts[p] === 'not' ? (p++, `(not ${not()})`) : cmp());
    const cmp = (): string => {
      let l = add();
      for (let n = 0; CMP.includes(ts[p]!); n++) { const op = ts[p++]!; if (n > 0) error = true; l = `(${l} ${op} ${add()})`; }
      return l;
    };
    const add = (): string => { let l = mul(); while (ts[p] === '+' || ts[p] === '-') { const op = ts[p++]; l = `(${l} ${op} ${mul()})`; } return l; };
    const mul = (): string => { let l = neg(); while (ts[p] === '*' || ts[p] === '/') { const op = ts[p++]; l = `(${l} ${op} ${neg()})`; } return l; };
    const neg = (): string => {
      if (ts[p] === '-') return p++, `(-${neg()})`;
      if (ts[p] === 'not') return (error = true), p++, `(not ${neg()})`;
      const t = ts[p++]!;
      if (t === '(') { const e = or(); p++; return e; }
      if (t === 'max') { p++; const a = or(); p++; const b = or(); p++; return `max(${a}, ${b})`; }
      if (t === '[') { const a = or(); p++; const b = ts[p++]; p++; return `[${a}, ${b}]`; }
      return t;
    };
    return { shown: or(), error };
  }

  it('group as the documented precedence says, report chains and misplaced `not`, and format back to the same grouping', () => {
    const r = rng(2024);
    for (let i = 0; i < 3000; i++) {
      const ts = tokens(r);
      const expr = ts.join(' ');
      const want = reference(ts);
      const got = grouping(expr);
      if (want.error) {
        expect(got.codes, expr).toContain('E-SYNTAX');
        continue;
      }
      expect(got, expr).toMatchObject({ shown: want.shown, codes: [] });
      const text = format({ name: 'p.rules', text: `ruleset p\ndef k = ${expr}\n` }).text!;
      expect(grouping(text.slice(text.indexOf('def k = ') + 'def k = '.length)).shown, `${expr} formatted as ${text}`).toBe(want.shown);
    }
  });
});
