import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  encodeValue,
  keysFor,
  redactedSample,
  type RedisTokenLocation,
} from '../../../electron/core/team/redis-formats';
import { publishRedisToken, readRedisToken } from '../../../electron/core/team/redis-token-store';
import { startRedisServer, type RunningRedis } from '../../support/redis-server';

// Every fixture below is written BY HAND, key and value, from the SDK's own source (cited per case), into a real
// redis-server — never by TokenDesk's writer — so a reader that drifts from the SDK fails here.

const APPID = 'wx0123456789abcdef';
const TOKEN = '87_Abc-DEF_ghiJKLmnopQRStuvWXyz0123456789ABCDEFghijklmnOPQ';
const NOW = 1_800_000_000_000;

let server: RunningRedis;
let redis: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.port, '127.0.0.1');
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});
beforeEach(async () => {
  await redis.flushdb();
});

const clock = () => NOW;
const at = (location: Partial<RedisTokenLocation> & Pick<RedisTokenLocation, 'format'>): RedisTokenLocation => ({
  kind: 'officialAccount',
  appId: APPID,
  ...location,
});

async function read(location: RedisTokenLocation) {
  return readRedisToken(redis, location, clock);
}

/** Tolerance for the TTL ticking between SET and PTTL on a loaded machine. */
function expectAbout(actual: number | null, expected: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThan(5_000);
}

describe('WxJava', () => {
  it('reads the Official Account token: "%s:access_token:%s" raw string with TTL = expires_in', async () => {
    // weixin-java-mp …/config/impl/WxMpRedisConfigImpl.java: ACCESS_TOKEN_KEY_TPL = "%s:access_token:%s";
    // updateAccessToken → redisOps.setValue(key, accessToken, expiresInSeconds, SECONDS) (RedisTemplateWxRedisOps).
    await redis.call('SET', `wx:access_token:${APPID}`, TOKEN, 'EX', '7200');
    const found = await read(at({ format: 'wxjava' }));
    expect(found).toMatchObject({ kind: 'found', accessToken: TOKEN, keyShown: `wx:access_token:${APPID}` });
    if (found.kind === 'found') expectAbout(found.expiresAt, NOW + 7_200_000);
  });

  it('honours a custom prefix and names the SDK lock key', () => {
    expect(keysFor(at({ format: 'wxjava', keyPrefix: 'wx:mp:multi' }))).toEqual({
      token: { key: `wx:mp:multi:access_token:${APPID}` },
      // LOCK_KEY_TPL "%s:lock:%s:" + "accessTokenLock"
      lockKey: `wx:mp:multi:lock:${APPID}:accessTokenLock`,
    });
  });

  it('reads the Mini Program variant, stored 200 s early', async () => {
    // weixin-java-miniapp …/WxMaRedisBetterConfigImpl.java: "%s:access_token:%s", setValue(…, expiresInSeconds - 200, …)
    await redis.call('SET', `wa:access_token:${APPID}`, TOKEN, 'EX', String(7200 - 200));
    const found = await read(at({ format: 'wxjava', kind: 'miniProgram' }));
    expect(found.kind).toBe('found');
    if (found.kind === 'found') {
      expectAbout(found.expiresAt, NOW + 7_200_000);
      expectAbout(found.keyExpiresAt, NOW + 7_000_000);
    }
  });

  it('reads the WeCom variant keyed by CorpID and agentId', async () => {
    // weixin-java-cp …/AbstractWxCpInRedisConfigImpl.java setAgentId: prefix + ":" + "wechat_cp_access_token_key:" +
    // corpId + ":" + agentId; lock "wechat_cp_lock:" + ukey + ":accessToken".
    const corpId = 'ww0123456789abcdef';
    await redis.call('SET', `wx:cp:wechat_cp_access_token_key:${corpId}:1000002`, TOKEN, 'EX', '7200');
    const location = at({ format: 'wxjava', kind: 'wecom', appId: corpId, agentId: '1000002' });
    expect(keysFor(location).lockKey).toBe(`wx:cp:wechat_cp_lock:${corpId}:1000002:accessToken`);
    expect(await read(location)).toMatchObject({ kind: 'found', accessToken: TOKEN });
  });
});

describe('Senparc', () => {
  const key = `Senparc:DefaultCache:Container:Senparc.Weixin.MP.Containers.AccessTokenBag:${APPID}`;
  // Senparc.Weixin.MP …/Containers/AccessTokenContainer.cs AccessTokenBag {AppId, AppSecret, AccessTokenExpireTime,
  // AccessTokenResult}; Newtonsoft writes DateTimeOffset as ISO 8601 with offset. ApiUtility.GetExpireTime stores
  // now + expires_in − 600 s. The bag carries the AppSecret in clear.
  const expireTime = new Date(NOW + (7200 - 600) * 1000).toISOString().replace('Z', '+00:00');
  const bag = {
    Key: APPID,
    Name: 'shop',
    CacheTime: '2027-01-15T08:00:00+00:00',
    AppId: APPID,
    AppSecret: 'senparc-secret-in-clear-0123456789',
    AccessTokenExpireTime: expireTime,
    AccessTokenResult: { access_token: TOKEN, expires_in: 7200, errcode: 0, errmsg: '' },
  };

  it('reads the bag (no TTL) and takes the expiry from AccessTokenExpireTime + 600 s', async () => {
    await redis.call('SET', key, JSON.stringify(bag));
    const found = await read(at({ format: 'senparc' }));
    expect(found).toMatchObject({ kind: 'found', accessToken: TOKEN, keyExpiresAt: null });
    if (found.kind === 'found') expect(found.expiresAt).toBe(NOW + 7_200_000);
    expect(JSON.stringify(found)).not.toContain('senparc-secret');
  });

  it('reads the older CO2NET CacheWrapper {Type, Object} too', async () => {
    // Senparc.CO2NET CacheSerializeExtension.SerializeToCache (before 1.x): JsonConvert.SerializeObject(new CacheWrapper<T>(obj)).
    await redis.call(
      'SET',
      key,
      JSON.stringify({ Type: 'Senparc.Weixin.MP.Containers.AccessTokenBag, Senparc.Weixin.MP', Object: bag }),
    );
    expect(await read(at({ format: 'senparc' }))).toMatchObject({ kind: 'found', accessToken: TOKEN });
  });

  it('never shows the AppSecret in a sample of a bag it cannot use', async () => {
    await redis.call('SET', key, JSON.stringify({ ...bag, AccessTokenResult: null }));
    const found = await read(at({ format: 'senparc' }));
    expect(found.kind).toBe('unexpected-format');
    expect(JSON.stringify(found)).not.toContain('senparc-secret');
    if (found.kind === 'unexpected-format') expect(found.sample).toContain('"AppSecret":"***"');
  });

  it('is not a publish format (its bag holds the secret)', () => {
    expect(() => encodeValue(at({ format: 'senparc' }), TOKEN, 7200)).toThrow(/AppSecret/);
  });
});

describe('EasyWeChat 6', () => {
  it('finds the key by pattern (it ends in the AppSecret) and reads the PHP-serialized string', async () => {
    // EasyWeChat src/OfficialAccount/AccessToken.php getKey(): "official_account.access_token.%s.%s.%s" (appId, secret,
    // stable flag in 6.x); cache->set(key, token, expires_in) through Symfony's RedisAdapter: namespace ":" key,
    // value serialize($token).
    const secretKey = `easywechat:official_account.access_token.${APPID}.the-app-secret-0123.0`;
    await redis.call('SET', secretKey, `s:${TOKEN.length}:"${TOKEN}";`, 'EX', '7200');
    const found = await read(at({ format: 'easywechat' }));
    expect(found).toMatchObject({ kind: 'found', accessToken: TOKEN });
    expect(found.keyShown).toBe(`easywechat:official_account.access_token.${APPID}.***`);
    expect(JSON.stringify(found)).not.toContain('the-app-secret');
  });

  it('refuses a PHP string whose length does not match', async () => {
    await redis.call('SET', `official_account.access_token.${APPID}`, `s:5:"${TOKEN}";`, 'EX', '7200');
    expect((await read(at({ format: 'easywechat' }))).kind).toBe('unexpected-format');
  });
});

describe('wechatpy', () => {
  it('reads the JSON-quoted token at "{prefix}:{appid}_access_token" with its TTL', async () => {
    // wechatpy/session/redisstorage.py: key_name "{prefix}:{key}" (prefix "wechatpy"), set → json.dumps(value), ex=ttl;
    // wechatpy/client/base.py: access_token_key "{appid}_access_token", ttl expires_in.
    await redis.call('SET', `wechatpy:${APPID}_access_token`, `"${TOKEN}"`, 'EX', '7200');
    const found = await read(at({ format: 'wechatpy' }));
    expect(found).toMatchObject({ kind: 'found', accessToken: TOKEN });
    if (found.kind === 'found') expectAbout(found.expiresAt, NOW + 7_200_000);
  });

  it('prefers a companion expires_at key when a writer keeps one', async () => {
    await redis.call('SET', `wechatpy:${APPID}_access_token`, `"${TOKEN}"`, 'EX', '7200');
    await redis.call('SET', `wechatpy:${APPID}_access_token_expires_at`, String(NOW / 1000 + 3600));
    const found = await read(at({ format: 'wechatpy' }));
    if (found.kind !== 'found') throw new Error(found.kind);
    expect(found.expiresAt).toBe(NOW + 3_600_000);
  });

  it('refuses a raw (unquoted) value: that is not what wechatpy writes', async () => {
    await redis.call('SET', `wechatpy:${APPID}_access_token`, TOKEN, 'EX', '7200');
    expect((await read(at({ format: 'wechatpy' }))).kind).toBe('unexpected-format');
  });
});

describe('silenceper/wechat', () => {
  const key = `gowechat_officialaccount__access_token_${APPID}`;

  it('reads the redigo cache value (json.Marshal → quoted), stored 1500 s early', async () => {
    // credential/default_access_token.go: fmt.Sprintf("%s_access_token_%s", "gowechat_officialaccount_", appID),
    // cache.Set(key, token, ExpiresIn-1500); cache/redis.go Set: json.Marshal(val) then SETEX.
    await redis.call('SETEX', key, String(7200 - 1500), `"${TOKEN}"`);
    const found = await read(at({ format: 'silenceper' }));
    expect(found).toMatchObject({ kind: 'found', accessToken: TOKEN });
    if (found.kind === 'found') expectAbout(found.expiresAt, NOW + 7_200_000);
  });

  it('reads the go-redis cache value (raw)', async () => {
    // cache/goredis.go Set: r.conn.SetEX(ctx, key, val, timeout) — the string as is.
    await redis.call('SETEX', key, String(7200 - 1500), TOKEN);
    expect(await read(at({ format: 'silenceper' }))).toMatchObject({ kind: 'found', accessToken: TOKEN });
  });

  it('uses the Mini Program prefix for a Mini Program', () => {
    expect(keysFor(at({ format: 'silenceper', kind: 'miniProgram' })).token).toEqual({
      key: `gowechat_miniprogram__access_token_${APPID}`,
    });
  });
});

describe('custom', () => {
  it('reads a raw value at a key template', async () => {
    await redis.call('SET', `team:tokens:${APPID}`, TOKEN, 'EX', '600');
    const found = await read(at({ format: 'custom', keyTemplate: 'team:tokens:{appid}' }));
    expect(found).toMatchObject({ kind: 'found', accessToken: TOKEN });
  });

  it('reads a JSON field path', async () => {
    await redis.call('SET', `team:${APPID}`, JSON.stringify({ data: { access_token: TOKEN, n: 1 } }), 'EX', '600');
    const found = await read(at({ format: 'custom', keyTemplate: 'team:{appid}', valueField: 'data.access_token' }));
    expect(found).toMatchObject({ kind: 'found', accessToken: TOKEN });
  });
});

describe('what the reader tells apart', () => {
  it('a missing key', async () => {
    expect(await read(at({ format: 'wxjava' }))).toEqual({ kind: 'missing', keyShown: `wx:access_token:${APPID}` });
  });

  it('a key of another Redis type', async () => {
    await redis.call('HSET', `wx:access_token:${APPID}`, 'token', TOKEN);
    expect(await read(at({ format: 'wxjava' }))).toMatchObject({ kind: 'unexpected-format', sample: '(a hash)' });
  });

  it('a sample never shows a whole token-like value', () => {
    expect(redactedSample(`{"token":"${TOKEN}","x":1}`)).toBe('{"token":"***","x":1}');
    expect(redactedSample(`<${TOKEN}>`)).not.toContain(TOKEN.slice(4));
  });
});

describe('publishing as the SDK writes', () => {
  it('writes WxJava raw with TTL under its lock, and the lock is released', async () => {
    const location = at({ format: 'wxjava' });
    const outcome = await publishRedisToken(
      redis,
      location,
      { accessToken: TOKEN, expiresAt: NOW + 7_000_000 },
      NOW,
      'desk-1',
    );
    expect(outcome).toEqual({ kind: 'written', key: `wx:access_token:${APPID}`, ttlSeconds: 7000 });
    expect(await redis.get(`wx:access_token:${APPID}`)).toBe(TOKEN);
    expect(await redis.ttl(`wx:access_token:${APPID}`)).toBeGreaterThan(6990);
    expect(await redis.exists(`wx:lock:${APPID}:accessTokenLock`)).toBe(0);
  });

  it('does not write while another refresher holds the WxJava lock, and leaves its lock alone', async () => {
    // RedisTemplateSimpleDistributedLock.tryLock: SET key uuid NX PX 60000.
    await redis.call('SET', `wx:lock:${APPID}:accessTokenLock`, 'their-uuid', 'NX', 'PX', '60000');
    const outcome = await publishRedisToken(
      redis,
      at({ format: 'wxjava' }),
      { accessToken: TOKEN, expiresAt: NOW + 7_000_000 },
      NOW,
      'desk-1',
    );
    expect(outcome).toEqual({ kind: 'locked', lockKey: `wx:lock:${APPID}:accessTokenLock` });
    expect(await redis.get(`wx:access_token:${APPID}`)).toBeNull();
    expect(await redis.get(`wx:lock:${APPID}:accessTokenLock`)).toBe('their-uuid');
  });

  it('writes wechatpy as json.dumps with TTL, and EasyWeChat as serialize()', async () => {
    await publishRedisToken(
      redis,
      at({ format: 'wechatpy' }),
      { accessToken: TOKEN, expiresAt: NOW + 7_200_000 },
      NOW,
      'x',
    );
    expect(await redis.get(`wechatpy:${APPID}_access_token`)).toBe(`"${TOKEN}"`);
    const easy = at({ format: 'easywechat', keyTemplate: `official_account.access_token.{appid}` });
    await publishRedisToken(redis, easy, { accessToken: TOKEN, expiresAt: NOW + 7_200_000 }, NOW, 'x');
    expect(await redis.get(`official_account.access_token.${APPID}`)).toBe(`s:${TOKEN.length}:"${TOKEN}";`);
  });
});
