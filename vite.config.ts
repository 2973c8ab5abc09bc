import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

// The dev server's React-refresh preamble is an inline script; only `npm run dev` lets the <meta> CSP allow it.
const allowInlineScriptsInDev: Plugin = {
  name: 'tokendesk-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
};

// The renderer: React 19, built to dist/renderer with relative asset URLs (served over app:// in Electron and by the
// preview server in the browser).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), allowInlineScriptsInDev],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    chunkSizeWarningLimit: 800,
  },
  server: { host: '127.0.0.1', strictPort: false },
});
