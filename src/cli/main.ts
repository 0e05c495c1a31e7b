/**
 * @module cli/main
 * Argument parsing and dispatch for the `rules` command, separated from the process so tests
 * can call it directly with captured output.
 */
import { parseArgs } from 'node:util';
import { localeOfTag } from '../diagnostics.ts';
import { CliText } from '../messages.ts';
import { dirResolver } from './load.ts';
import { checkCommand, compileCommand, diffCommand, evalCommand, fmtCommand, testCommand } from './commands.ts';

export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Standard input (for `--input -`). */
  stdin?: () => Promise<string>;
}

export const USAGE = `usage: rules <command> [options]

commands:
  check <paths…>                       check rule files; exit 1 on errors
  test <paths…>                        run every example through both backends
  eval <ruleset> --input <file|->      evaluate; prints JSON
       [--outputs a,b] [--as-of YYYY-MM-DD] [--explain]
  fmt [--check] [--zh|--en] <paths…>   format rule files in place (or check formatting)
  compile <ruleset> --target json-logic|json-schema
  diff <fork> [<base>]                 what a fork changes relative to its base
  token --tenant <id> --role <role>    issue an API token into the service database

options:
  --rules <dir>     where rule sets are found by id (default: rules)
  --lang zh|en      language of messages, also as a tag (zh-CN, en-US); default: from
                    LC_ALL, LC_MESSAGES or LANG, else en`;

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'token') return (await import('./token.ts')).tokenCommand(rest, io);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest as string[],
      allowPositionals: true,
      options: {
        rules: { type: 'string', default: 'rules' },
        lang: { type: 'string' },
        input: { type: 'string' },
        outputs: { type: 'string' },
        'as-of': { type: 'string' },
        explain: { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
        target: { type: 'string' },
        zh: { type: 'boolean', default: false },
        en: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.err(`rules: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values: o, positionals } = parsed;
  if (!command || o.help || command === 'help' || command === '--help' || command === '-h') {
    (command && command !== 'help' && command !== '--help' && command !== '-h' && !o.help ? io.err : io.out)(USAGE);
    return command ? 0 : 2;
  }
  // POSIX order: LC_ALL, then LC_MESSAGES, then LANG (the first one set decides).
  const env = process.env;
  const envLang = (env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
  const locale = o.lang === undefined ? envLang : localeOfTag(o.lang);
  if (!locale) {
    io.err(`rules: ${CliText.badLang(o.lang!)[envLang]}\n\n${USAGE}`);
    return 2;
  }
  const ctx = { io, locale, resolve: dirResolver(o.rules!), rulesDir: o.rules! };
  const need = (n: number, what: string) => {
    if (positionals.length >= n) return true;
    io.err(`rules ${command}: missing ${what}\n\n${USAGE}`);
    return false;
  };
  switch (command) {
    case 'check':
      return need(1, 'paths') ? checkCommand(ctx, positionals) : 2;
    case 'test':
      return need(1, 'paths') ? testCommand(ctx, positionals) : 2;
    case 'eval':
      if (!need(1, 'rule set') || !o.input) {
        if (!o.input) io.err(`rules eval: --input <file|-> is required\n\n${USAGE}`);
        return 2;
      }
      return evalCommand(ctx, positionals[0]!, { input: o.input, ...(o.outputs ? { outputs: o.outputs.split(',').map((s) => s.trim()).filter(Boolean) } : {}), ...(o['as-of'] ? { asOf: o['as-of'] } : {}), explain: !!o.explain });
    case 'fmt':
      return need(1, 'paths') ? fmtCommand(ctx, positionals, { check: !!o.check, ...(o.zh ? { keywords: 'zh' as const } : o.en ? { keywords: 'en' as const } : {}) }) : 2;
    case 'compile':
      if (!need(1, 'rule set')) return 2;
      if (o.target !== 'json-logic' && o.target !== 'json-schema') {
        io.err(`rules compile: --target must be json-logic or json-schema\n\n${USAGE}`);
        return 2;
      }
      return compileCommand(ctx, positionals[0]!, o.target);
    case 'diff':
      return need(1, 'fork') ? diffCommand(ctx, positionals[0]!, positionals[1]) : 2;
    default:
      io.err(`rules: unknown command \`${command}\`\n\n${USAGE}`);
      return 2;
  }
}
