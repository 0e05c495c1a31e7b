/**
 * @module server/node-options
 * How the Node entry's HTTP server (`npm start`) times requests.
 */
import type { ServerOptions } from 'node:http';

/**
 * No limit on how long a request takes to arrive: a stream of records
 * (`/evaluate/stream`) is answered while the client sends it, for as long as it sends (Node's
 * default `requestTimeout` cut any request still arriving after 5 minutes). The headers must
 * still come within 60 s, Node's default `headersTimeout` (which, left out, would follow
 * `requestTimeout` to none).
 */
export const NODE_SERVER_OPTIONS: ServerOptions = { requestTimeout: 0, headersTimeout: 60_000 };
