/**
 * Stamps of files that other processes may rewrite (the settings file, `blocks.json`), read at most once per path per
 * turn of the event loop. The readers (CachedStore, BlockStore) used to stat their file on every read so that another
 * process's write was seen at once; at a cold start with 1,000 accounts that was ~10,000 stats, about a tenth of the
 * refresher's CPU while it fetched. Within one turn nothing another process does can be observed in order anyway, so
 * the stamp is kept until the turn ends; a write made in this process forgets its path's stamp, so every reader here,
 * whichever instance, sees it at once.
 */
const stamps = new Map<string, string | undefined>();
// Captured at load: a test faking timers must not freeze the stamps it depends on.
const nextTurn = setImmediate;
let clearing = false;

/** The file's stamp as `read` gives it, read at most once per turn (undefined: no file). */
export function turnStamp(path: string, read: () => string | undefined): string | undefined {
  if (stamps.has(path)) return stamps.get(path);
  const stamp = read();
  stamps.set(path, stamp);
  if (!clearing) {
    clearing = true;
    nextTurn(() => {
      clearing = false;
      stamps.clear();
    });
  }
  return stamp;
}

/** This process wrote the file: the next read stats it again. */
export function forgetStamp(path: string): void {
  stamps.delete(path);
}
