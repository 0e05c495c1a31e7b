/**
 * Golden diagnostics: each folder under test/golden holds a `main.rules` (and any bases it
 * extends, else the seeds are used) and the expected rendered diagnostics in English and
 * Chinese, caret snippets included. Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts`
 * and review the diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dirResolver } from '../src/cli/load.ts';
import { renderDiagnostic } from '../src/diagnostics.ts';
import { compile } from '../src/ruleset.ts';
import { resolveSeed } from './helpers.ts';

const GOLDEN = join(import.meta.dirname, 'golden');
const update = !!process.env['UPDATE_GOLDEN'];

function render(dir: string, locale: 'en' | 'zh'): string {
  const local = dirResolver(dir);
  const resolve = (id: string) => local(id) ?? resolveSeed(id);
  const path = join(dir, 'main.rules');
  const file = { name: relative(process.cwd(), path), text: readFileSync(path, 'utf8') };
  const r = compile(file, { resolve, locale });
  const lines = r.diagnostics.map((d) => renderDiagnostic(d, r.files, locale));
  return (lines.length ? lines.join('\n\n') : '(no diagnostics)') + '\n';
}

describe.each(readdirSync(GOLDEN).sort())('golden %s', (name) => {
  const dir = join(GOLDEN, name);
  it.each(['en', 'zh'] as const)('diagnostics in %s match expected.%s.txt', (locale) => {
    const actual = render(dir, locale);
    const file = join(dir, `expected.${locale}.txt`);
    if (update || !existsSync(file)) writeFileSync(file, actual);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });
});
