/**
 * The entry points as users run them: `npm start` (src/server/node.ts) serving the README's
 * curl example on a real port with an embedded database file, `rules token` issuing a token
 * the server accepts, and `wrangler deploy --dry-run` bundling the Worker offline.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

const ROOT = join(import.meta.dirname, '../..');
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'shegong-entry-'));
const dbUrl = `file:${join(dir, 'rules.db')}`;

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer();
    srv.listen(0, () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });

let server: ChildProcess | undefined;
let port = 0;
let log = '';

beforeAll(async () => {
  port = await freePort();
  server = spawn(process.execPath, [join(ROOT, 'src/server/node.ts')], { cwd: dir, env: { ...process.env, PORT: String(port), DATABASE_URL: dbUrl, ADMIN_TOKEN: 'entry-admin' }, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30_000);
    const onData = (b: Buffer) => {
      log += b.toString();
      if (log.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    server!.stdout!.on('data', onData);
    server!.stderr!.on('data', onData);
    server!.on('exit', (code) => reject(new Error(`server exited ${code}:\n${log}`)));
  });
}, 40_000);

afterAll(() => {
  if (server?.pid) process.kill(server.pid);
  rmSync(dir, { recursive: true, force: true });
});

/** The README's curl examples, with continuation lines joined, and the answers they show. */
function readmeCurls(): { command: string; answer: any; ndjson: boolean }[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => b.includes('curl') && b.includes('/evaluate'));
  return blocks.map((block) => {
    const lines = block.split('\n').map((l) => l.trim());
    const command = lines.filter((l) => l && !l.startsWith('#')).join('\n').replace(/\\\n\s*/g, ' ').trim();
    const comments = lines.filter((l) => l.startsWith('#')).map((l) => l.slice(1).trim());
    // An NDJSON answer is one JSON text per comment line; any other may be wrapped over several (joined with one space).
    const ndjson = command.includes('application/x-ndjson');
    const answer = ndjson ? comments.map((l) => JSON.parse(l)) : JSON.parse(comments.join(' '));
    return { command, answer, ndjson };
  });
}

describe('npm start', () => {
  it('migrates and seeds the database on first start', () => {
    expect(log).toContain('seeded jilin-example v1');
    expect(existsSync(join(dir, 'rules.db'))).toBe(true);
  });

  it('answers the README curl examples exactly as written (port aside)', async () => {
    const examples = readmeCurls();
    expect(examples.length).toBeGreaterThanOrEqual(2);
    expect(examples.filter((e) => e.ndjson)).toHaveLength(1);
    for (const { command, answer, ndjson } of examples) {
      expect(command).toContain('http://localhost:8787/');
      const { stdout } = await run('sh', ['-c', command.replace('localhost:8787', `localhost:${port}`)]);
      if (ndjson) {
        expect(stdout.trimEnd().split('\n').map((l) => JSON.parse(l)), command).toEqual(answer);
        continue;
      }
      const got = JSON.parse(stdout);
      // The first example sends no `as_of`: it is today.
      expect({ ...got, as_of: 'today' }, command).toEqual({ ...answer, as_of: 'today' });
    }
  });

  it('accepts the ADMIN_TOKEN from the environment and a token made by `rules token`', async () => {
    const base = `http://localhost:${port}`;
    const issued = await fetch(`${base}/v1/tokens`, { method: 'POST', headers: { authorization: 'Bearer entry-admin', 'content-type': 'application/json' }, body: JSON.stringify({ tenant: 'jilin', role: 'viewer' }) });
    expect(issued.status).toBe(201);
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['token', '--tenant', 'shenyang', '--role', 'editor', '--label', 'from the CLI', '--database', dbUrl], { out: (l) => out.push(l), err: (l) => err.push(l) });
    expect(code).toBe(0);
    expect(out).toEqual([expect.stringMatching(/^sgr_/)]);
    expect(err.join('\n')).toContain('tenant shenyang, role editor');
    const draft = await fetch(`${base}/v1/rulesets/shenyang/draft`, { headers: { authorization: `Bearer ${out[0]}` } });
    expect(draft.status).toBe(200);
    const other = await fetch(`${base}/v1/rulesets/jilin/draft`, { headers: { authorization: `Bearer ${out[0]}` } });
    expect(other.status).toBe(403);
  });

  it('refuses a body that is not UTF-8, and a charset other than UTF-8, on the real server', async () => {
    // @hono/node-server decodes a body of declared length itself (replacing bad bytes with U+FFFD).
    const url = `http://localhost:${port}/v1/check`;
    const latin1 = Uint8Array.from([...new TextEncoder().encode('{"source": "ruleset a\\n# caf'), 0xe9, ...new TextEncoder().encode('\\n"}')]);
    const bad = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: latin1 });
    expect([bad.status, (await bad.json()).code]).toEqual([400, 'invalid-json']);
    const declared = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=iso-8859-1' }, body: latin1 });
    expect([declared.status, (await declared.json()).code]).toEqual([415, 'unsupported-media-type']);
    const utf8 = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"source": "ruleset a\\n# café\\n"}' });
    expect(utf8.status).toBe(200);
  });

  it('rejects bad `rules token` arguments with usage', async () => {
    const err: string[] = [];
    expect(await main(['token', '--tenant', 'jilin', '--role', 'owner'], { out: () => {}, err: (l) => err.push(l) })).toBe(2);
    expect(err.join('\n')).toContain('usage: rules token');
  });
});

describe('stopping npm start', () => {
  it('stops the server when the npm process is told to stop (SIGTERM), not only on Ctrl-C', async () => {
    const own = await freePort();
    const npm = spawn('npm', ['start'], { cwd: ROOT, env: { ...process.env, PORT: String(own), DATABASE_URL: `file:${join(dir, 'stop.db')}` }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not start:\n${out}`)), 30_000);
      const onData = (b: Buffer) => {
        out += b.toString();
        if (out.includes('listening on')) {
          clearTimeout(timer);
          resolve();
        }
      };
      npm.stdout!.on('data', onData);
      npm.stderr!.on('data', onData);
    });
    expect((await fetch(`http://localhost:${own}/healthz`)).status).toBe(200);
    npm.kill('SIGTERM');
    // Before: npm stopped, its shell with it, and the server went on serving, orphaned.
    let answering = true;
    for (let i = 0; i < 50 && answering; i++) {
      await new Promise((r) => setTimeout(r, 100));
      answering = await fetch(`http://localhost:${own}/healthz`).then(() => true, () => false);
    }
    expect(answering).toBe(false);
  }, 40_000);
});

describe('wrangler deploy --dry-run', () => {
  it('bundles the Worker with the rule files and migrations, offline', async () => {
    const out = join(dir, 'dist');
    const { stdout, stderr } = await run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', out], { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' } });
    expect(stdout + stderr).toContain('--dry-run: exiting now.');
    expect(stdout).toContain('env.DB');
    const files = readdirSync(out);
    expect(files).toContain('worker.js');
    for (const f of ['cn.rules', 'jilin.rules', 'jilin-example.rules', 'huangshi.rules', 'shenyang.rules', '0001_init.sql']) expect(files.some((x) => x.endsWith(f)), f).toBe(true);
  }, 120_000);
});
