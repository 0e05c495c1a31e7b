/**
 * @module cli/token
 * `rules token --tenant <id> --role <role> [--label <text>] [--database <url>]`: issues an API
 * token straight into the service's database (default `DATABASE_URL`, else the file `npm start`
 * uses), migrating it first if needed. Prints the secret once on stdout; only its hash is kept.
 */
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ALL_TENANTS, ID_PATTERN, ROLES, type Role } from '../service/auth.ts';
import { RulesService } from '../service/rules.ts';
import { readMigrations } from '../store/files.ts';
import { createLibsqlStore } from '../store/libsql.ts';
import type { Io } from './main.ts';

export const TOKEN_USAGE = `usage: rules token --tenant <id|*> --role viewer|editor|publisher|admin [--label <text>] [--database <url>]

Issues an API token into the service database (default: $DATABASE_URL, else file:data/rules.db)
and prints it once. A tenant is a jurisdiction id such as jilin or jilin-example; * is every tenant.`;

export async function tokenCommand(args: readonly string[], io: Io): Promise<number> {
  let o;
  try {
    o = parseArgs({ args: args as string[], options: { tenant: { type: 'string' }, role: { type: 'string' }, label: { type: 'string' }, database: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (e) {
    io.err(`rules token: ${(e as Error).message}\n\n${TOKEN_USAGE}`);
    return 2;
  }
  if (o.help) {
    io.out(TOKEN_USAGE);
    return 0;
  }
  const tenant = o.tenant ?? '';
  if (tenant !== ALL_TENANTS && !ID_PATTERN.test(tenant)) {
    io.err(`rules token: --tenant must be a jurisdiction id such as \`jilin\` (or \`*\`)\n\n${TOKEN_USAGE}`);
    return 2;
  }
  if (!ROLES.includes(o.role as Role)) {
    io.err(`rules token: --role must be one of ${ROLES.join(', ')}\n\n${TOKEN_USAGE}`);
    return 2;
  }
  const url = o.database ?? process.env['DATABASE_URL'] ?? (mkdirSync('data', { recursive: true }), 'file:data/rules.db');
  const authToken = process.env['DATABASE_AUTH_TOKEN'];
  const store = createLibsqlStore({ url, ...(authToken ? { authToken } : {}), migrations: readMigrations() });
  try {
    await store.migrate();
    const service = new RulesService({ store });
    const { token, record } = await service.createToken({ tenant, role: o.role as Role, ...(o.label ? { label: o.label } : {}) }, { id: 'cli', tenant: ALL_TENANTS });
    io.out(token);
    io.err(`issued ${record.id}: tenant ${record.tenant}, role ${record.role}${record.label ? `, label ${record.label}` : ''} (shown once; only its hash is stored)`);
    return 0;
  } catch (e) {
    io.err(`rules token: cannot write to ${url}: ${(e as Error).message}`);
    return 1;
  } finally {
    store.close();
  }
}
