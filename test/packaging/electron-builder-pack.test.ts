import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as { listPackage(file: string, options?: object): string[] };
// electron-builder's own copy of @electron/fuses: the one that flips the fuses when packaging.
const fuses = require(
  require.resolve('@electron/fuses', { paths: [path.dirname(require.resolve('app-builder-lib'))] }),
) as {
  getCurrentFuseWire(pathToElectron: string): Promise<Record<string, unknown>>;
  FuseV1Options: Record<string, number>;
};
const { FuseV1Options } = fuses;
/** @electron/fuses' FuseState: the byte each fuse holds in the wire. */
const ENABLE = 49;
const DISABLE = 48;
const projectRoot = path.resolve(import.meta.dirname, '..', '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-pack-'));

/**
 * Packs the app for real with electron-builder (`--dir`, no installer), offline: Electron's own zip can't be
 * downloaded here, so a stub Electron folder stands in for it — unless Electron's binary is installed, then that is
 * packed. What we check is ours: what goes into app.asar, and the fuses flipped in the packed binary. The stub carries
 * a fuse wire laid out as Electron's (sentinel, version 1, length, one byte per fuse, set to Electron's defaults), so
 * the fuse check runs either way. Needs the build output (`npm test` builds first).
 */
const realElectronDist = path.join(projectRoot, 'node_modules', 'electron', 'dist');
const realElectron = fs.existsSync(path.join(realElectronDist, 'electron'));

function stubElectronWithFuseWire(): Buffer {
  const defaults = [ENABLE, DISABLE, ENABLE, ENABLE, DISABLE, DISABLE, DISABLE, ENABLE];
  return Buffer.concat([
    Buffer.from('#!/bin/sh\n# stub Electron for an offline packaging test\n'),
    Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
    Buffer.from([1, defaults.length, ...defaults]),
  ]);
}

describe('electron-builder --dir (offline, stub Electron)', () => {
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it(
    'ships the built app, unpacks keytar’s native module, leaves sources and tests out and flips the fuses',
    { timeout: 120_000 },
    async () => {
      const stubElectron = path.join(work, 'electron-dist');
      fs.mkdirSync(stubElectron);
      fs.writeFileSync(path.join(stubElectron, 'electron'), stubElectronWithFuseWire(), { mode: 0o755 });
      const output = path.join(work, 'release');
      await promisify(execFile)(
        process.execPath,
        [
          require.resolve('electron-builder/cli.js'),
          '--linux',
          '--dir',
          '--publish',
          'never',
          `-c.electronDist=${realElectron ? realElectronDist : stubElectron}`,
          '-c.npmRebuild=false',
          `-c.directories.output=${output}`,
        ],
        { cwd: projectRoot },
      );
      const wire = await fuses.getCurrentFuseWire(path.join(output, 'linux-unpacked', 'tokendesk'));
      expect({
        runAsNode: wire[FuseV1Options.RunAsNode!],
        nodeOptions: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable!],
        inspect: wire[FuseV1Options.EnableNodeCliInspectArguments!],
        cookieEncryption: wire[FuseV1Options.EnableCookieEncryption!],
        asarIntegrity: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation!],
        onlyAsar: wire[FuseV1Options.OnlyLoadAppFromAsar!],
        fileExtraPrivileges: wire[FuseV1Options.GrantFileProtocolExtraPrivileges!],
      }).toEqual({
        runAsNode: DISABLE,
        nodeOptions: DISABLE,
        inspect: DISABLE,
        cookieEncryption: ENABLE,
        asarIntegrity: ENABLE,
        onlyAsar: ENABLE,
        fileExtraPrivileges: DISABLE,
      });

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
