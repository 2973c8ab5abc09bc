// Bundles the Node side with esbuild: the Electron main process (ESM), the sandboxed preload (one CommonJS file, as
// Electron's sandbox requires), the browser preview and the CLI. Dependencies stay external (node_modules);
// only our own modules are bundled. `--watch` rebuilds on change (used by `npm run dev`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const external = ['electron', ...Object.keys(pkg.dependencies ?? {})];

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

/** @type {esbuild.BuildOptions[]} */
export const builds = [
  {
    ...common,
    entryPoints: ['electron/main/index.ts'],
    outfile: 'dist-electron/main/index.js',
    format: 'esm',
    external,
  },
  // The preload bundles its imports (the contract, zod) because a sandboxed preload can only require('electron').
  {
    ...common,
    entryPoints: ['electron/preload/index.ts'],
    outfile: 'dist-electron/preload/index.cjs',
    format: 'cjs',
    external: ['electron'],
  },
  {
    ...common,
    entryPoints: ['electron/preview/index.ts'],
    outfile: 'dist-electron/preview/index.js',
    format: 'esm',
    external,
  },
  {
    ...common,
    entryPoints: ['electron/cli/index.ts'],
    outfile: 'dist-electron/cli/index.js',
    format: 'esm',
    external,
    banner: { js: '#!/usr/bin/env node' },
  },
];

export async function buildNode({ watch = false } = {}) {
  if (!watch) {
    await Promise.all(builds.map((options) => esbuild.build(options)));
    return [];
  }
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  return contexts;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildNode({ watch: process.argv.includes('--watch') });
}
