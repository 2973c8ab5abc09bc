import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openNodeStore } from '../../../electron/core/store/node-store';
import { useTempDirs } from '../../support/temp-dir';

describe('CachedStore (via openNodeStore)', () => {
  const tempDir = useTempDirs();

  it('serves repeated reads from memory, the same frozen value each time', () => {
    const { store } = openNodeStore(tempDir());
    store.set('accounts', [{ id: 'a' }]);
    const first = store.get('accounts');
    expect(store.get('accounts')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => (first as { id: string }[]).push({ id: 'b' })).toThrow(TypeError);
  });

  it('sees a write made by another process (another store over the same file) at once', () => {
    const dir = tempDir();
    const app = openNodeStore(dir).store;
    const cli = openNodeStore(dir).store;
    expect(app.get('accounts')).toEqual([]);
    cli.set('accounts', [{ id: 'from-cli' }]);
    expect(app.get('accounts')).toEqual([{ id: 'from-cli' }]);
  });

  it('sees a hand edit of the file from the next turn of the event loop', async () => {
    const dir = tempDir();
    const { store } = openNodeStore(dir);
    store.set('settings', { theme: 'light' });
    expect(store.get('settings')).toEqual({ theme: 'light' });
    const file = path.join(dir, 'config.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, JSON.stringify({ ...data, settings: { theme: 'dark', extra: 'longer file' } }));
    // Within the turn the stamp read earlier stands (one stat per turn, not per read)…
    expect(store.get('settings')).toEqual({ theme: 'light' });
    await new Promise((resolve) => setImmediate(resolve));
    // …and the next turn reads the file again.
    expect(store.get('settings')).toEqual({ theme: 'dark', extra: 'longer file' });
  });
});
