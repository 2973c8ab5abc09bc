import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/** A fresh temp dir per call, removed after the test. */
export function useTempDirs(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
  });
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-test-'));
    dirs.push(dir);
    return dir;
  };
}
