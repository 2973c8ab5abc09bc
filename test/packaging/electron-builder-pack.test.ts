import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as { listPackage(file: string, options?: object): string[] };
const projectRoot = path.resolve(import.meta.dirname, '..', '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-pack-'));

/**
 * Packs the app for real with electron-builder (`--dir`, no installer), offline: Electron's own zip can't be
 * downloaded here, so a stub Electron folder stands in for it. What we check is ours: what goes into app.asar.
 * Needs the build output (`npm test` builds first).
 */
describe('electron-builder --dir (offline, stub Electron)', () => {
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it(
    'ships the built app, unpacks keytar’s native module and leaves sources and tests out',
    { timeout: 120_000 },
    async () => {
      const stubElectron = path.join(work, 'electron-dist');
      fs.mkdirSync(stubElectron);
      fs.writeFileSync(path.join(stubElectron, 'electron'), '', { mode: 0o755 });
      const output = path.join(work, 'release');
      await promisify(execFile)(
        process.execPath,
        [
          require.resolve('electron-builder/cli.js'),
          '--linux',
          '--dir',
          '--publish',
          'never',
          `-c.electronDist=${stubElectron}`,
          '-c.npmRebuild=false',
          `-c.directories.output=${output}`,
        ],
        { cwd: projectRoot },
      );
      const resources = path.join(output, 'linux-unpacked', 'resources');
      const files = asar.listPackage(path.join(resources, 'app.asar'), { isPack: false });
      expect(files).toContain(path.join('/', 'dist-electron', 'main', 'index.js'));
      expect(files).toContain(path.join('/', 'dist-electron', 'preload', 'index.cjs'));
      expect(files).toContain(path.join('/', 'dist', 'renderer', 'index.html'));
      expect(
        files.filter(
          (file) => /^\/(electron|renderer|test)\//.test(file) || (file.startsWith('/dist') && file.endsWith('.map')),
        ),
      ).toEqual([]);
      expect(
        files.some((file) => file.startsWith('/node_modules/vitest/') || file.startsWith('/node_modules/react/')),
      ).toBe(false);
      expect(
        fs.existsSync(
          path.join(resources, 'app.asar.unpacked', 'node_modules', 'keytar', 'build', 'Release', 'keytar.node'),
        ),
      ).toBe(true);
    },
  );
});
