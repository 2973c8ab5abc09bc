import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { load as loadYaml } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const projectRoot = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const config = loadYaml(fs.readFileSync(path.join(projectRoot, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  unknown
>;

describe('electron-builder.yml', () => {
  it('is valid against the JSON schema electron-builder ships', () => {
    const schema = JSON.parse(fs.readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('unpacks keytar’s native module and ships no sources or tests', () => {
    expect(config.asarUnpack).toContain('**/node_modules/keytar/**');
    const files = config.files as string[];
    expect(files.some((pattern) => /^(electron|renderer|test)\//.test(pattern))).toBe(false);
    expect(files).toContain('dist-electron/**');
  });

  it('flips the Electron fuses that would let something else run as TokenDesk', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('names the app and the platform targets the issue asks for', () => {
    expect(config).toMatchObject({
      productName: 'TokenDesk',
      mac: { hardenedRuntime: true, category: 'public.app-category.developer-tools' },
    });
    expect((config.win as { target: string[] }).target).toContain('nsis');
    expect((config.linux as { target: string[] }).target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
  });
});
