#!/usr/bin/env node
/**
 * @module cli/bin
 * The `rules` command: check, test, eval, fmt, compile, diff.
 * Exit codes: 0 success, 1 errors found (or tests failed), 2 usage.
 */
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2), { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') });
