import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createCoreServices, type CoreServices } from '../../../electron/core/core-services';
import { openNodeStore } from '../../../electron/core/store/node-store';
import { startFakeWeChat, type FakeWeChat } from '../../fake-wechat/server';
import { FakeClock } from '../../support/fake-clock';
import { MemoryVault } from '../../support/memory-vault';
import { startRedisServer, type RunningRedis } from '../../support/redis-server';
import { useTempDirs } from '../../support/temp-dir';
import { wxjavaFollow } from '../../support/team-fixtures';

const HOUR = 3_600_000;
const DAY_START = Date.UTC(2026, 10, 25, 16, 0, 0);
const FOLLOWED_APPID = 'wx1111111111111111';
const MANAGED_APPID = 'wx2222222222222222';
const MANAGED_SECRET = 'cafebabe0123456789abcdef01234567';
const TEAM_TOKENS = ['87_team-token-a-0123456789abcdefghijklmnopq', '87_team-token-b-0123456789abcdefghijklmnopq'];
const TOKEN_CALLS = ['classic-token', 'stable-token', 'stable-token-force', 'wecom-token'] as const;

const tempDir = useTempDirs();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a followed account over a simulated day', () => {
  it('makes zero calls to WeChat token endpoints, while a managed account beside it is refreshed', async () => {
    const clock = new FakeClock(DAY_START);
    const fake: FakeWeChat = await startFakeWeChat({
      now: () => clock.now(),
      accounts: [
        { appId: MANAGED_APPID, secret: MANAGED_SECRET },
        // The followed AppID exists at WeChat too: any call TokenDesk made for it would be counted, and would work.
        { appId: FOLLOWED_APPID, secret: 'deadbeef0123456789abcdef01234567' },
      ],
    });
    cleanups.push(() => fake.close());
    const redis: RunningRedis = await startRedisServer();
    cleanups.push(() => redis.stop());
    const team = new Redis(redis.port, '127.0.0.1');
    cleanups.push(() => team.disconnect());
    await team.set(`wx:access_token:${FOLLOWED_APPID}`, TEAM_TOKENS[0]!, 'EX', 7200);

    const services: CoreServices = createCoreServices({
      dataDir: tempDir(),
      store: openNodeStore(tempDir()).store,
      vault: new MemoryVault(),
      apiBase: fake.url,
      clock,
    });
    cleanups.push(() => {
      services.followed.dispose();
      services.scheduler.dispose();
      services.engine.dispose();
    });
    const managed = await services.accounts.add(
      { label: 'managed', kind: 'officialAccount', appId: MANAGED_APPID },
      MANAGED_SECRET,
    );
    const followed = await services.accounts.add(
      {
        label: 'team',
        kind: 'officialAccount',
        appId: FOLLOWED_APPID,
        source: 'redis',
        follow: wxjavaFollow(redis.url),
      },
      undefined,
    );
    if (!managed.ok || !followed.ok) throw new Error(JSON.stringify([managed, followed]));

    // The strongest case: a secret for the followed account is still in the keychain (it was a managed account once).
    await services.vault.setSecret(followed.account.id, 'deadbeef0123456789abcdef01234567');

    await services.engine.load();
    await services.scheduler.start();
    await services.followed.start();
    const settle = async () => {
      await services.engine.settled();
      await services.followed.settled();
    };
    for (let hour = 0; hour < 24; hour++) {
      // The team server rotates its token every two hours, as WxJava would.
      if (hour % 2 === 1) await team.set(`wx:access_token:${FOLLOWED_APPID}`, TEAM_TOKENS[(hour + 1) % 2]!, 'EX', 7200);
      await clock.advance(HOUR, settle);
      expect((await services.followed.getToken(followed.account.id)).accessToken).toBe(
        await team.get(`wx:access_token:${FOLLOWED_APPID}`),
      );
    }
    // A passive-refresh report on the followed token re-reads Redis; it never fetches.
    const report = await services.followed.reportFailed(followed.account.id, TEAM_TOKENS[1]!);
    expect(report.token.accessToken).toBe(await team.get(`wx:access_token:${FOLLOWED_APPID}`));

    const followedCalls = TOKEN_CALLS.reduce((sum, call) => sum + fake.calls(call, FOLLOWED_APPID), 0);
    const managedCalls = TOKEN_CALLS.reduce((sum, call) => sum + fake.calls(call, MANAGED_APPID), 0);
    expect(followedCalls).toBe(0);
    // The same engine and scheduler were live all day: the managed account's token was fetched and refreshed.
    expect(managedCalls).toBeGreaterThanOrEqual(12);
    // The engine does not even know the followed account: no demand, refresh or force refresh can reach WeChat for it.
    await expect(services.engine.getToken(followed.account.id)).rejects.toThrow();
    expect(fake.calls('stable-token', FOLLOWED_APPID) + fake.calls('classic-token', FOLLOWED_APPID)).toBe(0);
  }, 60_000); // 24 simulated hours take ~14 s of real time here alone, over 20 s under a full parallel run.
});
