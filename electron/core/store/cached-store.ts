import fs from 'node:fs';
import type { StoreBackend } from './store-schema';
import { forgetStamp, turnStamp } from './turn-stamps';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * conf and electron-store re-read and re-parse the whole settings file on every `get`; with a thousand accounts in it
 * the engine's per-account checks spent most of their time there. This keeps each key's value until the file
 * changes — its mtime, size and inode are checked once per turn of the event loop (turn-stamps.ts), so a write by the
 * CLI or by hand is seen from the next turn, one through another store in this process at once. Values are frozen: they are shared between readers, and a reader that wants to change one must `set` a copy.
 */
export class CachedStore implements StoreBackend {
  private readonly values = new Map<string, unknown>();
  private stamp: string | undefined;

  constructor(private readonly inner: StoreBackend) {}

  get path(): string {
    return this.inner.path;
  }

  get(key: string): unknown {
    const stamp = this.fileStamp();
    if (stamp !== this.stamp) {
      this.values.clear();
      this.stamp = stamp;
    }
    if (!this.values.has(key)) this.values.set(key, deepFreeze(this.inner.get(key)));
    return this.values.get(key);
  }

  set(key: string, value: unknown): void {
    this.inner.set(key, value);
    forgetStamp(this.inner.path);
    this.values.clear();
    this.stamp = undefined;
  }

  private fileStamp(): string | undefined {
    return turnStamp(this.inner.path, () => {
      try {
        const stat = fs.statSync(this.inner.path);
        return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
      } catch {
        return undefined; // no file yet: nothing cached is trusted for long, every read goes to the store
      }
    });
  }
}
