/**
 * @module grammar/generate
 * Generates the grammar's derived artefacts from the parser, so they never drift from it:
 * - `grammar/syntax-diagrams.html`: railroad diagrams of every grammar rule. The page is
 *   self-contained (chevrotain's diagram scripts and stylesheet are inlined from
 *   `node_modules/chevrotain/diagrams/`), so it renders when opened from disk, offline.
 *   Keyword boxes show both spellings, e.g. `ruleset / 规则集`.
 * - `grammar/cst.d.ts`: TypeScript types of the CST, for the CST visitor.
 *
 * Run `npm run grammar` after changing `tokens.ts` or `parser.ts`;
 * `test/grammar-artifacts.test.ts` fails while the committed files are out of date.
 * This is a build script: unlike the rest of `grammar/`, it reads files with `node:fs`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createSyntaxDiagramsCode, generateCstDts, type ISerializedGast } from 'chevrotain';
import { parser } from './parser.ts';
import { keywordSpellings } from './tokens.ts';

/** Where the generated files live (this directory). */
export const GRAMMAR_DIR = import.meta.dirname;
export const DIAGRAMS_FILE = join(GRAMMAR_DIR, 'syntax-diagrams.html');
export const CST_DTS_FILE = join(GRAMMAR_DIR, 'cst.d.ts');

/** How non-keyword tokens read in a diagram box (full-width alternatives included). */
const terminalText: Record<string, string> = {
  Identifier: 'name 名称',
  NumberLit: 'number 数字',
  Percent: 'percent 百分比 (70%)',
  StringLit: '"text" 文字',
  DateLit: 'YYYY-MM-DD',
  Keyword: 'any keyword 任一关键字',
  Else: 'else',
  DotDot: '..',
  Le: '<= ≤',
  Ge: '>= ≥',
  Ne: '!= ≠',
  Lt: '<',
  Gt: '>',
  Eq: '=',
  Plus: '+',
  Minus: '- －',
  Star: '* ×',
  Slash: '/ ÷',
  Colon: ': ：',
  Comma: ', ，、',
  LParen: '( （',
  RParen: ') ）',
  LBracket: '[ 【',
  RBracket: '] 】',
  LBrace: '{',
  RBrace: '}',
  Pipe: '| ｜',
};

/** A terminal's box text: `ruleset / 规则集` for keywords, the symbol for punctuation. */
function boxText(tokenName: string): string {
  const kw = keywordSpellings[tokenName];
  if (kw) return `${kw[0]} / ${kw[1]}`;
  return terminalText[tokenName] ?? tokenName;
}

/** A serialized grammar node, with the fields chevrotain adds beyond its public type. */
type Gast = ISerializedGast & { name?: string; label?: string; separator?: Gast; definition?: Gast[] };

/** Copies the serialized grammar with readable terminal labels (the token name stays in `name`). */
function relabel(node: Gast): Gast {
  const copy: Gast = { ...node };
  if (node.type === 'Terminal' && node.name) copy.label = boxText(node.name);
  if (node.definition) copy.definition = node.definition.map(relabel);
  if (node.separator) copy.separator = relabel(node.separator);
  return copy;
}

/** chevrotain's `diagrams/` folder (stylesheet, builder scripts, vendored railroad-diagrams). */
function diagramsDir(): string {
  for (let dir = GRAMMAR_DIR; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', 'chevrotain', 'diagrams');
    if (existsSync(join(candidate, 'diagrams.css'))) return candidate;
    if (dirname(dir) === dir) throw new Error('node_modules/chevrotain/diagrams not found; run npm install');
  }
}

/** Keeps inlined script text from closing its `<script>` element early. */
const scriptSafe = (js: string) => js.replace(/<\/(script)/gi, '<\\/$1');

/**
 * The railroad boxes are sized at 8px a character, which is too narrow for Chinese keywords
 * (a CJK glyph is about one em wide), so terminals are re-measured after they are built.
 */
const measureShim = `(function (rr) {
  var build = rr.Terminal;
  rr.Terminal = function () {
    var t = build.apply(null, arguments);
    var w = 20;
    for (var i = 0; i < t.text.length; i++) w += /[\\u2E80-\\uFFEF]/.test(t.text[i]) ? 15 : 8.5;
    t.width = Math.ceil(w);
    return t;
  };
})(window.railroad);`;

const title = '<title>Syntax diagrams of the rules language · 规则语言语法图</title>';
const intro = `
<style>
  .intro { max-width: 60em; margin: 1em auto 2em; font: 15px/1.6 system-ui, sans-serif; }
  .intro code { background: #fff; padding: 0 .25em; }
</style>
<div class="intro">
  <h1>Syntax diagrams of the rules language · 规则语言语法图</h1>
  <p>Generated from <code>grammar/parser.ts</code> by <code>npm run grammar</code>; do not edit by hand.
  Follow a line from left to right: a rounded box is written as shown (a keyword shows its English and Chinese spellings,
  either may be used); a square box is another rule, click it to jump there. Start at <code>file</code>.
  The language guide explains what each part means: <a href="../docs/guide.en.md">docs/guide.en.md</a>.</p>
  <p>本页由 <code>npm run grammar</code> 根据 <code>grammar/parser.ts</code> 生成，请勿手工修改。沿线从左向右读：圆角框照原样书写
  （关键字同时列出英文和中文写法，任选其一）；方框是另一条规则，点击即可跳转。从 <code>file</code> 开始读。
  各部分的含义见语言指南 <a href="../docs/guide.zh.md">docs/guide.zh.md</a>。</p>
</div>
`;

/**
 * The self-contained syntax-diagrams page.
 * @example writeFileSync('grammar/syntax-diagrams.html', syntaxDiagramsHtml())
 */
export function syntaxDiagramsHtml(): string {
  const dir = diagramsDir();
  const read = (rel: string) => readFileSync(join(dir, rel), 'utf8');
  const grammar = parser.getSerializedGastProductions().map(relabel);
  // Placeholder URLs, each replaced below by the file's content.
  let html = createSyntaxDiagramsCode(grammar, { resourceBase: 'inline:', css: 'inline:diagrams.css' });
  const inline = (tag: RegExp, replacement: string) => {
    if (!tag.test(html)) throw new Error(`chevrotain's diagram page changed: ${tag} not found; update grammar/generate.ts`);
    html = html.replace(tag, () => replacement);
  };
  inline(/<link rel='stylesheet' href='inline:diagrams\.css'>/, `<style>\n${read('diagrams.css')}</style>`);
  inline(/<script src='inline:vendor\/railroad-diagrams\.js'><\/script>/,
    `<script>\n${scriptSafe(read('vendor/railroad-diagrams.js'))}\n</script>\n<script>\n${measureShim}\n</script>`);
  for (const f of ['diagrams_builder', 'diagrams_behavior', 'main']) {
    inline(new RegExp(`<script src='inline:src/${f}\\.js'></script>`), `<script>\n${scriptSafe(read(`src/${f}.js`))}\n</script>`);
  }
  if (/\b(src|href)=['"]?(https?:|inline:)/.test(html)) throw new Error('the diagram page still loads an external resource');
  inline(/^\s*<!-- This is a generated file -->\s*<!DOCTYPE html>\s*<meta charset="utf-8">/,
    `<!DOCTYPE html>\n<!-- Generated from grammar/parser.ts by \`npm run grammar\` (grammar/generate.ts); do not edit. -->\n<meta charset="utf-8">\n${title}`);
  inline(/<div id="diagrams"/, `${intro}<div id="diagrams"`);
  return html.replace(/[ \t]+$/gm, '');
}

/**
 * Types of the CST nodes, one interface per grammar rule.
 * @example writeFileSync('grammar/cst.d.ts', cstDts())
 */
export function cstDts(): string {
  const header = '// Generated from grammar/parser.ts by `npm run grammar` (grammar/generate.ts); do not edit.\n';
  return header + generateCstDts(parser.getGAstProductions());
}

if (import.meta.main) {
  writeFileSync(DIAGRAMS_FILE, syntaxDiagramsHtml());
  writeFileSync(CST_DTS_FILE, cstDts());
  console.log(`wrote ${DIAGRAMS_FILE}\nwrote ${CST_DTS_FILE}`);
}
