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
import { localeOfTag, type Locale } from '../diagnostics.ts';
import { CliText } from '../messages.ts';
import type { Io } from './main.ts';

/** Runs `rules token` with its arguments (the command name removed), speaking `locale`. */
export async function tokenCommand(args: readonly string[], io: Io, locale: Locale = 'en'): Promise<number> {
  let o;
  try {
    o = parseArgs({ args: args as string[], options: { tenant: { type: 'string' }, role: { type: 'string' }, label: { type: 'string' }, database: { type: 'string' }, lang: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (e) {
    io.err(`rules token: ${(e as Error).message}\n\n${CliText.tokenUsage[locale]}`);
    return 2;
  }
  if (o.lang !== undefined) {
    const given = localeOfTag(o.lang);
    if (!given) {
      io.err(`rules token: ${CliText.badLang(o.lang)[locale]}\n\n${CliText.tokenUsage[locale]}`);
      return 2;
    }
    locale = given;
  }
  const usage = CliText.tokenUsage[locale];
  if (o.help) {
    io.out(usage);
    return 0;
  }
  const tenant = o.tenant ?? '';
  if (tenant !== ALL_TENANTS && !ID_PATTERN.test(tenant)) {
    io.err(`rules token: ${CliText.tokenBadTenant()[locale]}\n\n${usage}`);
    return 2;
  }
  if (!ROLES.includes(o.role as Role)) {
    io.err(`rules token: ${CliText.tokenBadRole(ROLES)[locale]}\n\n${usage}`);
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
    io.err(CliText.tokenIssued(record.id, record.tenant, record.role, record.label)[locale]);
    return 0;
  } catch (e) {
    io.err(`rules token: ${CliText.tokenCannotWrite(url, (e as Error).message)[locale]}`);
    return 1;
  } finally {
    store.close();
  }
}
