/**
 * @module cli/load
 * Finds rule files on disk: by path, by directory, or by rule set id under the rules folder
 * (`<id>.rules`, or any file whose header names that id).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Resolver } from '../link/index.ts';
import type { SourceFile } from '../source.ts';

export function readSource(path: string): SourceFile {
  return { name: relative(process.cwd(), path) || path, text: readFileSync(path, 'utf8') };
}

/** All `.rules` files under the given files and folders, sorted. */
export function findRuleFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p).sort()) walk(join(p, e));
    else if (p.endsWith('.rules')) out.push(p);
  };
  for (const p of paths) walk(p);
  return out;
}

const headerId = (text: string) => /^\s*(?:ruleset|规则集)\s+([\p{L}\p{N}_-]+)/mu.exec(text.replace(/#[^\n]*/g, ''))?.[1];

/** Resolves rule set ids to files in `dir`. */
export function dirResolver(dir: string): Resolver {
  let index: Map<string, string> | undefined;
  return (id) => {
    const direct = join(dir, `${id}.rules`);
    if (existsSync(direct)) return readSource(direct);
    index ??= new Map(existsSync(dir) ? findRuleFiles([dir]).map((f) => [headerId(readFileSync(f, 'utf8')) ?? '', f]) : []);
    const f = index.get(id);
    return f ? readSource(f) : undefined;
  };
}

/** A rule set given as a path or as an id under the rules folder. */
export function locate(spec: string, resolve: Resolver): SourceFile | undefined {
  if (existsSync(spec) && statSync(spec).isFile()) return readSource(spec);
  return resolve(spec);
}
