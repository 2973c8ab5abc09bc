import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { CachedStore } from './cached-store';
import { storeOptions, type StoreBackend } from './store-schema';
import { ensurePrivateDir, makeFilePrivate } from './private-files';

export interface OpenedStore {
  store: StoreBackend;
  /** Set when the existing file could not be read and was moved aside: tell the user where it went. */
  quarantinedFile?: string;
}

/**
 * Opens the settings file in `dataDir` with `open` (conf here, electron-store in the app). A file that can't be read
 * is never overwritten: it is renamed to `config.unreadable-<time>.json` beside it, a fresh file is started, and the
 * caller is told so it can say where the old one went.
 */
export function openStoreKeepingUnreadable(dataDir: string, open: () => StoreBackend): OpenedStore {
  ensurePrivateDir(dataDir);
  const file = path.join(dataDir, 'config.json');
  // A file written by an older TokenDesk may be world-readable; new writes are 0600 (storeOptions' configFileMode).
  makeFilePrivate(file);
  try {
    return { store: new CachedStore(open()) };
  } catch (error) {
    if (!fs.existsSync(file)) throw error;
    const quarantinedFile = path.join(dataDir, `config.unreadable-${Date.now()}.json`);
    fs.renameSync(file, quarantinedFile);
    return { store: new CachedStore(open()), quarantinedFile };
  }
}

/** The plain-Node store (CLI, preview, tests): conf over `<dataDir>/config.json`. */
export function openNodeStore(dataDir: string): OpenedStore {
  return openStoreKeepingUnreadable(
    dataDir,
    () => new Conf<Record<string, unknown>>({ ...storeOptions(), cwd: dataDir, projectName: 'tokendesk' }),
  );
}
