/**
 * @module cli/commands
 * The `rules` subcommands. Each returns an exit code and writes through `Io`.
 */
import { chinaDate } from '../runtime.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type * as A from '../ast/nodes.ts';
import { renderDiagnostic, type Diagnostic, type Locale } from '../diagnostics.ts';
import { DiffText, LABELS, M, Note, Reporter, type Text2 } from '../messages.ts';
import { runExamples, withExamples } from '../examples.ts';
import { format } from '../format/index.ts';
import { link, type Program, type Resolver } from '../link/index.ts';
import { compile, type CompileResult } from '../ruleset.ts';
import { declaredIdAt, duplicateIds, fileNameOf } from '../rule-files.ts';
import type { SourceFile } from '../source.ts';
import { basesOf, diffPrograms } from './diff.ts';
import { findRuleFiles, locate, readSource } from './load.ts';
import type { Io } from './main.ts';

export interface Ctx {
  readonly io: Io;
  readonly locale: Locale;
  readonly resolve: Resolver;
  readonly rulesDir: string;
}

/** A message in the chosen language. */
const say = (ctx: Ctx, en: string, zh: string): string => (ctx.locale === 'zh' ? zh : en);

function compileFile(ctx: Ctx, file: SourceFile): CompileResult {
  return compile(file, { resolve: ctx.resolve, locale: ctx.locale });
}

function report(ctx: Ctx, ds: readonly Diagnostic[], files: ReadonlyMap<string, SourceFile>): void {
  for (const d of ds) ctx.io.err(renderDiagnostic(d, files, ctx.locale));
}

/** A file-system error in words (`no such file or directory: x.rules`), else the error's message. */
export function fileProblem(e: unknown, locale: Locale): string {
  const { code, path } = e as NodeJS.ErrnoException;
  const words: Record<string, [string, string]> = {
    ENOENT: ['no such file or directory', '找不到文件或目录'],
    EACCES: ['permission denied', '没有访问权限'],
    EISDIR: ['is a directory, not a file', '这是目录，不是文件'],
  };
  const w = code ? words[code] : undefined;
  return w && path ? `${w[locale === 'zh' ? 1 : 0]}: ${path}` : (e as Error).message;
}

function files(ctx: Ctx, paths: readonly string[]): string[] | undefined {
  try {
    const found = findRuleFiles(paths);
    if (found.length === 0) ctx.io.err(say(ctx, `rules: no .rules files in ${paths.join(' ')}`, `rules：${paths.join(' ')} 中没有 .rules 文件`));
    return found;
  } catch (e) {
    ctx.io.err(`rules: ${fileProblem(e, ctx.locale)}`);
    return undefined;
  }
}

/**
 * What the files given say about each other, by file name: E-RULESET-DUPLICATE on each file
 * whose id another file also declares, and (with `fileNames`) W-RULESET-FILE-NAME on a file in
 * the rules folder not named after the id it declares.
 */
function amongFiles(ctx: Ctx, sources: readonly SourceFile[], fileNames: boolean): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  const add = (file: string, r: Reporter) => out.set(file, [...(out.get(file) ?? []), ...r.diagnostics]);
  for (const [id, same] of duplicateIds(sources)) {
    for (const f of same) {
      const r = new Reporter(ctx.locale);
      for (const other of same.filter((g) => g !== f)) r.error(declaredIdAt(f)!.span, M.rulesetDuplicate(id, other.name), [{ span: declaredIdAt(other)!.span, message: Note.declaredHere(id) }]);
      add(f.name, r);
    }
  }
  if (fileNames) {
    // Only in the rules folder, where rule sets are found by file name: a draft elsewhere
    // (`rules check /tmp/draft.rules`) may be named anyhow.
    const folder = resolve(ctx.rulesDir);
    for (const f of sources) {
      const at = declaredIdAt(f);
      if (!at || basename(f.name) === fileNameOf(at.id) || dirname(resolve(f.name)) !== folder) continue;
      const r = new Reporter(ctx.locale);
      r.warning(at.span, M.rulesetFileName(basename(f.name), at.id));
      add(f.name, r);
    }
  }
  return out;
}

export function checkCommand(ctx: Ctx, paths: readonly string[]): number {
  const list = files(ctx, paths);
  if (!list) return 2;
  let errors = 0;
  let warnings = 0;
  const seen = new Set<string>();
  const sources = list.map(readSource);
  const among = amongFiles(ctx, sources, true);
  const byName = new Map(sources.map((f) => [f.name, f]));
  for (const src of sources) {
    // Failing examples are errors here as in the API's check, draft and publish.
    const r = withExamples(compileFile(ctx, src), ctx.locale);
    const all = [...(among.get(src.name) ?? []), ...r.diagnostics];
    const fresh = all.filter((d) => {
      const key = `${d.span.file}:${d.span.start}:${d.code}:${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    report(ctx, fresh, new Map([...byName, ...r.files]));
    errors += fresh.filter((d) => d.severity === 'error').length;
    warnings += fresh.filter((d) => d.severity === 'warning').length;
  }
  const zh = ctx.locale === 'zh';
  ctx.io.out(zh ? `检查了 ${list.length} 个文件：${errors} 个错误，${warnings} 个警告` : `checked ${list.length} file(s): ${errors} error(s), ${warnings} warning(s)`);
  return errors > 0 || list.length === 0 ? 1 : 0;
}

export function testCommand(ctx: Ctx, paths: readonly string[]): number {
  const list = files(ctx, paths);
  if (!list) return 2;
  let passed = 0;
  let failed = 0;
  const sources = list.map(readSource);
  // Two files with one id: which one a fork extends is a coin toss, so the run fails.
  for (const [name, ds] of amongFiles(ctx, sources, false)) {
    report(ctx, ds, new Map(sources.map((f) => [f.name, f])));
    ctx.io.out(say(ctx, `FAIL ${name}: its rule set id is declared by another file too`, `失败 ${name}：其规则集编号也由另一个文件声明`));
    failed++;
  }
  for (const [i, src] of sources.entries()) {
    const path = list[i]!;
    const r = compileFile(ctx, src);
    if (!r.ruleset) {
      report(ctx, r.diagnostics.filter((d) => d.severity === 'error'), r.files);
      ctx.io.out(say(ctx, `FAIL ${path}: does not compile`, `失败 ${path}：无法编译`));
      failed++;
      continue;
    }
    for (const res of runExamples(r.ruleset, ctx.locale)) {
      if (res.passed) passed++;
      else {
        failed++;
        const from = res.origin !== res.ruleset ? (ctx.locale === 'zh' ? `（继承自 ${res.origin}）` : ` (from ${res.origin})`) : '';
        ctx.io.out(`${ctx.locale === 'zh' ? '失败' : 'FAIL'} ${res.ruleset} › ${res.name}${from}`);
        for (const p of res.problems) ctx.io.out(`    ${p}`);
        if (res.origin !== res.ruleset) {
          ctx.io.out(ctx.locale === 'zh' ? `    提示：如果这是本地有意的改变，请在 ${res.ruleset} 中写 \`覆盖 示例 "${res.name}"\` 并给出新的预期值` : `    hint: if the city changes this on purpose, write \`override example "${res.name}"\` in ${res.ruleset} with the new expected values`);
        }
      }
    }
  }
  ctx.io.out(`${passed} passed, ${failed} failed`);
  return failed > 0 || list.length === 0 ? 1 : 0;
}

async function readInput(ctx: Ctx, spec: string): Promise<string> {
  if (spec === '-') return ctx.io.stdin ? ctx.io.stdin() : readFileSync(0, 'utf8');
  return readFileSync(spec, 'utf8');
}

export async function evalCommand(ctx: Ctx, spec: string, o: { input: string; outputs?: string[]; asOf?: string; explain: boolean }): Promise<number> {
  const file = locate(spec, ctx.resolve);
  if (!file) {
    ctx.io.err(say(ctx, `rules eval: no rule set \`${spec}\` (looked for a file, and for ${ctx.rulesDir}/${spec}.rules)`, `rules eval：找不到规则集 \`${spec}\`（已查找同名文件及 ${ctx.rulesDir}/${spec}.rules）`));
    return 2;
  }
  const r = compileFile(ctx, file);
  if (!r.ruleset) {
    report(ctx, r.diagnostics, r.files);
    return 1;
  }
  let input: unknown;
  try {
    input = JSON.parse(await readInput(ctx, o.input));
  } catch (e) {
    ctx.io.err(say(ctx, `rules eval: cannot read input: ${fileProblem(e, ctx.locale)}`, `rules eval：无法读取输入：${fileProblem(e, ctx.locale)}`));
    return 2;
  }
  const result = r.ruleset.evaluate(input, { ...(o.outputs ? { outputs: o.outputs } : {}), asOf: o.asOf ?? chinaDate(), explain: o.explain, locale: ctx.locale });
  if (!result.ok) {
    ctx.io.out(JSON.stringify({ ruleset: r.ruleset.id, errors: result.errors }, null, 2));
    return 1;
  }
  const asOf = o.asOf ?? chinaDate();
  ctx.io.out(JSON.stringify({ ruleset: r.ruleset.id, as_of: asOf, outputs: result.outputs, ...(result.explanation ? { explanation: result.explanation } : {}) }, null, 2));
  return 0;
}

export function compileCommand(ctx: Ctx, spec: string, target: 'json-logic' | 'json-schema'): number {
  const file = locate(spec, ctx.resolve);
  if (!file) {
    ctx.io.err(say(ctx, `rules compile: no rule set \`${spec}\``, `rules compile：找不到规则集 \`${spec}\``));
    return 2;
  }
  const r = compileFile(ctx, file);
  if (!r.ruleset) {
    report(ctx, r.diagnostics, r.files);
    return 1;
  }
  const value = target === 'json-logic' ? r.ruleset.jsonLogic() : { input: r.ruleset.inputJsonSchema(), output: r.ruleset.outputJsonSchema() };
  ctx.io.out(JSON.stringify(value, null, 2));
  return 0;
}

export function fmtCommand(ctx: Ctx, paths: readonly string[], o: { check: boolean; keywords?: 'en' | 'zh' }): number {
  const list = files(ctx, paths);
  if (!list) return 2;
  let bad = 0;
  for (const path of list) {
    const src = readSource(path);
    const r = format(src, { ...(o.keywords ? { keywords: o.keywords } : {}), locale: ctx.locale });
    if (r.text === undefined) {
      report(ctx, r.diagnostics, new Map([[src.name, src]]));
      bad++;
      continue;
    }
    if (r.text === src.text) continue;
    if (o.check) {
      ctx.io.out(ctx.locale === 'zh' ? `需要格式化：${path}` : `would reformat ${path}`);
      bad++;
    } else {
      writeFileSync(path, r.text);
      ctx.io.out(ctx.locale === 'zh' ? `已格式化：${path}` : `formatted ${path}`);
    }
  }
  return bad > 0 ? 1 : 0;
}

/**
 * `rules diff <fork> [<base>]`: what `fork` changes relative to `base` (by default the rule set
 * it extends). The base must be one the fork extends, in the version it extends; anything else
 * is refused (exit 2), since "what the fork changes" means nothing against an unrelated rule set.
 */
export function diffCommand(ctx: Ctx, forkSpec: string, baseSpec?: string): number {
  const refuse = (message: Text2, help?: Text2) => {
    ctx.io.err(`rules diff: ${message[ctx.locale]}`);
    if (help) ctx.io.err(`  = ${LABELS[ctx.locale].help}: ${help[ctx.locale]}`);
    return 2;
  };
  const fork = locate(forkSpec, ctx.resolve);
  if (!fork) return refuse(DiffText.ruleSetNotFound(forkSpec));
  const forkProgram = linkOrReport(ctx, fork);
  if (!forkProgram) return 1;
  if (clashIn(ctx, forkProgram.chain)) return 1;
  const bases = basesOf(forkProgram);
  let base: Program | undefined = bases[0];
  if (baseSpec === undefined) {
    if (!base) return refuse(DiffText.extendsNothing(forkProgram.id));
  } else {
    const baseFile = locate(baseSpec, ctx.resolve);
    if (!baseFile) return refuse(DiffText.ruleSetNotFound(baseSpec));
    const given = linkOrReport(ctx, baseFile);
    if (!given) return 1;
    const ids = bases.map((b) => b.id);
    if (given.id === forkProgram.id) return refuse(DiffText.sameRuleSet(given.id), DiffText.nameABase(ids));
    base = bases.find((b) => b.id === given.id);
    if (!base) {
      const swapped = basesOf(given).some((b) => b.id === forkProgram.id);
      return refuse(DiffText.notABase(given.id, forkProgram.id, forkProgram.chain), swapped ? DiffText.swapped(forkProgram.id, given.id) : DiffText.nameABase(ids));
    }
    // Compare with the version the fork extends: a file with the same id but other text is another rule set.
    const extended = base.own.span.file;
    if (base.files.get(extended)?.text !== baseFile.text) return refuse(DiffText.otherVersion(baseSpec, base.id, forkProgram.id, extended));
  }
  for (const line of diffPrograms(base, forkProgram, ctx.locale)) ctx.io.out(line);
  return 0;
}

/**
 * Reports E-RULESET-DUPLICATE when one of `ids` is declared by two files of the rules folder
 * (which of them `extends` read is then an accident of naming); true if so.
 */
function clashIn(ctx: Ctx, ids: readonly string[]): boolean {
  let sources: SourceFile[];
  try {
    sources = findRuleFiles([ctx.rulesDir]).map(readSource);
  } catch {
    return false;
  }
  const mine = sources.filter((f) => ids.includes(declaredIdAt(f)?.id ?? ''));
  const clashes = amongFiles(ctx, mine, false);
  for (const ds of clashes.values()) report(ctx, ds, new Map(mine.map((f) => [f.name, f])));
  return clashes.size > 0;
}

function linkOrReport(ctx: Ctx, file: SourceFile): Program | undefined {
  const r = link(file, ctx.resolve, ctx.locale);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !r.value) {
    report(ctx, errors, r.value?.files ?? new Map([[file.name, file]]));
    return undefined;
  }
  return r.value;
}

export type { A };
