import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const projectRoot = path.resolve(import.meta.dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
  allowScripts?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

/**
 * npm (11.x) reads `allowScripts` values as booleans only: `"esbuild": "true"` is not an approval, so esbuild's
 * install script ran unreviewed, with a warning (checked with npm 11.19: the string warns, the boolean doesn't).
 */
describe('package.json allowScripts', () => {
  it('approves or refuses each install script with a boolean', () => {
    const entries = Object.entries(manifest.allowScripts ?? {});
    expect(entries.length).toBeGreaterThan(0);
    for (const [name, allowed] of entries) expect(typeof allowed, name).toBe('boolean');
  });

  it('approves what TokenDesk needs built: keytar (native) and esbuild (its platform binary)', () => {
    expect(manifest.allowScripts).toMatchObject({ keytar: true, esbuild: true, electron: false });
  });
});
