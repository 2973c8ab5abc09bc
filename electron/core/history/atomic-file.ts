import fs from 'node:fs';
import path from 'node:path';

let sequence = 0;

/**
 * Writes `text` to `file` so a reader (or a crash) sees the old content or the new one, never half of each: write a
 * temp file beside it, then rename over (rename is atomic within one directory on POSIX and NTFS).
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  sequence += 1;
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${sequence}.tmp`);
  try {
    await fs.promises.writeFile(temp, text, { encoding: 'utf8', mode: 0o600 });
    await fs.promises.rename(temp, file);
  } catch (error) {
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
}
