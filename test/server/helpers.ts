/**
 * Server test harness: the real app (src/server/app.ts) over a real libSQL database file in a
 * fresh temporary folder, seeded from rules/ exactly as `npm start` does. No mocks.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/server/app.ts';
import { RulesService } from '../../src/service/rules.ts';
import { readMigrations } from '../../src/store/files.ts';
import { createLibsqlStore } from '../../src/store/libsql.ts';
import { RULES_DIR } from '../helpers.ts';

export const ADMIN = 'test-admin-secret';

export const seedFiles = () => readdirSync(RULES_DIR).filter((f) => f.endsWith('.rules')).sort().map((f) => ({ name: f, text: readFileSync(join(RULES_DIR, f), 'utf8') }));

export interface CallOptions {
  readonly body?: unknown;
  /** Raw body text (sent as is). */
  readonly raw?: string;
  readonly token?: string;
  readonly headers?: Record<string, string>;
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

export interface TestServer {
  readonly dir: string;
  readonly url: string;
  readonly service: RulesService;
  readonly app: ReturnType<typeof createApp>;
  call(method: string, path: string, o?: CallOptions): Promise<Reply>;
  /** Issues a token through the API with the bootstrap admin. */
  token(tenant: string, role: string): Promise<string>;
  close(): void;
}

/** A fresh server on a new database file; `publicRead` as the deployment would set it. */
export async function startServer(o: { publicRead?: boolean; now?: () => Date; corsOrigins?: string[] } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'shegong-server-'));
  const url = `file:${join(dir, 'rules.db')}`;
  const store = createLibsqlStore({ url, migrations: readMigrations() });
  const service = new RulesService({ store, seeds: seedFiles(), adminToken: ADMIN, ...(o.now ? { now: o.now } : {}) });
  const app = createApp({ service, publicRead: o.publicRead ?? true, onInternalError: () => {}, ...(o.corsOrigins ? { corsOrigins: o.corsOrigins } : {}) });
  await service.ready();
  const call = async (method: string, path: string, c: CallOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...(c.token ? { authorization: `Bearer ${c.token}` } : {}), ...c.headers };
    let body: string | undefined;
    if (c.raw !== undefined) body = c.raw;
    else if (c.body !== undefined) body = JSON.stringify(c.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    const res = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
  return {
    dir,
    url,
    service,
    app,
    call,
    async token(tenant, role) {
      const r = await call('POST', '/v1/tokens', { token: ADMIN, body: { tenant, role, label: `${tenant} ${role} (test)` } });
      if (r.status !== 201) throw new Error(`token: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
    close() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A full jilin input (every field), for evaluations that need all outputs. */
export const JILIN_PERSON = {
  civil_servant: false,
  public_institution_staff: false,
  post: 'committee',
  years_of_service: 7,
  age: 35,
  education: 'college',
  certificate: 'assistant',
  existing_worker: false,
  sociology_graduate: false,
  veteran: false,
  assessments: ['pass', 'excellent', 'pass'],
  discipline_breach: false,
  serious_dereliction: false,
  agreement_breach_uncorrected: false,
  incompetent_after_training: false,
  other_legal_ground: false,
  households: 4321,
  task_area: 'other',
  community_role: 'assisting',
  on_admission_list: true,
  county_approved: false,
  funded: true,
} as const;

/** Asserts the RFC 9457 shape; returns the body. */
export function expectProblem(r: Reply, status: number, code: string): any {
  if (r.status !== status || !String(r.headers.get('content-type')).startsWith('application/problem+json') || r.body?.type !== `/problems/${code}` || r.body?.code !== code || r.body?.status !== status) {
    throw new Error(`expected problem ${status} ${code}, got ${r.status} ${r.headers.get('content-type')} ${JSON.stringify(r.body).slice(0, 500)}`);
  }
  for (const k of ['title', 'detail', 'instance']) if (typeof r.body[k] !== 'string') throw new Error(`problem lacks ${k}`);
  if (JSON.stringify(r.body).includes('    at ')) throw new Error('problem contains a stack trace');
  return r.body;
}
