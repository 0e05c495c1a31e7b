/**
 * The import boundaries of the service (design.md): only src/server/ imports hono, only
 * src/store/ imports drizzle-orm and @libsql/client, and the service layer stays
 * runtime-neutral (no `node:` imports) so the Worker runs the very same code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');
const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));
const importers = (pattern: RegExp) => files(SRC).filter((f) => pattern.test(readFileSync(f, 'utf8'))).map((f) => relative(SRC, f));

describe('import boundaries', () => {
  it('only src/server/ imports hono', () => {
    expect(importers(/from ['"](?:hono|@hono\/[^'"]+)(?:\/[^'"]*)?['"]/).filter((f) => !f.startsWith('server/'))).toEqual([]);
  });

  it('only src/store/ imports drizzle-orm and @libsql/client', () => {
    expect(importers(/from ['"](?:drizzle-orm|@libsql\/client)(?:\/[^'"]*)?['"]/).filter((f) => !f.startsWith('store/'))).toEqual([]);
  });

  it('only grammar/ imports chevrotain', () => {
    expect(importers(/from ['"]chevrotain['"]/)).toEqual([]);
  });

  it('the compiler pipeline is browser-safe: no Node APIs outside cli/, server/ and store/', () => {
    expect(importers(/from ['"]node:/).filter((f) => !/^(?:cli|server|store)\//.test(f))).toEqual([]);
  });

  it('the service layer and the shared store code use no Node APIs', () => {
    const nodeOnly = ['server/node.ts', 'server/node-options.ts', 'store/files.ts', 'store/libsql.ts'];
    const neutral = importers(/from ['"]node:/).filter((f) => /^(?:service|server|store)\//.test(f) && !nodeOnly.includes(f));
    expect(neutral).toEqual([]);
  });
});
