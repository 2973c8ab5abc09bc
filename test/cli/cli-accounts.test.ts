import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWeChat, type FakeWeChat } from '../fake-wechat/server';
import { displayWidth } from '../../electron/cli/text-width';
import { useTempDirs } from '../support/temp-dir';
import { assertCliBuilt, cliEnvironment, runCli } from './cli-harness';

const CANARY_SECRET = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const APP_ID = 'wx1234567890abcdef';
const SECRET_LINE = `${CANARY_SECRET}\n`;

describe('tokendesk accounts and endpoint', () => {
  const tempDir = useTempDirs();
  let fake: FakeWeChat | undefined;
  beforeAll(assertCliBuilt);
  afterEach(async () => fake?.close());

  async function setup() {
    fake = await startFakeWeChat({ accounts: [{ appId: APP_ID, secret: CANARY_SECRET }] });
    const dataDir = tempDir();
    return { dataDir, env: cliEnvironment(dataDir, fake.url) };
  }

  it('adds an account with the secret from stdin, lists it, removes it', async () => {
    const { env, dataDir } = await setup();
    const added = await runCli(
      ['accounts', 'add', '--label', 'shop', '--kind', 'officialAccount', '--app-id', APP_ID],
      env,
      `${CANARY_SECRET}\n`,
    );
    expect(added).toMatchObject({ code: 0, stdout: '' });
    expect(added.stderr).toContain('Added shop');

    const listed = await runCli(['accounts', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({
        label: 'shop',
        appId: APP_ID,
        kind: 'officialAccount',
        secret: 'stored',
        token: 'none',
      }),
    ]);
    const table = await runCli(['accounts', 'list'], env);
    expect(table.stdout).toMatch(/^LABEL\s+KIND\s+APPID/);
    expect(table.stdout).toContain('shop');

    // The secret lives in the keychain only: not in any file of the data dir, not in any output.
    const files = fs.readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    for (const file of files)
      expect(fs.readFileSync(path.join(file.parentPath, file.name), 'utf8')).not.toContain(CANARY_SECRET);
    for (const result of [added, listed, table]) expect(result.stdout + result.stderr).not.toContain(CANARY_SECRET);

    const removed = await runCli(['accounts', 'remove', 'shop'], env);
    expect(removed.code).toBe(0);
    expect(JSON.parse((await runCli(['accounts', 'list', '--json'], env)).stdout)).toEqual([]);
  });

  it('never takes the secret from argv, and checks the fields before asking for it', async () => {
    const { env } = await setup();
    const onArgv = await runCli(
      ['accounts', 'add', '--label', 'x', '--kind', 'officialAccount', '--app-id', APP_ID, '--secret', CANARY_SECRET],
      env,
    );
    expect(onArgv.code).toBe(2);
    expect(onArgv.stderr).toContain('never taken from the command line');
    expect(onArgv.stderr).not.toContain(CANARY_SECRET);
    const badKind = await runCli(
      ['accounts', 'add', '--label', 'x', '--kind', 'bank', '--app-id', APP_ID],
      env,
      CANARY_SECRET,
    );
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toContain('--kind must be one of');
    const badAppId = await runCli(
      ['accounts', 'add', '--label', 'x', '--kind', 'officialAccount', '--app-id', 'wx12'],
      env,
      CANARY_SECRET,
    );
    expect(badAppId.code).toBe(2);
    expect(badAppId.stderr).toMatch(/appId/);
    const noSecret = await runCli(
      ['accounts', 'add', '--label', 'x', '--kind', 'officialAccount', '--app-id', APP_ID],
      env,
      '',
    );
    expect(noSecret.code).toBe(2);
  });

  it('lines up the table for Chinese labels and shows each account’s health', async () => {
    const { env } = await setup();
    for (const label of ['商城公众号', 'shop'])
      expect(
        (
          await runCli(
            ['accounts', 'add', '--label', label, '--kind', 'officialAccount', '--app-id', APP_ID],
            env,
            SECRET_LINE,
          )
        ).code,
      ).toBe(0);
    const table = await runCli(['accounts', 'list'], env);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^LABEL\s+KIND\s+APPID\s+ENV\s+MODE\s+SECRET\s+HEALTH\s+TOKEN$/);
    // Where each column starts on screen: a CJK character takes two terminal cells.
    const columnsOf = (line: string) =>
      [...line.matchAll(/\S+/g)].map((match) => displayWidth(line.slice(0, match.index)));
    const header = columnsOf(lines[0]!);
    for (const line of lines.slice(1)) expect(columnsOf(line).slice(0, 6)).toEqual(header.slice(0, 6));
    // No refresher runs and no token was fetched yet.
    expect(lines.slice(1).every((line) => line.includes('No token yet'))).toBe(true);
  });

  it('exits 3 for an unknown account and 2 for unknown commands or options', async () => {
    const { env } = await setup();
    expect((await runCli(['accounts', 'remove', 'nobody'], env)).code).toBe(3);
    expect((await runCli(['frobnicate'], env)).code).toBe(2);
    expect((await runCli(['accounts', 'list', '--colour'], env)).code).toBe(2);
    expect((await runCli([], env)).code).toBe(2);
    expect((await runCli(['--help'], env)).code).toBe(0);
  });

  it('shows the endpoint key on the last line, the same each time, and rotates it', async () => {
    const { env } = await setup();
    const first = await runCli(['endpoint', '--show-key'], env);
    expect(first.code).toBe(0);
    const key = first.stdout.trimEnd().split('\n').at(-1)!;
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.stdout).toContain('Not running');
    expect((await runCli(['endpoint', '--show-key'], env)).stdout.trimEnd().split('\n').at(-1)).toBe(key);
    const rotated = (await runCli(['endpoint', '--rotate-key'], env)).stdout.trimEnd().split('\n').at(-1)!;
    expect(rotated).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rotated).not.toBe(key);
    expect((await runCli(['endpoint', '--show-key'], env)).stdout.trimEnd().split('\n').at(-1)).toBe(rotated);
  });
});
