import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
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
    // A second refresher for the same data dir is refused.
    const second = await runCli(['serve', '--port', '0'], env);
    expect(second.code).toBe(7);
    expect(second.stderr).toContain('already refreshing');
    // --force can't go behind the running refresher's back.
    expect((await runCli(['token', 'shop', '--force', '--yes'], env)).code).toBe(7);
    expect(tokenCalls()).toBe(1);
    expect(await serve.stop()).toBe(0);
    // Stopped: the CLI fetches (under the lock) again, from the keychain's cached token.
    expect((await runCli(['token', 'shop'], env)).stdout).toBe(fromCli[0]!.stdout);
  });

  it('does not fetch behind an app that runs with its endpoint off; forgets a record whose endpoint is gone', async () => {
    const { env } = await setup();
    const record = path.join(env.TOKENDESK_HOME!, 'refresher.json');
    // This test process is alive: as far as the CLI can tell, it is the app.
    fs.writeFileSync(record, JSON.stringify({ pid: process.pid, port: null, kind: 'app', startedAt: Date.now() }));
    const blocked = await runCli(['token', 'shop'], env);
    expect(blocked.code).toBe(7);
    expect(blocked.stderr).toContain('with its local endpoint off');
    expect(tokenCalls()).toBe(0);
    // A live pid whose port nobody listens on: a record left by a crash, the pid since reused.
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    fs.writeFileSync(
      record,
      JSON.stringify({ pid: process.pid, port: deadPort, kind: 'serve', startedAt: Date.now() }),
    );
    const recovered = await runCli(['token', 'shop'], env);
    expect(recovered.code).toBe(0);
    expect(tokenCalls()).toBe(1);
    expect(fs.existsSync(record)).toBe(false);
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
    expect(values.tokendesk_url).toBe('http://127.0.0.1:17878/v1/tokens/shop');
  });
});
