import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    projects: [
      // Everything on Node: the compiler, the seed rule sets, and the server against libSQL files.
      { test: { name: 'node', include: ['test/**/*.test.ts'], exclude: ['test/worker/**', '**/node_modules/**'] } },
      // The same app in real workerd with D1 (wrangler.toml: main, D1 binding, text-module rules).
      {
        plugins: [cloudflareTest({ wrangler: { configPath: './wrangler.toml' }, miniflare: { bindings: { ADMIN_TOKEN: 'worker-test-admin' } } })],
        test: { name: 'workers', include: ['test/worker/**/*.test.ts'] },
      },
    ],
  },
});
