import fs from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { History } from '../../electron/core/history/history';
import { refresherSocketPath } from '../../electron/core/host/refresher-socket';
import { startFakeWeChat, type FakeWeChat } from '../fake-wechat/server';
import { useTempDirs } from '../support/temp-dir';
import { assertCliBuilt, cliEnvironment, runCli, startServe } from './cli-harness';

const CANARY_SECRET = 'c0ffee11c0ffee11c0ffee11c0ffee11';
const APP_ID = 'wx00112233445566aa';
const CLASSIC_APP_ID = 'wx00112233445566bb';

describe('tokendesk token, check, quota, serve', () => {
  const tempDir = useTempDirs();
  let fake: FakeWeChat | undefined;
  const stops: (() => Promise<unknown>)[] = [];
  beforeAll(assertCliBuilt);
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
    await fake?.close();
  });

  async function setup() {
    fake = await startFakeWeChat({
      accounts: [
        { appId: APP_ID, secret: CANARY_SECRET },
        { appId: CLASSIC_APP_ID, secret: CANARY_SECRET },
      ],
    });
    const env = cliEnvironment(tempDir(), fake.url);
    const add = await runCli(
      ['accounts', 'add', '--label', 'shop', '--kind', 'officialAccount', '--app-id', APP_ID, '--env', 'test'],
      env,
      CANARY_SECRET,
    );
    expect(add.code).toBe(0);
    return { env, fake };
  }
  const tokenCalls = () => fake!.calls('stable-token', APP_ID) + fake!.calls('classic-token', APP_ID);

  it('prints only the token; a second run reuses it from the keychain', async () => {
    const { env } = await setup();
    const first = await runCli(['token', 'shop'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^[A-Za-z0-9_-]{20,}\n$/);
    const second = await runCli(['token', APP_ID], env);
    expect(second.stdout).toBe(first.stdout);
    expect(tokenCalls()).toBe(1);
    const json = JSON.parse((await runCli(['token', 'shop', '--json'], env)).stdout);
    expect(json).toMatchObject({
      access_token: first.stdout.trim(),
      account: { label: 'shop', app_id: APP_ID, kind: 'officialAccount' },
      mode: 'stable',
    });
    expect(json.expires_in).toBeGreaterThan(7000);
    expect(first.stderr + second.stderr).not.toContain(CANARY_SECRET);
  });

  it('two `tokendesk token` at once make one upstream call', async () => {
    const { env } = await setup();
    const results = await Promise.all([
      runCli(['token', 'shop'], env),
      runCli(['token', 'shop'], env),
      runCli(['token', 'shop'], env),
    ]);
    expect(results.map((result) => result.code)).toEqual([0, 0, 0]);
    expect(new Set(results.map((result) => result.stdout)).size).toBe(1);
    expect(tokenCalls()).toBe(1);
  });

  it('while `serve` runs, the CLI asks it and never fetches itself', async () => {
    const { env } = await setup();
    const serve = await startServe(['--port', '0'], env);
    stops.push(serve.stop);
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const fromCli = await Promise.all([runCli(['token', 'shop'], env), runCli(['token', 'shop'], env)]);
    expect(fromCli.map((result) => result.code)).toEqual([0, 0]);
    expect(tokenCalls()).toBe(1);
    const status = await runCli(['endpoint', '--show-key'], env);
    expect(status.stdout).toContain(`Serving on ${serve.url}`);
    const key = status.stdout.trimEnd().split('\n').at(-1)!;
    const viaHttp = await fetch(`${serve.url}/v1/tokens/shop`, { headers: { Authorization: `Bearer ${key}` } });
    expect(((await viaHttp.json()) as { access_token: string }).access_token).toBe(fromCli[0]!.stdout.trim());
    // --force goes through the running refresher too (confirmation passed on): one force call, made by serve.
    const forced = await runCli(['token', 'shop', '--force', '--yes'], env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).not.toBe(fromCli[0]!.stdout);
    expect(fake!.calls('stable-token-force', APP_ID)).toBe(1);
    expect(tokenCalls()).toBe(1);
    expect(await serve.stop()).toBe(0);
    // Stopped: the CLI holds the refresher role itself and finds the forced token in the keychain.
    expect((await runCli(['token', 'shop'], env)).stdout).toBe(forced.stdout);
    expect(tokenCalls()).toBe(1);
  });

  it('serve logs a poller’s burst as one line with its count, and leaves it in the history for the next process', async () => {
    const { env } = await setup();
    const serve = await startServe(['--port', '0'], env);
    stops.push(serve.stop);
    const key = (await runCli(['endpoint', '--show-key'], env)).stdout.trimEnd().split('\n').at(-1)!;
    for (let i = 0; i < 30; i++) {
      const answer = await fetch(`${serve.url}/v1/tokens/shop`, { headers: { Authorization: `Bearer ${key}` } });
      expect(answer.status).toBe(200);
    }
    await vi.waitFor(
      () => expect(serve.stderr()).toMatch(/GET \/v1\/tokens\/shop → 200 \(×30 in \d+ ms, slowest \d+ ms\)/),
      {
        timeout: 5000,
      },
    );
    expect(serve.stderr().match(/\/v1\/tokens\/shop → 200/g)).toHaveLength(1);
    expect(await serve.stop()).toBe(0);
    const history = new History({ dir: path.join(env.TOKENDESK_HOME!, 'history') });
    expect(history.endpointRequests(10).map((record) => [record.path, record.status, record.count])).toEqual([
      ['/v1/tokens/shop', 200, 30],
    ]);
  });

  it('takes over the socket a killed refresher left behind', async () => {
    const { env } = await setup();
    const socketPath = refresherSocketPath(env.TOKENDESK_HOME!);
    // A process that listened on the data dir's socket and died without cleaning up (kill -9).
    const holder = spawn(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('up'))`,
    ]);
    await new Promise((resolve) => holder.stdout.once('data', resolve));
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    expect(fs.existsSync(socketPath)).toBe(true);
    const recovered = await runCli(['token', 'shop'], env);
    expect(recovered.code, recovered.stderr).toBe(0);
    expect(tokenCalls()).toBe(1);
    // The command gave the role back: no socket left.
    expect(fs.existsSync(socketPath)).toBe(false);
  });

  it('rides out a transient failure inside the command, and gives up with exit 5 after about 10 s', async () => {
    const { env, fake } = await setup();
    fake.fail({ kind: 'errcode', errcode: -1 }, { endpoint: 'stable-token' });
    const blip = await runCli(['token', 'shop'], env);
    expect(blip.code, blip.stderr).toBe(0);
    expect(blip.stdout).toMatch(/^\S{20,}\n$/);
    expect(fake.calls('stable-token', APP_ID)).toBe(2);

    fake.fail({ kind: 'reset' }, { endpoint: 'stable-token', times: 'always' });
    const startedAt = Date.now();
    const down = await runCli(['token', 'shop', '--refresh'], env);
    expect(down.code, down.stderr).toBe(5);
    expect(down.stdout).toBe('');
    // It kept trying for its ~10 s budget (the engine's backoff spaces the calls), then stopped.
    expect(Date.now() - startedAt).toBeGreaterThan(9_000);
    expect(Date.now() - startedAt).toBeLessThan(20_000);
    expect(fake.calls('stable-token', APP_ID)).toBeGreaterThan(2);
  }, 30_000);

  it('honours an IP lockout (89507) in the next CLI run, and in a refresh, without calling WeChat', async () => {
    const { env, fake } = await setup();
    fake.fail({ kind: 'errcode', errcode: 89507 }, { endpoint: 'stable-token' });
    const locked = await runCli(['token', 'shop'], env);
    expect(locked.code, locked.stderr).toBe(4);
    expect(fake.calls('stable-token', APP_ID)).toBe(1);
    // A new process: the lockout lives in the data dir, not in the first one's memory.
    for (const args of [
      ['token', 'shop'],
      ['token', 'shop', '--refresh', '--yes'],
    ]) {
      const again = await runCli(args, env);
      expect(again.code, again.stderr).toBe(9);
      expect(again.stderr).toMatch(/20\d\d-|lock|block/i);
    }
    expect(fake.calls('stable-token', APP_ID)).toBe(1);
  });

  it('check and quota ask WeChat with the token', async () => {
    const { env } = await setup();
    const check = await runCli(['check', 'shop'], env);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('OK: WeChat accepts the token of shop');
    const quota = await runCli(['quota', 'shop'], env);
    expect(quota.code).toBe(0);
    expect(quota.stdout).toMatch(/\/cgi-bin\/stable_token: daily limit \d+, used \d+, remaining \d+/);
  });

  it('explains WeChat’s refusal from the catalogue, naming the IP WeChat saw for 40164', async () => {
    const { env, fake } = await setup();
    fake.setWhitelist(APP_ID, ['203.0.113.1']);
    fake.setClientIp('198.51.100.77');
    const refused = await runCli(['token', 'shop'], env);
    expect(refused.code).toBe(4);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('WeChat refused: 40164');
    expect(refused.stderr).toMatch(/What to do: .*whitelist/i);
    expect(refused.stderr).toContain('WeChat saw this machine as: 198.51.100.77');
    expect(refused.stderr).not.toContain(CANARY_SECRET);
  });

  it('exits 4 for a wrong secret, 8 for --force without --yes, 3 for an unknown account', async () => {
    const { env } = await setup();
    expect(
      (
        await runCli(
          [
            'accounts',
            'add',
            '--label',
            'wrong',
            '--kind',
            'officialAccount',
            '--app-id',
            CLASSIC_APP_ID,
            '--mode',
            'classic',
            '--env',
            'test',
          ],
          env,
          'f'.repeat(32),
        )
      ).code,
    ).toBe(0);
    const wrong = await runCli(['token', 'wrong'], env);
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toMatch(/WeChat refused: 400(01|125)/);
    expect((await runCli(['token', 'shop', '--force'], env)).code).toBe(8);
    expect((await runCli(['token', 'nobody'], env)).code).toBe(3);
  });

  it('postman-env prints an importable environment with the token', async () => {
    const { env } = await setup();
    const result = await runCli(['postman-env', 'shop'], env);
    expect(result.code).toBe(0);
    const environment = JSON.parse(result.stdout);
    const values = Object.fromEntries(
      environment.values.map((entry: { key: string; value: string }) => [entry.key, entry.value]),
    );
    expect(values.access_token).toBe((await runCli(['token', 'shop'], env)).stdout.trim());
    // By AppID: renaming the account must not break the environment.
    expect(values.tokendesk_url).toBe(`http://127.0.0.1:17878/v1/tokens/${APP_ID}`);
  });
});
