import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Three projects, one per runtime (VS Code's test/{node,browser} split):
// - unit: electron/core, the shell's pure helpers, the preview server and the fake WeChat server, in plain Node;
// - component: React components in happy-dom;
// - e2e: the built preview driven through Debian's Chromium (needs `npm run build:web && npm run build:node`).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          // Some suites spawn the CLI, the preview or electron-builder: generous limits for a loaded 2-core machine.
          testTimeout: 20_000,
          hookTimeout: 30_000,
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/renderer/**'],
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'component',
          environment: 'happy-dom',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['test/renderer/support/setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One Chromium at a time: the machine has two cores and the scenarios share nothing but the CPU.
          fileParallelism: false,
        },
      },
    ],
  },
});
