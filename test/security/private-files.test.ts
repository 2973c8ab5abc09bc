import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, CLI_PATH, cliEnvironment, type CliResult } from '../cli/cli-harness';
import { startFakeWeChat, type FakeWeChat } from '../fake-wechat/server';
import { useTempDirs } from '../support/temp-dir';

const SECRET = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const APP_ID = 'wx1234567890abcdef';

/** The built CLI under a umask of 022, the common default that leaves new files world-readable. */
function runCliUnderUmask(args: string[], env: NodeJS.ProcessEnv, input = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', 'umask 022 && exec "$@"', 'sh', process.execPath, CLI_PATH, ...args], {
      env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** `path: mode` (octal) for the dir and everything under it. */
function modes(dir: string): string[] {
  const entries = fs.readdirSync(dir, { recursive: true, withFileTypes: true });
  return [dir, ...entries.map((entry) => path.join(entry.parentPath, entry.name))].map(
    (file) => `${path.relative(dir, file) || '.'}: ${(fs.statSync(file).mode & 0o777).toString(8)}`,
  );
}

describe.skipIf(process.platform === 'win32')('private files in the data dir', () => {
  const tempDir = useTempDirs();
  let fake: FakeWeChat | undefined;
  beforeAll(assertCliBuilt);
  afterEach(async () => fake?.close());

  async function setup() {
    fake = await startFakeWeChat({ accounts: [{ appId: APP_ID, secret: SECRET }] });
    const dataDir = path.join(tempDir(), 'TokenDesk');
    const env = cliEnvironment(dataDir, fake.url);
    return { dataDir, env, cleanUp: () => runCliUnderUmask(['accounts', 'remove', 'shop'], env) };
  }

  it('accounts add and a token fetch under umask 022 leave only 0700 dirs and 0600 files', async () => {
    const { dataDir, env, cleanUp } = await setup();
    const add = ['accounts', 'add', '--label', 'shop', '--kind', 'officialAccount', '--app-id', APP_ID];
    expect((await runCliUnderUmask(add, env, `${SECRET}\n`)).code).toBe(0);
    expect((await runCliUnderUmask(['token', 'shop'], env)).code).toBe(0);
    try {
      const found = modes(dataDir);
      expect(found).toContain('config.json: 600');
      expect(found.some((line) => line.startsWith('history'))).toBe(true);
      for (const line of found) {
        const file = line.slice(0, line.lastIndexOf(':'));
        const isDir = fs.statSync(path.join(dataDir, file)).isDirectory();
        expect(line).toBe(`${file}: ${isDir ? '700' : '600'}`);
      }
    } finally {
      await cleanUp();
    }
  });

  it('tightens a data dir and settings file an older version left readable', async () => {
    const { dataDir, env } = await setup();
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    fs.writeFileSync(path.join(dataDir, 'config.json'), '{"accounts":[]}', { mode: 0o644 });
    fs.chmodSync(path.join(dataDir, 'config.json'), 0o644);
    expect((await runCliUnderUmask(['accounts', 'list'], env)).code).toBe(0);
    expect(modes(dataDir)).toEqual(['.: 700', 'config.json: 600']);
  });
});
