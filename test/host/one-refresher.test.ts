import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView } from '../../electron/core/contract/views';
import { AccountService } from '../../electron/core/accounts/account-service';
import { refresherSocketPath } from '../../electron/core/host/refresher-socket';
import { History } from '../../electron/core/history/history';
import type { HistoryEntry } from '../../electron/core/history/history-entry';
import { openNodeStore } from '../../electron/core/store/node-store';
import { MemoryVault } from '../support/memory-vault';
import { startFakeWeChat, type FakeWeChat } from '../fake-wechat/server';
import { uniqueKeychainNamespace } from '../support/keychain-cleanup';
import { useTempDirs } from '../support/temp-dir';
import { assertCliBuilt, cliEnvironment, runCli } from '../cli/cli-harness';
import { PreviewClient, spawnPreview, spawnServe, type HostProcess } from './host-processes';

const SECRET = 'a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4';
const APP_ID = 'wx0011223344556677';

/**
 * "One refresher per data dir", across the real processes a person runs side by side: `tokendesk serve`, the browser
 * preview (standing in for the app: both run the same host) and CLI commands, all on one data dir and one keychain,
 * against the fake WeChat server.
 */
describe('one refresher across serve, the preview and the CLI', () => {
  const tempDir = useTempDirs();
  const running: HostProcess[] = [];
  const clients: PreviewClient[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];
  let fake: FakeWeChat;
  beforeAll(assertCliBuilt);
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.close());
    await Promise.all(running.splice(0).map((process) => process.stop()));
    await Promise.all(cleanups.splice(0).map((cleanUp) => cleanUp()));
    await fake?.close();
  });

  async function setup(options: { expiresIn?: number; mode?: 'classic' | 'stable'; env?: 'test' | 'production' } = {}) {
    fake = await startFakeWeChat({
      accounts: [{ appId: APP_ID, secret: SECRET }],
      ...(options.expiresIn ? { expiresIn: options.expiresIn } : {}),
    });
    const keychain = uniqueKeychainNamespace('one-refresher');
    cleanups.push(keychain.cleanUp);
    const dataDir = path.join(tempDir(), 'data');
    const env: NodeJS.ProcessEnv & { TOKENDESK_HOME: string } = {
      ...cliEnvironment(dataDir, fake.url),
      TOKENDESK_HOME: dataDir,
      TOKENDESK_KEYCHAIN_SERVICE: keychain.prefix,
    };
    const added = await runCli(
      [
        'accounts',
        'add',
        '--label',
        'shop',
        '--kind',
        'officialAccount',
        '--app-id',
        APP_ID,
        '--mode',
        options.mode ?? 'classic',
        '--env',
        options.env ?? 'test',
      ],
      env,
      SECRET,
    );
    expect(added.code, added.stderr).toBe(0);
    return env;
  }

  function start(process: HostProcess): HostProcess {
    running.push(process);
    return process;
  }

  async function previewClient(preview: HostProcess): Promise<PreviewClient> {
    const client = await PreviewClient.connect(await preview.firstLine);
    clients.push(client);
    return client;
  }

  /** `serve` first, then a preview that follows it, and a page's client of that preview. */
  async function serveThenPreview(env: NodeJS.ProcessEnv) {
    const serve = start(spawnServe(env));
    await serve.firstLine;
    const preview = start(spawnPreview(env));
    await preview.waitForStderr('Following the TokenDesk serve');
    return { serve, preview, client: await previewClient(preview) };
  }

  /** What the history in the data dir recorded (whoever recorded it), read as TokenDesk reads it. */
  function recordedEntries(dataDir: string): HistoryEntry[] {
    const accounts = new AccountService({ store: openNodeStore(dataDir).store, vault: new MemoryVault() }).list();
    const history = new History({ dir: path.join(dataDir, 'history') });
    return accounts.flatMap((account) => history.list(account.id));
  }

  function recordedClassicCalls(dataDir: string): number {
    return recordedEntries(dataDir).filter(
      (entry) => entry.kind === 'exchange' && entry.exchange.call === 'classic-token',
    ).length;
  }

  it('serve first, then the preview: the preview follows, and every upstream call is the refresher’s', async () => {
    // 6 s tokens: a refresher renews every few seconds, so a second refresher would show within the window.
    const env = await setup({ expiresIn: 6 });
    const { serve, preview, client } = await serveThenPreview(env);
    const [account] = await client.call<AccountView[]>('listAccounts');
    const viaPreview = await client.call<AccountView>('getToken', account!.id);
    expect(viaPreview.token?.value).toMatch(/\S{20,}/);

    await new Promise((resolve) => setTimeout(resolve, 9_000));
    await preview.stop();
    await serve.stop();
    const upstream = fake.calls('classic-token', APP_ID);
    // Every call to WeChat came from serve: the preview (which names itself in its User-Agent) made none.
    expect(fake.userAgents('classic-token')).toEqual(
      Array(upstream).fill(expect.stringMatching(/^TokenDesk\/\S+ \(serve\)$/)),
    );
    // The token expired and was renewed (after the 30 s floor, or not yet) …
    expect(upstream).toBeGreaterThanOrEqual(1);
    // … and each one is in the refresher's history: nobody else called WeChat.
    expect(recordedClassicCalls(env.TOKENDESK_HOME)).toBe(upstream);
    // One refresher renews at most once per half-life (margin capped at half): 9 s / 3 s, plus the first fetch.
    expect(upstream).toBeLessThanOrEqual(5);
  }, 40_000);

  it('the follower takes over within seconds when the refresher is killed (kill -9)', async () => {
    const env = await setup({ mode: 'stable' });
    const { serve, preview, client } = await serveThenPreview(env);
    const [account] = await client.call<AccountView[]>('listAccounts');
    const before = (await client.call<AccountView>('getToken', account!.id)).token?.value;

    const killedAt = Date.now();
    await serve.kill();
    // The dead serve's socket file is still there: the preview must see through it.
    if (process.platform !== 'win32') expect(fs.existsSync(refresherSocketPath(env.TOKENDESK_HOME))).toBe(true);
    await preview.waitForStderr('This preview refreshes tokens', 5_000);
    expect(Date.now() - killedAt).toBeLessThan(5_000);

    // Same page, same connection: it now talks to the preview's own core, which has the cached token.
    const after = await client.call<AccountView>('getToken', account!.id);
    expect(after.token?.value).toBe(before);
    expect(fake.calls('stable-token', APP_ID)).toBe(1);
    // A CLI now finds the preview as the refresher.
    const endpoint = await runCli(['endpoint'], env);
    expect(endpoint.stdout).toMatch(/TokenDesk preview/);
  }, 40_000);

  it('`token --refresh` goes through the running refresher, with --yes passed on', async () => {
    const env = await setup({ mode: 'classic', env: 'production' });
    const serve = start(spawnServe(env));
    await serve.firstLine;
    const first = await runCli(['token', 'shop'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(fake.calls('classic-token', APP_ID)).toBe(1);

    const unconfirmed = await runCli(['token', 'shop', '--refresh'], env);
    expect(unconfirmed.code, unconfirmed.stderr).toBe(8);
    expect(unconfirmed.stderr).toContain('--yes');
    expect(fake.calls('classic-token', APP_ID)).toBe(1);

    const confirmed = await runCli(['token', 'shop', '--refresh', '--yes'], env);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).not.toBe(first.stdout);
    expect(fake.calls('classic-token', APP_ID)).toBe(2);
    // serve made that call (it is in its history), and nothing was reported as "refreshed elsewhere".
    await serve.stop();
    expect(recordedClassicCalls(env.TOKENDESK_HOME)).toBe(2);
    expect(recordedEntries(env.TOKENDESK_HOME).filter((entry) => entry.kind === 'refreshed-elsewhere')).toEqual([]);
  }, 40_000);

  it('an account the CLI adds reaches a running preview within 2 s, through the refresher it follows', async () => {
    const env = await setup({ mode: 'stable' });
    const { client } = await serveThenPreview(env);
    const pushed = client.waitForAccounts((list) => list.some((account) => account.label === 'warehouse'), 2_000);
    const added = await runCli(
      [
        'accounts',
        'add',
        '--label',
        'warehouse',
        '--kind',
        'miniProgram',
        '--app-id',
        'wx99887766554433aa',
        '--env',
        'test',
      ],
      env,
      SECRET,
    );
    expect(added.code, added.stderr).toBe(0);
    const list = await pushed;
    expect(list.find((account) => account.label === 'warehouse')?.secretSet).toBe(true);

    const removed = client.waitForAccounts(
      (accounts) => !accounts.some((account) => account.label === 'warehouse'),
      2_000,
    );
    expect((await runCli(['accounts', 'remove', 'warehouse'], env)).code).toBe(0);
    await removed;
  }, 40_000);

  it('`accounts list` shows the running refresher’s health: WeChat’s refusal, not just the stored token', async () => {
    const env = await setup({ mode: 'stable' });
    fake.setWhitelist(APP_ID, ['203.0.113.9']);
    fake.setClientIp('198.51.100.1');
    const serve = start(spawnServe(env));
    await serve.firstLine;
    // serve fetched at start and was refused.
    await expect.poll(() => fake.calls('stable-token', APP_ID), { timeout: 5_000 }).toBeGreaterThan(0);
    const listed = await runCli(['accounts', 'list', '--json'], env);
    const [row] = JSON.parse(listed.stdout) as { health: string; reason?: string }[];
    expect(row).toMatchObject({ health: 'Action needed (40164)' });
    expect(row?.reason).toMatch(/whitelist|IP/i);
  }, 40_000);

  it('a second serve waits as a follower instead of refreshing beside the first', async () => {
    const env = await setup({ mode: 'stable' });
    const first = start(spawnServe(env));
    const url = await first.firstLine;
    const second = start(spawnServe(env));
    await second.waitForStderr('serve waits and takes over');
    await first.stop();
    // The second takes over and serves the endpoint itself.
    const secondUrl = await second.firstLine;
    expect(secondUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  }, 40_000);

  it('the data dir is 0700 and the socket 0600', async () => {
    const env = await setup({ mode: 'stable' });
    const serve = start(spawnServe(env));
    await serve.firstLine;
    const socketPath = refresherSocketPath(env.TOKENDESK_HOME);
    expect(fs.statSync(env.TOKENDESK_HOME).mode & 0o777).toBe(0o700);
    expect(fs.statSync(socketPath).mode & 0o777).toBe(0o600);
    await serve.stop();
    // A clean exit leaves no socket behind.
    expect(fs.existsSync(socketPath)).toBe(false);
  }, 40_000);
});
