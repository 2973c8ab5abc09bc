import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountDraft } from '../../../electron/core/contract/views';
import type { TokenDeskCore } from '../../../electron/core/tokendesk-core';
import { startFakeWeChat } from '../../fake-wechat/server';
import { createTestCore } from '../../support/core-fixture';
import { startRedisServer } from '../../support/redis-server';
import { useTempDirs } from '../../support/temp-dir';
import { wxjavaFollow } from '../../support/team-fixtures';

// The desk's core with a followed account, through the same handlers the UI calls (real keychain: with-keyring.sh).
const APPID = 'wx1111111111111111';
const TEAM_TOKEN = '87_team-token-0123456789abcdefghijklmnopqrstuvw';

const tempDir = useTempDirs();
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a followed account in the desk core', () => {
  it('shows the team token with its source, never fetches, and refuses a force refresh', async () => {
    const fake = await startFakeWeChat({ accounts: [{ appId: APPID, secret: 'deadbeef0123456789abcdef01234567' }] });
    cleanups.push(() => fake.close());
    const redis = await startRedisServer();
    cleanups.push(() => redis.stop());
    const team = new Redis(redis.port, '127.0.0.1');
    cleanups.push(() => team.disconnect());
    await team.set(`wx:access_token:${APPID}`, TEAM_TOKEN, 'EX', 7200);

    const core: TokenDeskCore = createTestCore(tempDir(), { apiBase: fake.url });
    cleanups.push(() => core.dispose());
    await core.start({ schedule: true, endpoint: false, watchStore: false });
    const draft: AccountDraft = {
      label: 'team',
      kind: 'officialAccount',
      appId: APPID,
      environment: 'production',
      tokenMode: 'stable',
      autoRefresh: true,
      marginSeconds: null,
      apiBase: null,
      notes: '',
      source: 'redis',
      follow: wxjavaFollow(redis.url),
    };
    // "Test connection" before saving: one read, a preview only.
    expect(await core.handlers.testTeamSource(draft)).toMatchObject({
      kind: 'ok',
      where: `wx:access_token:${APPID}`,
      tokenPreview: '87_tea…',
    });
    expect(await core.handlers.testTeamSource({ ...draft, appId: 'wx9999999999999999' })).toEqual({
      kind: 'key-missing',
      where: 'wx:access_token:wx9999999999999999',
    });
    const saved = await core.handlers.addAccount(draft, '');
    if (!saved.ok) throw new Error(JSON.stringify(saved.problems));
    expect(saved.account.secretSet).toBe(false);

    const view = await core.handlers.getToken(saved.account.id);
    expect(view.token?.value).toBe(TEAM_TOKEN);
    expect(view.followStatus).toMatchObject({
      source: 'Redis · WxJava',
      status: 'live',
      where: `wx:access_token:${APPID}`,
    });
    expect(view.follow).toMatchObject({ kind: 'redis', format: 'wxjava' });

    await expect(
      core.handlers.forceRefreshToken(saved.account.id, { confirmProductionRisk: true }),
    ).rejects.toMatchObject({ code: 'followed-no-fetch' });

    await team.del(`wx:access_token:${APPID}`);
    const expired = await core.handlers.refreshToken(saved.account.id, { confirmProductionRisk: true });
    expect(expired.followStatus?.status).toBe('expired-by-team');
    expect(expired.state).toMatchObject({ status: 'expired', reason: { code: 'followed-token-expired' } });
    expect(expired.token).toBeUndefined();

    expect(fake.calls('stable-token', APPID) + fake.calls('classic-token', APPID)).toBe(0);
    await core.handlers.removeAccount(saved.account.id);
  });

  it('serves a followed token on the local endpoint; a 40001 report re-reads Redis', async () => {
    const redis = await startRedisServer();
    cleanups.push(() => redis.stop());
    const team = new Redis(redis.port, '127.0.0.1');
    cleanups.push(() => team.disconnect());
    await team.set(`wx:access_token:${APPID}`, TEAM_TOKEN, 'EX', 7200);
    const core: TokenDeskCore = createTestCore(tempDir());
    cleanups.push(() => core.dispose());
    await core.start({ schedule: true, endpoint: false, watchStore: false });
    const saved = await core.handlers.addAccount(
      {
        label: 'team',
        kind: 'officialAccount',
        appId: APPID,
        environment: 'production',
        tokenMode: 'stable',
        autoRefresh: true,
        marginSeconds: null,
        apiBase: null,
        notes: '',
        source: 'redis',
        follow: wxjavaFollow(redis.url),
      },
      '',
    );
    if (!saved.ok) throw new Error('not saved');
    await core.endpoint.apply({ enabled: true, port: 0 });
    const status = core.endpoint.status();
    expect(status.listening).toBe(true);
    const headers = { authorization: `Bearer ${await core.endpoint.key()}` };
    const base = `http://127.0.0.1:${status.port}/v1/tokens/team`;
    const got = (await (await fetch(base, { headers })).json()) as { access_token: string; expires_in: number };
    expect(got.access_token).toBe(TEAM_TOKEN);
    expect(got.expires_in).toBeGreaterThan(7000);

    await team.set(`wx:access_token:${APPID}`, `${TEAM_TOKEN}-2`, 'EX', 7200);
    const refreshed = await fetch(`${base}/refresh`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ access_token: TEAM_TOKEN }),
    });
    expect(((await refreshed.json()) as { access_token: string }).access_token).toBe(`${TEAM_TOKEN}-2`);
    await core.handlers.removeAccount(saved.account.id);
  });
});
