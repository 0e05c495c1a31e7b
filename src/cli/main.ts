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

/** The value of `--lang` in `argv`, read before parsing so that a usage error speaks it too. */
const langArg = (argv: readonly string[]): string | undefined => {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  return i < 0 ? undefined : argv[i]!.startsWith('--lang=') ? argv[i]!.slice('--lang='.length) : argv[i + 1];
};

/** Where the command is: the first argument after any leading `--lang <tag>` (or `--lang=<tag>`). */
const commandAt = (argv: readonly string[]): number => {
  let i = 0;
  while (argv[i] === '--lang' || argv[i]?.startsWith('--lang=')) i += argv[i] === '--lang' ? 2 : 1;
  return i;
};

export async function main(argv: readonly string[], io: Io): Promise<number> {
  // POSIX order: LC_ALL, then LC_MESSAGES, then LANG (the first one set decides).
  const env = process.env;
  const envLang = (env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
  const given = langArg(argv);
  // Usage errors speak --lang when it is valid, else the system language.
  const early = (given !== undefined ? localeOfTag(given) : undefined) ?? envLang;
  // `token` has options of its own; `--lang` may come before it (`rules --lang zh token …`).
  const at = commandAt(argv);
  if (argv[at] === 'token') return (await import('./token.ts')).tokenCommand([...argv.slice(0, at), ...argv.slice(at + 1)], io, early);
  let parsed;
  try {
    parsed = parseArgs({
      // Options may come before the command too (`rules --lang zh check rules/`).
      args: argv as string[],
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
    io.err(`rules: ${(e as Error).message}\n\n${CliText.usage[early]}`);
    return 2;
  }
  const { values: o } = parsed;
  const [command, ...positionals] = parsed.positionals;
  if (!command || o.help || command === 'help') {
    (command || o.help ? io.out : io.err)(CliText.usage[early]);
    return command || o.help ? 0 : 2;
  }
  const locale = o.lang === undefined ? early : localeOfTag(o.lang);
  if (!locale) {
    io.err(`rules: ${CliText.badLang(o.lang!)[envLang]}\n\n${CliText.usage[envLang]}`);
    return 2;
  }
  const usage = CliText.usage[locale];
  const ctx = { io, locale, resolve: dirResolver(o.rules!), rulesDir: o.rules! };
  const need = (n: number, what: 'paths' | 'rule set' | 'fork') => {
    if (positionals.length >= n) return true;
    io.err(`rules ${command}: ${CliText.missing(what)[locale]}\n\n${usage}`);
    return false;
  };
  switch (command) {
    case 'check':
      return need(1, 'paths') ? checkCommand(ctx, positionals) : 2;
    case 'test':
      return need(1, 'paths') ? testCommand(ctx, positionals) : 2;
    case 'eval':
      if (!need(1, 'rule set') || !o.input) {
        if (!o.input) io.err(`rules eval: ${CliText.inputRequired()[locale]}\n\n${usage}`);
        return 2;
      }
      return evalCommand(ctx, positionals[0]!, { input: o.input, ...(o.outputs ? { outputs: o.outputs.split(',').map((s) => s.trim()).filter(Boolean) } : {}), ...(o['as-of'] ? { asOf: o['as-of'] } : {}), explain: !!o.explain });
    case 'fmt':
      return need(1, 'paths') ? fmtCommand(ctx, positionals, { check: !!o.check, ...(o.zh ? { keywords: 'zh' as const } : o.en ? { keywords: 'en' as const } : {}) }) : 2;
    case 'compile':
      if (!need(1, 'rule set')) return 2;
      if (o.target !== 'json-logic' && o.target !== 'json-schema') {
        io.err(`rules compile: ${CliText.badTarget()[locale]}\n\n${usage}`);
        return 2;
      }
      return compileCommand(ctx, positionals[0]!, o.target);
    case 'diff':
      return need(1, 'fork') ? diffCommand(ctx, positionals[0]!, positionals[1]) : 2;
    default:
      io.err(`rules: ${CliText.unknownCommand(command)[locale]}\n\n${usage}`);
      return 2;
  }
}
