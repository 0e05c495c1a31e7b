/**
 * Operator precedence and grouping. The parser reads an expression as one flat run of operands
 * and operators; the AST builder groups it (loosest first: `or`, `and`, `not`, comparisons and
 * `in`, `+ -`, `* /`, unary `-`). Each case prints the AST fully parenthesised, so a wrong
 * grouping shows as a different string.
 */
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/ast/from-cst.ts';
import type * as A from '../../src/ast/nodes.ts';

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
