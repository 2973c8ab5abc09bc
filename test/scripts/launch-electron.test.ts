import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const projectRoot = path.resolve(import.meta.dirname, '..', '..');
const electronDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
const binaryInstalled = fs.existsSync(path.join(electronDir, 'path.txt'));

describe('npm start where Electron’s binary cannot be downloaded', () => {
  // With the binary installed the script would launch the app; this scenario is about machines without it.
  it.skipIf(binaryInstalled)('explains in one message what to do, without a stack trace', () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-electron-cache-'));
    const result = spawnSync(process.execPath, ['electron/scripts/launch-electron.mjs'], {
      cwd: projectRoot,
      encoding: 'utf8',
      // A mirror that refuses at once and an empty cache: the download fails the same way on every machine.
      env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: cache },
      timeout: 60_000,
    });
    fs.rmSync(cache, { recursive: true, force: true });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('ELECTRON_MIRROR');
    expect(result.stderr).toContain('npm run web');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(fs.existsSync(path.join(electronDir, 'path.txt'))).toBe(false);
  });
});
