import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWeChat, type FakeWeChat } from '../fake-wechat/server';
import { startRedisServer, type RunningRedis } from '../support/redis-server';
import { useTempDirs } from '../support/temp-dir';
import { assertCliBuilt, cliEnvironment, runCli, startServe } from './cli-harness';

// Team mode through the built CLI: `npm run build:node` first; a real redis-server, the real keychain
// (bash test/with-keyring.sh), and the fake WeChat server counting every token call.
const FOLLOWED_APPID = 'wx1111111111111111';
const TEAM_TOKEN = '87_team-token-0123456789abcdefghijklmnopqrstuvw';
const REDIS_PASSWORD = 'team-redis-pass-canary';
const TOKEN_CALLS = ['classic-token', 'stable-token', 'stable-token-force', 'wecom-token'] as const;

describe('tokendesk team mode', () => {
  const tempDir = useTempDirs();
  let redis: RunningRedis;
  let team: Redis;
  let fake: FakeWeChat;

  beforeAll(async () => {
    assertCliBuilt();
    redis = await startRedisServer({ password: REDIS_PASSWORD });
    team = new Redis({ port: redis.port, host: '127.0.0.1', password: REDIS_PASSWORD });
    fake = await startFakeWeChat({
      accounts: [
        { appId: FOLLOWED_APPID, secret: 'deadbeef0123456789abcdef01234567' },
        { appId: 'wx2222222222222222', secret: 'cafebabe0123456789abcdef01234567' },
      ],
    });
  });
  afterAll(async () => {
    team.disconnect();
    await redis.stop();
    await fake.close();
  });
  afterEach(async () => {
    await team.flushdb();
  });

  it('adds a Redis-followed account without reading a secret, keeps the password out of the settings file, and prints the team token', async () => {
    const dataDir = tempDir();
    const env = cliEnvironment(dataDir, fake.url);
    await team.set(`wx:access_token:${FOLLOWED_APPID}`, TEAM_TOKEN, 'EX', 7200);
    const url = `redis://:${REDIS_PASSWORD}@127.0.0.1:${redis.port}/0`;
    // stdin carries text that would be taken for a secret if one were read: it must not be.
    const added = await runCli(
      [
        'accounts',
        'add',
        '--label',
        'team',
        '--kind',
        'officialAccount',
        '--app-id',
        FOLLOWED_APPID,
        '--source',
        'redis',
        '--redis-url',
        url,
        '--format',
        'wxjava',
      ],
      env,
      'not-a-secret-canary\n',
    );
    expect(added.stderr).toContain('Added team');
    expect(added.code).toBe(0);
    const settings = fs.readFileSync(path.join(dataDir, 'config.json'), 'utf8');
    expect(settings).not.toContain(REDIS_PASSWORD);
    expect(settings).not.toContain('not-a-secret-canary');
    expect(settings).toContain(`redis://127.0.0.1:${redis.port}/0`);

    const listed = JSON.parse((await runCli(['accounts', 'list', '--json'], env)).stdout) as Record<string, string>[];
    expect(listed).toEqual([
      expect.objectContaining({
        label: 'team',
        secret: 'not needed (followed)',
        token: '119 min left',
        source: `Redis · WxJava · redis://127.0.0.1:${redis.port}/0`,
      }),
    ]);
    const token = await runCli(['token', 'team'], env);
    expect(token).toMatchObject({ code: 0, stdout: `${TEAM_TOKEN}\n` });
    const json = JSON.parse((await runCli(['token', 'team', '--json'], env)).stdout) as {
      access_token: string;
      expires_in: number;
    };
    expect(json.access_token).toBe(TEAM_TOKEN);
    expect(json.expires_in).toBeGreaterThan(7100);

    // The team rotates; --refresh re-reads Redis. --force is refused: a followed token is never fetched.
    await team.set(`wx:access_token:${FOLLOWED_APPID}`, `${TEAM_TOKEN}-2`, 'EX', 7200);
    expect((await runCli(['token', 'team', '--refresh'], env)).stdout).toBe(`${TEAM_TOKEN}-2\n`);
    const forced = await runCli(['token', 'team', '--force', '--yes'], env);
    expect(forced.code).toBe(2);
    expect(forced.stderr).toMatch(/never fetches/);

    // The team server let it expire: a state of its own, not "unreachable".
    await team.del(`wx:access_token:${FOLLOWED_APPID}`);
    const missing = await runCli(['token', 'team'], env);
    expect(missing.code).toBe(9);
    expect(missing.stderr).toMatch(/not in Redis/);

    expect(TOKEN_CALLS.reduce((sum, call) => sum + fake.calls(call, FOLLOWED_APPID), 0)).toBe(0);
  });

  it('follows a central service answering like /cgi-bin/token', async () => {
    const env = cliEnvironment(tempDir(), fake.url);
    const { createServer } = await import('node:http');
    const service = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ access_token: TEAM_TOKEN, expires_in: 7000 }));
    });
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    const { port } = service.address() as { port: number };
    try {
      const added = await runCli(
        [
          'accounts',
          'add',
          '--label',
          'central',
          '--kind',
          'officialAccount',
          '--app-id',
          FOLLOWED_APPID,
          '--source',
          'central',
          '--central-url',
          `http://127.0.0.1:${port}/cgi-bin/token`,
        ],
        env,
      );
      expect(added.code).toBe(0);
      expect((await runCli(['token', 'central'], env)).stdout).toBe(`${TEAM_TOKEN}\n`);
    } finally {
      await new Promise<void>((resolve) => service.close(() => resolve()));
    }
  });

  it('adds, lists and removes a publish target; refuses Senparc', async () => {
    const env = cliEnvironment(tempDir(), fake.url);
    await runCli(
      ['accounts', 'add', '--label', 'shop', '--kind', 'officialAccount', '--app-id', 'wx2222222222222222'],
      env,
      'cafebabe0123456789abcdef01234567\n',
    );
    const added = await runCli(
      [
        'publish',
        'add',
        'shop',
        '--redis-url',
        `redis://:${REDIS_PASSWORD}@127.0.0.1:${redis.port}`,
        '--format',
        'wxjava',
      ],
      env,
    );
    expect(added.code).toBe(0);
    const listed = JSON.parse((await runCli(['publish', 'list', '--json'], env)).stdout);
    expect(listed).toEqual([
      {
        label: 'shop',
        appId: 'wx2222222222222222',
        url: `redis://127.0.0.1:${redis.port}`,
        format: 'wxjava',
        key: 'wx:access_token:wx2222222222222222',
      },
    ]);
    // While a refresher runs, the managed token is written into Redis as WxJava writes it, for a backend to read.
    const serve = await startServe(['--port', '0'], env);
    try {
      // The refresher fetches the token (here on demand); each new token goes to the target.
      const token = (await runCli(['token', 'shop'], env)).stdout.trim();
      await expect.poll(() => team.get('wx:access_token:wx2222222222222222')).toBe(token);
      expect(await team.ttl('wx:access_token:wx2222222222222222')).toBeGreaterThan(7000);
    } finally {
      await serve.stop();
    }
    const senparc = await runCli(['publish', 'add', 'shop', '--redis-url', redis.url, '--format', 'senparc'], env);
    expect(senparc.code).toBe(2);
    expect((await runCli(['publish', 'remove', 'shop'], env)).stderr).toContain('no longer published');
    expect(JSON.parse((await runCli(['publish', 'list', '--json'], env)).stdout)).toEqual([]);
  });
});
