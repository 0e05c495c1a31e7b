/** The generated grammar artefacts in `grammar/` match the current grammar and work offline. */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CstNode } from 'chevrotain';
import { CST_DTS_FILE, cstDts, DIAGRAMS_FILE, LETTERS_FILE, lettersModule, syntaxDiagramsHtml } from '../grammar/generate.ts';
import { parseCst } from '../grammar/index.ts';

const stale = (file: string) => `grammar/${basename(file)} is out of date with grammar/parser.ts: run \`npm run grammar\` and commit the result`;

function committed(file: string): string {
  expect(existsSync(file), `grammar/${basename(file)} is missing: run \`npm run grammar\``).toBe(true);
  return readFileSync(file, 'utf8');
}

describe('generated grammar artefacts', () => {
  it('grammar/syntax-diagrams.html is up to date', () => {
    const fresh = syntaxDiagramsHtml();
    expect(committed(DIAGRAMS_FILE) === fresh, stale(DIAGRAMS_FILE)).toBe(true);
  });

  it('grammar/cst.d.ts is up to date', () => {
    const fresh = cstDts();
    expect(committed(CST_DTS_FILE) === fresh, stale(CST_DTS_FILE)).toBe(true);
  });

  it('grammar/letters.ts (identifier letter classes) is up to date', () => {
    expect(committed(LETTERS_FILE) === lettersModule(), stale(LETTERS_FILE)).toBe(true);
  });

  it('the syntax diagrams page loads nothing from the network', () => {
    const html = syntaxDiagramsHtml();
    expect(html).not.toMatch(/<(script|link)[^>]*\b(src|href)=/i);
    expect(html).not.toContain('unpkg.com');
    expect(html).toContain('railroad');
    expect(html).toContain('drawDiagramsFromSerializedGrammar');
  });

  it('the syntax diagrams show keywords in both languages', () => {
    const html = syntaxDiagramsHtml();
    expect(html).toContain('"label": "ruleset / 规则集"');
    expect(html).toContain('"label": "table / 决策表"');
  });
});

describe('CST nodes', () => {
  it('have children with no inherited keys, so a label such as `constructor` could never read Object.prototype', () => {
    const { cst } = parseCst('ruleset t\ninput x: integer\ndef y: integer cite "t" = x + 1\noutput y\n');
    const nodes: CstNode[] = [];
    const visit = (n: CstNode) => {
      nodes.push(n);
      for (const xs of Object.values(n.children)) for (const x of xs) if ('children' in x) visit(x);
    };
    visit(cst);
    expect(nodes.length).toBeGreaterThan(10);
    for (const n of nodes) {
      for (const key of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) expect((n.children as Record<string, unknown>)[key], `${n.name}.${key}`).toBeUndefined();
    }
  });
});
