import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlockStore } from '../../../electron/core/engine/block-store';
import { useTempDirs } from '../../support/temp-dir';

// The blocks file is parsed again only when its stamp changes: each store here stands for one process.
const APP = 'wx0123456789abcdef';
const NOW = Date.UTC(2026, 10, 26, 2, 0, 0);

describe('BlockStore reads', () => {
  const tempDir = useTempDirs();

  it('see every write by another process, even one of the same size', async () => {
    const dir = tempDir();
    const app = BlockStore.inDataDir(dir);
    const cli = BlockStore.inDataDir(dir);
    expect(app.get(APP).lockout).toBeUndefined();

    cli.update(APP, (blocks) => (blocks.lockout = { until: NOW + 60_000, errcode: 89503 }), NOW);
    expect(app.get(APP).lockout).toEqual({ until: NOW + 60_000, errcode: 89503 });
    const size = fs.statSync(path.join(dir, 'blocks.json')).size;

    // Same length, other content: the write replaced the file, so its stamp changed.
    cli.update(APP, (blocks) => (blocks.lockout = { until: NOW + 90_000, errcode: 89503 }), NOW);
    expect(fs.statSync(path.join(dir, 'blocks.json')).size).toBe(size);
    expect(app.get(APP).lockout).toEqual({ until: NOW + 90_000, errcode: 89503 });

    // A change made outside any store (a person deleting the file) is seen from the next turn of the event loop.
    fs.rmSync(path.join(dir, 'blocks.json'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(app.get(APP).lockout).toBeUndefined();
  });

  it('hand out copies: a caller changing what it got changes nothing for the next', () => {
    const store = BlockStore.inDataDir(tempDir());
    store.update(APP, (blocks) => blocks.failures.push(NOW), NOW);
    store.get(APP).failures.push(NOW + 1);
    expect(store.get(APP).failures).toEqual([NOW]);
  });
});
