import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const projectRoot = path.resolve(import.meta.dirname, '..', '..', '..');
export const previewEntry = path.join(projectRoot, 'dist-electron', 'preview', 'index.js');

export interface RunningPreview {
  url: string;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the built browser preview (`node dist-electron/preview/index.js`) as a user would, in its own temp data
 * dir, and resolves with the URL it prints. Needs `npm run build:web && npm run build:node` first.
 */
export async function startPreview(extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<RunningPreview> {
  if (!fs.existsSync(previewEntry))
    throw new Error(`${previewEntry} is missing: run npm run build:web && npm run build:node`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-e2e-'));
  const child = spawn(process.execPath, [previewEntry, '--data-dir', dataDir, ...extraArgs], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`preview exited with ${code} before printing its URL:\n${stderr}`)));
  });
  return {
    url,
    dataDir,
    process: child,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
