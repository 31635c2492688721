import { defineConfig } from 'vitest/config';

// Browser tests: playwright-core driving the machine's Chromium against a loopback server.
export default defineConfig({
  test: { include: ['e2e/**/*.e2e.ts'], environment: 'node', testTimeout: 60000, hookTimeout: 180000, fileParallelism: false },
});
