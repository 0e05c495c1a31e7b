#!/usr/bin/env node
/**
 * @module cli/bin
 * The `rules` command: check, test, eval, fmt, compile, diff.
 * Exit codes: 0 success, 1 errors found (or tests failed), 2 usage.
 */
import { main } from './main.ts';

// A reader that stops early (`rules diff … | head`) closes the pipe: that ends the output, not in a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await main(process.argv.slice(2), { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') });
