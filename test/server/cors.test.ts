/**
 * CORS is off unless origins are configured (`CORS_ORIGINS`); then browsers on those origins,
 * and only those, may call the API, including preflighted calls with a token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corsOriginsFrom } from '../../src/server/app.ts';
import { startServer, type TestServer } from './helpers.ts';

const ALLOWED = 'https://hr.example.gov.cn';
let open: TestServer;
let closed: TestServer;
beforeAll(async () => {
  [open, closed] = await Promise.all([startServer({ corsOrigins: corsOriginsFrom(` ${ALLOWED} ,https://other.example`) }), startServer()]);
});
afterAll(() => {
  open.close();
  closed.close();
});

describe('CORS', () => {
  it('answers a preflight from a configured origin', async () => {
    const r = await open.call('OPTIONS', '/v1/rulesets/jilin/evaluate', { headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(r.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });

  it('marks answers to a configured origin, and only to it', async () => {
    const ok = await open.call('POST', '/v1/rulesets/jilin/evaluate', { headers: { origin: ALLOWED, 'content-type': 'application/json' }, body: { input: { households: 4321 }, outputs: ['posts_min'] } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const other = await open.call('GET', '/v1/rulesets', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is off by default', async () => {
    const r = await closed.call('GET', '/v1/rulesets', { headers: { origin: ALLOWED } });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });
});
