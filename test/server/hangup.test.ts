/**
 * A client that hangs up before its request body has arrived is not a fault of the server:
 * nothing is reported as an internal error (the log of `npm start` stays for real faults), and
 * the server goes on answering.
 */
import { serve, type ServerType } from '@hono/node-server';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { NODE_SERVER_OPTIONS } from '../../src/server/node-options.ts';
import { startServer, type TestServer } from './helpers.ts';

let s: TestServer;
let server: ServerType;
let port = 0;
const reported: unknown[] = [];
beforeAll(async () => {
  s = await startServer();
  const app = createApp({ service: s.service, publicRead: true, onInternalError: (e) => reported.push(e) });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', serverOptions: NODE_SERVER_OPTIONS }, (info) => {
      port = info.port;
      resolve();
    });
  });
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  s.close();
});

/** Sends the headers of a POST to `path` promising a longer body than it sends, then hangs up. */
const hangUpMidBody = (path: string, contentType: string) =>
  new Promise<void>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-type: ${contentType}\r\ncontent-length: 1000\r\n\r\n{"inp`);
      setTimeout(() => socket.destroy(), 50);
    });
    socket.on('close', () => setTimeout(resolve, 100));
  });

describe('a client hanging up mid-body', () => {
  it.each([
    ['/v1/rulesets/jilin/evaluate', 'application/json'],
    ['/v1/rulesets/jilin/evaluate/batch', 'application/json'],
    ['/v1/rulesets/jilin/evaluate/stream', 'application/x-ndjson'],
  ])('on %s is not reported as an internal error, and the next request is answered', async (path, type) => {
    reported.length = 0;
    await hangUpMidBody(path, type);
    expect(reported).toEqual([]);
    const res = await fetch(`http://127.0.0.1:${port}/v1/rulesets/jilin/evaluate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: { households: 3500 }, outputs: ['posts_min'] }) });
    expect(res.status).toBe(200);
  });
});
