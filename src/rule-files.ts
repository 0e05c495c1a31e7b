/**
 * @module rule-files
 * What rule files say about themselves before anything is compiled: the rule set id (and base)
 * each file declares in its header (with where), and ids that more than one file declares.
 * Rule sets are found by id, so two files with one id make "which one is `jilin`?" a coin
 * toss; the CLI reports it (E-RULESET-DUPLICATE) and the service seeds neither. Browser-safe.
 *
 * @example
 * duplicateIds([{ name: 'a.rules', text: 'ruleset x' }, { name: 'b.rules', text: 'ruleset x' }])
 * // Map { 'x' => [a.rules, b.rules] }
 */
import type { SourceFile, Span } from './source.ts';

const ID = '[\\p{L}\\p{N}_]+(?:-[\\p{L}\\p{N}_]+)*';
/** The header: `ruleset <id>`, then any `extends <id>` and `<keyword> ""` (strings blanked) before the declarations. */
const HEADER = new RegExp(`^\\s*(?:ruleset|规则集)\\s+(${ID})((?:\\s+(?:extends|继承)\\s+${ID}|\\s+[^\\s"]+\\s+"\\s*"(?:\\s*"\\s*")?)*)`, 'du');
const EXTENDS = new RegExp(`(?:extends|继承)\\s+(${ID})`, 'u');

/** Text with comments and string contents blanked out, offsets unchanged. */
const blank = (text: string) =>
  text.replace(/"[^"\n]*"|#[^\n]*/g, (s) => (s.startsWith('"') ? `"${' '.repeat(s.length - 2)}"` : ' '.repeat(s.length)));

/** The id a rule file declares on its `ruleset` line, and the span of that id. */
export function declaredIdAt(file: SourceFile): { readonly id: string; readonly span: Span } | undefined {
  const m = HEADER.exec(blank(file.text));
  if (!m) return undefined;
  const [start, end] = m.indices![1]!;
  return { id: m[1]!, span: { file: file.name, start, end } };
}

/** The id a rule file declares in its header. */
export function declaredId(text: string): string | undefined {
  return HEADER.exec(blank(text))?.[1];
}

/** The base a rule file names in its header (a hint for prefetching; the compiler decides). */
export function extendsOf(text: string): string | undefined {
  const m = HEADER.exec(blank(text));
  return m ? EXTENDS.exec(m[2] ?? '')?.[1] : undefined;
}

/** Ids declared by more than one of the files, each with its files in the order given. */
export function duplicateIds(files: readonly SourceFile[]): Map<string, SourceFile[]> {
  const by = new Map<string, SourceFile[]>();
  for (const f of files) {
    const id = declaredIdAt(f)?.id;
    if (id !== undefined) by.set(id, [...(by.get(id) ?? []), f]);
  }
  return new Map([...by].filter(([, fs]) => fs.length > 1));
}

/** The file name a rule set is found by: `<id>.rules`. */
export const fileNameOf = (id: string): string => `${id}.rules`;
