/**
 * Every rule-language snippet of the language guides (`docs/guide.*.md`) is real: each ```rules
 * block is preceded by a comment saying how it is checked —
 * `<!-- check: excerpt rules/<id>.rules -->`: every line appears in that seed file;
 * `<!-- check: excerpt-zh rules/<id>.rules -->`: …in the seed rewritten with Chinese keywords;
 * `<!-- check: file -->`: a whole rule file that compiles cleanly and whose examples pass.
 * A ```text block preceded by `<!-- check: output rules <args> -->` is a sample of what that
 * command prints in the guide's language: every line but `…` appears in its output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExamples } from '../src/examples.ts';
import { format } from '../src/format/index.ts';
import { main } from '../src/cli/main.ts';
import { compile } from '../src/ruleset.ts';
import { resolveSeed } from './helpers.ts';

const DOCS = join(import.meta.dirname, '..', 'docs');
const GUIDES = ['guide.en.md', 'guide.zh.md'];

interface Snippet {
  readonly how: string;
  readonly body: string;
  readonly line: number;
}

function snippets(text: string): { checked: Snippet[]; total: number } {
  const checked = [...text.matchAll(/<!-- check: ([^>]*?) -->\s*\n```rules\n([\s\S]*?)```/g)].map((m) => ({
    how: m[1]!.trim(),
    body: m[2]!,
    line: text.slice(0, m.index).split('\n').length + 2,
  }));
  return { checked, total: (text.match(/^```rules$/gm) ?? []).length };
}

function outputSamples(text: string): { args: string[]; body: string; line: number }[] {
  return [...text.matchAll(/<!-- check: output rules ([^>]*?) -->\s*\n```text\n([\s\S]*?)```/g)].map((m) => ({
    args: m[1]!.trim().split(/\s+/),
    body: m[2]!,
    line: text.slice(0, m.index).split('\n').length + 2,
  }));
}

const trimmedLines = (s: string) => s.split('\n').map((l) => l.trim()).filter((l) => l !== '');

function seedText(path: string, zh: boolean): string {
  const file = resolveSeed(path.replace(/^rules\//, '').replace(/\.rules$/, ''));
  if (!file) throw new Error(`no seed ${path}`);
  if (!zh) return file.text;
  const formatted = format(file, { keywords: 'zh' }).text;
  if (formatted === undefined) throw new Error(`${path} does not format`);
  return formatted;
}

describe.each(GUIDES)('docs/%s', (guide) => {
  const { checked, total } = snippets(readFileSync(join(DOCS, guide), 'utf8'));

  it('says how every rules block is checked', () => {
    expect(checked.length).toBe(total);
  });

  it.each(checked.map((s) => [`line ${s.line}: ${s.how}`, s] as const))('%s', (_title, s) => {
    const [mode, path] = s.how.split(/\s+/);
    if (mode === 'excerpt' || mode === 'excerpt-zh') {
      const seed = new Set(trimmedLines(seedText(path!, mode === 'excerpt-zh')));
      const missing = trimmedLines(s.body).filter((l) => !seed.has(l));
      expect(missing, `lines not found in ${path}; update the guide`).toEqual([]);
      return;
    }
    expect(mode).toBe('file');
    const id = /^\s*(?:ruleset|规则集)\s+([\w-]+)/m.exec(s.body)?.[1];
    const r = compile({ name: `${id}.rules`, text: s.body }, { resolve: resolveSeed });
    expect(r.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    const failed = runExamples(r.ruleset!).filter((x) => !x.passed);
    expect(failed.map((x) => `${x.name}: ${x.problems.join('; ')}`)).toEqual([]);
  });

  it.each(outputSamples(readFileSync(join(DOCS, guide), 'utf8')).map((s) => [`line ${s.line}: rules ${s.args.join(' ')}`, s] as const))('%s prints the sample', async (_title, s) => {
    const out: string[] = [];
    expect(await main([...s.args, '--lang', guide.includes('.zh.') ? 'zh' : 'en'], { out: (x) => out.push(x), err: (x) => out.push(x) })).toBe(0);
    const printed = new Set(out.join('\n').split('\n'));
    const missing = s.body.split('\n').filter((l) => l !== '' && l !== '…' && !printed.has(l));
    expect(missing, 'lines the command does not print; update the guide').toEqual([]);
  });
});
