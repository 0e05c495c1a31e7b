/**
 * Table-driven language tests: each row is a small rule set, an input and the outputs it must
 * give on both backends — Unicode identifiers, Chinese keywords and full-width punctuation,
 * percentages, dates, enum order, list membership, named clauses, dated definitions.
 */
import { describe, expect, it } from 'vitest';
import { compileText } from '../helpers.ts';

const cases: [string, string, Record<string, unknown>, Record<string, unknown>, string?][] = [
  [
    'Chinese identifiers and keywords, full-width punctuation',
    '规则集 中文\n输入 户数：整数 属于 0..100000\n定义 网格数：整数 出处 "JL-G" = 向上取整（户数 / 500）\n输出 网格数',
    { 户数: 1001 },
    { 网格数: 3 },
  ],
  [
    'full-width digits, point, range dots, percent sign and date hyphens, as a Chinese input method types them',
    '规则集 全角\n输入 户数：整数 属于 ０．．１００\n定义 k：小数 出处 "x" = 户数 * １２．５％\n  自 ２０２５－０１－０１ = 户数 * ２\n输出 k',
    { 户数: 4 },
    { k: 0.5 },
  ],
  [
    'percentages and money half-up',
    'ruleset p\ninput pay: money\ndef base: money cite "x" = pay * 70%\ndef perf: money cite "x" = pay - base\noutput base, perf',
    { pay: 9190.27 },
    { base: 6433.19, perf: 2757.08 },
  ],
  [
    'enum order with >= and <',
    'ruleset e\nenum edu { high college bachelor master }\ninput e: edu\ndef ok: bool cite "x" = e >= college and e < master\noutput ok',
    { e: 'bachelor' },
    { ok: true },
  ],
  [
    'list membership and named clauses',
    'ruleset l\nlist allowed "示意" { item a item b }\ninput t: text\ninput funded: bool\nclauses why cite "x"\n  clause not_listed : not (t in allowed)\n  clause unfunded : not funded\noutput why',
    { t: 'c', funded: false },
    { why: ['not_listed', 'unfunded'] },
  ],
  [
    'dated definitions follow the evaluation date',
    'ruleset d\ndef rate: decimal cite "x" = 5%\n  from 2025-01-01 = 6%\ndef r100: decimal cite "x" = rate * 100\noutput r100',
    {},
    { r100: 6 },
    '2025-03-01',
  ],
  [
    'as_of in expressions compares with date inputs',
    'ruleset a\ninput signed: date\ndef valid: bool cite "x" = signed <= as_of\noutput valid',
    { signed: '2024-05-01' },
    { valid: false },
    '2024-04-30',
  ],
  [
    'consecutive, count and last on a history',
    'ruleset h\nenum g { ok fail }\ninput hist: list of g\ndef two: bool cite "x" = consecutive(hist, fail, 2)\ndef recent: integer cite "x" = count(last(hist, 3), fail)\noutput two, recent',
    { hist: ['fail', 'ok', 'fail', 'ok', 'fail'] },
    { two: false, recent: 2 },
  ],
  [
    'soft keywords (date, text, money) are names too; rule set ids may start with a keyword',
    'ruleset unit-demo\ninput date: date\ninput text: text\ninput money: money\ndef first: bool cite "x" = date > 2024-01-01 and text = "a" and money > 3\noutput first',
    { date: '2024-02-01', text: 'a', money: 5 },
    { first: true },
  ],
];

describe('language', () => {
  it.each(cases)('%s', (_name, text, input, outputs, asOf) => {
    const r = compileText(text);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const opts = { asOf: asOf ?? '2024-01-01' };
    expect(r.ruleset!.evaluate(input, opts)).toEqual({ ok: true, outputs });
    expect(r.ruleset!.evaluateJsonLogic(input, opts)).toEqual({ ok: true, outputs });
  });
});

describe('reserved names', () => {
  it('include every name a JSON object answers to, so no input or output can be misread as one', () => {
    for (const name of ['__x', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf']) {
      const r = compileText(`ruleset m\ninput ${name}: integer\ndef k: integer cite "x" = ${name} + 1\noutput k`);
      expect(r.diagnostics.map((d) => d.code), name).toContain('E-NAME-RESERVED');
    }
    expect(compileText('ruleset m\ninput to_string: integer\ndef k: integer cite "x" = to_string + 1\noutput k').ruleset).toBeDefined();
  });
});

describe('misspelt names', () => {
  const errors = (text: string) => compileText(text).diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.message, d.help]);

  it('are each reported on both sides of `in`, with the list names among the suggestions', () => {
    const text = 'ruleset m\nlist allowed "示意" { item a item b }\ninput task: text\ndef ok: bool cite "x" = tassk in allowd\noutput ok';
    expect(errors(text)).toEqual([
      ['E-NAME-UNKNOWN', 'unknown name `tassk`', 'did you mean `task`?'],
      ['E-NAME-UNKNOWN', 'unknown name `allowd`', 'did you mean `allowed`?'],
    ]);
  });

  it('are matched with list names only where a list goes (right of `in`)', () => {
    const text = 'ruleset m\nlist allowed "示意" { item a item b }\ninput n: integer\ndef k: integer cite "x" = n + alowed\noutput k';
    expect(errors(text)).toEqual([['E-NAME-UNKNOWN', 'unknown name `alowed`', 'declare it as an input, param or def']]);
  });

  it('that are members of several enums, with nothing saying which, are an error (not a crash when lowering)', () => {
    const text = 'ruleset m\nenum a { x y }\nenum b { x z }\ninput t: text\ndef k: bool cite "x" = t in x\noutput k';
    expect(errors(text).map((e) => e[0])).toContain('E-ENUM-AMBIGUOUS');
    expect(compileText(text).ruleset).toBeUndefined();
  });

  it('in an example are suggested among the inputs (`given`) or the computed values (`expect`)', () => {
    const text = 'ruleset m\ninput households: integer in 0..10\ndef grids: integer cite "x" = households + 1\noutput grids\nexample "e" {\n  given housholds = 2\n  expect gridz = 3\n}';
    expect(errors(text)).toEqual([
      ['E-EXAMPLE-NAME', '`housholds` is not an input of this rule set', 'did you mean `households`?'],
      ['E-EXAMPLE-NAME', '`gridz` is not an output of this rule set', 'did you mean `grids`?'],
    ]);
  });
});

describe('remove', () => {
  const diagnostics = (line: string) => compileText(`ruleset cc\n  extends jilin\n${line}\n`).diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.message, d.help]);

  it('of a declaration, however it is written, is one E-REMOVE-DECL (not a syntax error)', () => {
    for (const line of ['remove must_exit', 'remove def must_exit', '删除 定义 must_exit', 'remove table pay_grade']) {
      expect(diagnostics(line).map((d) => d[0]), line).toEqual(['E-REMOVE-DECL']);
    }
  });

  it('of an example or a list item says what to write instead', () => {
    expect(diagnostics('remove example "员额：恰好3000户"')).toEqual([
      ['E-REMOVE-DECL', 'examples cannot be removed ("员额：恰好3000户")', 'restate it with this rule set\'s values: `override example "员额：恰好3000户" { … }`'],
    ]);
    expect(diagnostics('remove item foo')).toEqual([['E-REMOVE-DECL', '`remove item foo` belongs inside the list it removes from', 'write it as `override list <name> { remove item foo }`']]);
  });

  it('of a numbered clause is E-REMOVE-DECL saying to override the clause set (was a syntax error)', () => {
    const help = 'override the clause set (it must be marked `open`) and leave the clause out: `override clauses <name> …`';
    expect(diagnostics('remove clause 1')).toEqual([['E-REMOVE-DECL', 'a clause cannot be removed on its own (`clause 1`)', help]]);
    expect(diagnostics('删除 条款 １')).toEqual([['E-REMOVE-DECL', 'a clause cannot be removed on its own (`clause 1`)', help]]);
    expect(diagnostics('remove clause not_listed').map((d) => d[0])).toEqual(['E-REMOVE-DECL']);
  });
});

describe('examples', () => {
  it('may not give or expect one name twice (the last one silently won)', () => {
    const text = 'ruleset e\ninput n: integer\ndef k: integer cite "x" = n + 1\noutput k\nexample "twice" {\n  given n = 1, n = 2\n  expect k = 2, k = 3\n}';
    expect(compileText(text).diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.message])).toEqual([
      ['E-EXAMPLE-REPEATED', '`n` is given twice in this example'],
      ['E-EXAMPLE-REPEATED', '`k` is expected twice in this example'],
    ]);
  });

  it('point at the first occurrence of a repeated name with a note (also when the first is not a valid name there)', () => {
    const text = 'ruleset e\ninput n: integer\ndef k: integer cite "x" = n + 1\noutput k\nexample "twice" {\n  given n = 1, m = 5, n = 2, m = 6\n  expect k = 2\n}';
    const at = (s: { start: number }) => text.slice(0, s.start).split('\n').length + ':' + (s.start - text.lastIndexOf('\n', s.start - 1));
    const d = compileText(text).diagnostics.filter((x) => x.code === 'E-EXAMPLE-REPEATED');
    expect(d.map((x) => [at(x.span), x.related?.map((n) => [at(n.span), n.message])])).toEqual([
      ['6:23', [['6:9', '`n` is first given here']]],
      ['6:30', [['6:16', '`m` is first given here']]],
    ]);
  });
});

describe('a name declared twice in one file', () => {
  it('says to keep one, also when both are overrides (the hint used to say to write `override`)', () => {
    const d = compileText('ruleset cc\n  extends jilin\noverride param base_posts = 12\noverride param base_posts = 13\n').diagnostics.filter((x) => x.severity === 'error');
    expect(d.map((x) => [x.code, x.message, x.help])).toEqual([['E-NAME-DUPLICATE', '`base_posts` is declared twice', 'keep one of them (a file declares, or overrides, each name once)']]);
  });
});

describe('a source code declared twice in one file', () => {
  it('is E-SOURCE-DUPLICATE pointing at the first, which is the one kept', () => {
    const r = compileText('ruleset c\nsource "X" "x one"\nsource "X" "x two"\ninput n: integer\ndef k: integer cite "X §1" = n\noutput k\n');
    expect(r.diagnostics.map((x) => [x.code, x.message, x.related?.map((n) => n.message)])).toEqual([['E-SOURCE-DUPLICATE', 'source `X` is declared twice', ['`X` is declared here']]]);
    expect(r.program!.sources.map((s) => s.title)).toEqual(['x one']);
  });
});

describe('an unreadable character', () => {
  it('is one error, not also a syntax error about the text around it', () => {
    const d = compileText('ruleset cc\ninput n: integer\ndef k: integer cite "x" = n + ＄\noutput k\n').diagnostics;
    expect(d.map((x) => x.code)).toEqual(['E-SYNTAX-CHAR']);
  });
});

describe('a file with syntax errors', () => {
  it('reports only them, not the linker\'s errors (E-REMOVE-DECL, E-NAME-DUPLICATE), nor a base not found', () => {
    const text = 'ruleset c\n  extends nowhere\nremove x\ninput n: integer\ninput n: integer\ndef a: integer "a" = 1 +\n';
    expect(compileText(text).diagnostics.map((x) => x.code)).toEqual(['E-SYNTAX']);
  });
});

describe('a Chinese keyword run together with the name after it', () => {
  it('is a syntax error whose help says to put a space after the keyword, in both languages', () => {
    const text = 'ruleset c\ninput n: integer\n定义extra：整数 出处 "x" = n\noutput extra\n';
    const en = compileText(text).diagnostics;
    expect(en.map((x) => [x.code, text.slice(x.span.start, x.span.end), x.help])).toEqual([['E-SYNTAX', '定义extra', 'put a space after `定义`: a Chinese keyword run together with the name after it reads as one name']]);
    expect(compileText(text, {}, 'zh').diagnostics.map((x) => x.help)).toEqual(['请在 `定义` 后加一个空格：中文关键字与后面的名称连在一起会被读成一个名称']);
    // The longest keyword that fits: `条款集` (clauses), not `条款` (clause).
    expect(compileText('ruleset c\n条款集x\n').diagnostics.map((x) => x.help)).toEqual(['put a space after `条款集`: a Chinese keyword run together with the name after it reads as one name']);
  });
  it('is found earlier on the line when the error comes later (`如果n > 0 则 …` fails at `则`)', () => {
    const d = compileText('ruleset c\n输入 n：整数\n定义 k：整数 出处 "x" = 如果n > 0 则 1 否则 2\n输出 k\n').diagnostics;
    expect(d.map((x) => [x.code, x.help])).toEqual([['E-SYNTAX', 'put a space after `如果`: a Chinese keyword run together with the name after it reads as one name']]);
    // Not from quoted text, nor from a name that starts with a one-character keyword (`非农户数`).
    const quiet = compileText('ruleset c\n输入 非农户数：整数\n定义 k：整数 "如果有" 出处 "x" = 非农户数 ) 1\n输出 k\n').diagnostics;
    expect(quiet.map((x) => x.code)).toContain('E-SYNTAX');
    expect(quiet.filter((x) => x.help?.includes('space after'))).toEqual([]);
  });

  it('gives no such help when that keyword could not stand there, nor for English names that start like a keyword', () => {
    // `定` alone is no keyword; `那么x` where a declaration is expected: `那么` cannot start one.
    for (const text of ['ruleset c\n定extra: integer = 1\n', 'ruleset c\n那么x\n', 'ruleset c\ndefinition: integer = 1\n', 'ruleset c\ninputs n: integer\n']) {
      const d = compileText(text).diagnostics;
      expect(d.map((x) => x.code), text).toContain('E-SYNTAX');
      expect(d.filter((x) => x.help?.includes('space after')), text).toEqual([]);
    }
  });
});

describe('a fork breaking a base constraint from a date on', () => {
  it('is reported at the dated value that breaks it, not at the param name', () => {
    const text = 'ruleset cc\n  extends jilin\noverride param allowance_assistant = 250\n  from 2026-01-01 = 500\n';
    const d = compileText(text).diagnostics.filter((x) => x.code === 'E-FORK-CONSTRAINT');
    expect(d.map((x) => [x.span.file, text.slice(x.span.start, x.span.end)])).toEqual([['test.rules', 'from 2026-01-01 = 500']]);
  });
});

describe('a fork breaking a base constraint of several comparisons', () => {
  it('points at a value of the comparison that fails, with the fork’s other value in it as a note', () => {
    // `allowance_assistant < allowance_social_worker and allowance_social_worker < allowance_senior`:
    // only the second comparison fails. Before: the error pointed at allowance_assistant = 300.
    const text = 'ruleset cc\n  extends jilin\noverride param allowance_assistant = 300\noverride param allowance_social_worker = 500\noverride param allowance_senior = 450\n';
    const [d, ...rest] = compileText(text).diagnostics.filter((x) => x.code === 'E-FORK-CONSTRAINT');
    expect(rest).toEqual([]);
    const at = (s: { start: number; end: number }) => text.slice(s.start, s.end);
    expect(at(d!.span)).toBe('500');
    expect(d!.related?.map((r) => [r.span.file, r.span.file === 'test.rules' ? at(r.span) : '', r.message])).toEqual([
      ['test.rules', '450', 'the part that does not hold also reads this value of `allowance_senior`'],
      [expect.stringContaining('jilin.rules'), '', 'the base sets this limit (JL-W §2(4))'],
    ]);
  });

  it('points at the fork’s value in the failing comparison even when another of its values starts that day', () => {
    // From 2025 jilin-example raises allowance_assistant to 350: `allowance_assistant <
    // allowance_social_worker` fails against this fork's 340. Before: the error pointed at
    // `from 2025-01-01 = 900` of allowance_senior, which holds.
    const text = 'ruleset jilin-example-east\n  extends jilin-example\noverride param allowance_social_worker = 340\noverride param allowance_senior = 800\n  from 2025-01-01 = 900\n';
    const [d, ...rest] = compileText(text).diagnostics.filter((x) => x.code === 'E-FORK-CONSTRAINT');
    expect(rest).toEqual([]);
    expect(text.slice(d!.span.start, d!.span.end)).toBe('340');
    expect(d!.related?.map((r) => r.message)).toEqual(['the base sets this limit (JL-W §2(4))']);
  });
});

describe('a fork citing a base source code', () => {
  it('with another title is warned that the title is ignored (it was dropped silently)', () => {
    const d = compileText('ruleset cc\n  extends jilin\n  source "JL-W" "别的文件"\n').diagnostics;
    expect(d.map((x) => x.code)).toEqual(['W-SOURCE-RETITLED']);
    expect(compileText('ruleset cc\n  extends jilin\n  source "CC" "长春市文件"\n').diagnostics).toEqual([]);
  });
});

describe('`max_items`', () => {
  it('where it limits nothing (a def, table, param or an input that is not a list) is E-MAX-ITEMS at the attribute; a list input keeps it', () => {
    const text = `ruleset mi
input l: list of integer "l" max_items 2
input n: integer "n" max_items 3
param p: integer "p" max_items 3 = 1
def d: list of integer "d" max_items 3 cite "x" = last(l, 2)
table t: integer "t" 最多 4 cite "x"
  hit first
  given n
  | - | p |
output d, t`;
    const r = compileText(text);
    const found = r.diagnostics.filter((d) => d.code === 'E-MAX-ITEMS');
    expect(found.map((d) => text.slice(d.span.start, d.span.end))).toEqual(['max_items 3', 'max_items 3', 'max_items 3', '最多 4']);
    expect(found[2]!.message).toBe('`max_items` limits only list inputs: `d` is a def');
    expect(compileText(text, {}, 'zh').diagnostics.find((d) => d.code === 'E-MAX-ITEMS')!.message).toBe('`最多` 只能限制列表输入：`n` 是输入，但不是列表');
    expect(r.ruleset).toBeUndefined();
    expect(compileText('ruleset ok\ninput l: list of integer "l" max_items 2\ndef d: integer cite "x" = count(l)\noutput d').diagnostics).toEqual([]);
  });
});
