import fs from 'node:fs';

/**
 * The data dir holds account labels, AppIDs, notes, API bases and the exchange history: other local users must not
 * read them. Files are created 0600 (the mode can only narrow under a umask), directories 0700; and what an older
 * TokenDesk left readable under a 022 umask is tightened when it is next opened. Windows has no such modes (its
 * per-user profile directory is already private), so this is a no-op there.
 */

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

const hasPosixModes = process.platform !== 'win32';

/** Creates `dir` (and missing parents) private to this user; an existing one is tightened to 0700. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (hasPosixModes) fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

/** The async twin of ensurePrivateDir, for writers that must not block (the history). */
export async function ensurePrivateDirAsync(dir: string): Promise<void> {
  await fs.promises.mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (hasPosixModes) await fs.promises.chmod(dir, PRIVATE_DIR_MODE);
}

/** Tightens an existing file to 0600 (a file that isn't there is fine: it will be created 0600). */
export function makeFilePrivate(file: string): void {
  if (!hasPosixModes) return;
  try {
    fs.chmodSync(file, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
