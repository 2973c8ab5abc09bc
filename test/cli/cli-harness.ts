import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

/** The built CLI (`npm run build:node`): the tests run what `npx tokendesk` runs. */
export const CLI_PATH = path.resolve(import.meta.dirname, '..', '..', 'dist-electron', 'cli', 'index.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A private TokenDesk installation for one test: its own data dir, its own keychain service name and a WeChat API
 * base (the fake server). Nothing it does touches the real data dir, keychain entries or WeChat.
 */
export function cliEnvironment(dataDir: string, apiBase: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TOKENDESK_HOME: dataDir,
    TOKENDESK_API_BASE: apiBase,
    TOKENDESK_KEYCHAIN_SERVICE: `TokenDesk-test-${randomUUID()}`,
    LANG: 'en_US.UTF-8',
    LC_ALL: '',
  };
}

export function assertCliBuilt(): void {
  if (!fs.existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build:node\` first.`);
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** `tokendesk serve` in the background; resolves once it prints its URL. */
export async function startServe(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url: string; stderr: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [CLI_PATH, 'serve', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  return { child, url, stderr: () => stderr, stop };
}
