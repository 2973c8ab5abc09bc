import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../../electron/core/accounts/account-schema';
import type { StoreBackend } from '../../../electron/core/store/store-schema';
import { PublishTargets, passwordIdOf } from '../../../electron/core/team/publish-targets';
import { TokenPublisher } from '../../../electron/core/team/token-publisher';
import type { CachedToken } from '../../../electron/core/vault/vault';
import { FakeClock } from '../../support/fake-clock';
import { MemoryVault } from '../../support/memory-vault';
import { startRedisServer, type RunningRedis } from '../../support/redis-server';

const APPID = 'wx0123456789abcdef';
const NOW = 1_800_000_000_000;
const DESK_TOKEN = '87_desk-token-0123456789abcdefghijklmnopqrstu';

let server: RunningRedis;
let backend: Redis;

beforeAll(async () => {
  server = await startRedisServer({ password: 'local-pass' });
  backend = new Redis({ port: server.port, host: '127.0.0.1', password: 'local-pass' });
});
afterAll(async () => {
  backend.disconnect();
  await server.stop();
});

function memoryStore(): StoreBackend & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return { data, path: '(memory)', get: (key) => data[key], set: (key, value) => void (data[key] = value) };
}

const account = { id: 'acc-1', kind: 'officialAccount', appId: APPID } as Account;

describe('publishing the desk token into a local Redis', () => {
  it('keeps the URL password in the keychain, never in the settings file', async () => {
    const store = memoryStore();
    const vault = new MemoryVault();
    const target = await new PublishTargets(store, vault).add(account.id, {
      url: `redis://:local-pass@127.0.0.1:${server.port}/0`,
      format: 'wxjava',
    });
    expect(JSON.stringify(store.data)).not.toContain('local-pass');
    expect(target.url).toBe(`redis://127.0.0.1:${server.port}/0`);
    expect(vault.connectionPasswords.get(passwordIdOf(target))).toBe('local-pass');
  });

  it('refuses Senparc (its bag holds an AppSecret) and EasyWeChat without an exact key', async () => {
    const targets = new PublishTargets(memoryStore(), new MemoryVault());
    await expect(targets.add(account.id, { url: server.url, format: 'senparc' })).rejects.toThrow(/AppSecret/);
    await expect(targets.add(account.id, { url: server.url, format: 'easywechat' })).rejects.toThrow(/key template/);
  });

  it('writes the token as WxJava would and says when another writer replaces it', async () => {
    const store = memoryStore();
    const vault = new MemoryVault();
    const targets = new PublishTargets(store, vault);
    const target = await targets.add(account.id, {
      url: `redis://:local-pass@127.0.0.1:${server.port}`,
      format: 'wxjava',
    });
    const clock = new FakeClock(NOW);
    const token: CachedToken = { accessToken: DESK_TOKEN, obtainedAt: NOW, expiresAt: NOW + 7_200_000, mode: 'stable' };
    const publisher = new TokenPublisher({
      targets,
      accounts: { get: (id) => (id === account.id ? account : undefined) },
      heldToken: () => token,
      vault,
      clock,
    });
    await publisher.start();
    expect(await backend.get(`wx:access_token:${APPID}`)).toBe(DESK_TOKEN);
    expect(await backend.ttl(`wx:access_token:${APPID}`)).toBeGreaterThan(7100);
    expect(publisher.status(target.id)).toMatchObject({ kind: 'written', key: `wx:access_token:${APPID}` });

    await publisher.checkWritten();
    expect(publisher.status(target.id)?.kind).toBe('written');

    // A backend on WxJava that fetched its own token after all.
    await backend.set(`wx:access_token:${APPID}`, '87_backend-own-token-0123456789abcdefghijk', 'EX', 7200);
    await publisher.checkWritten();
    expect(publisher.status(target.id)).toEqual({ kind: 'overwritten', at: NOW, key: `wx:access_token:${APPID}` });
    publisher.stop();
  });
});
