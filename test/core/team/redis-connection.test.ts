import net from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyRedisError, createRedisClient } from '../../../electron/core/team/redis-connection';
import { maskPassword, splitRedisUrl } from '../../../electron/core/team/redis-url';
import type { RedisTokenLocation } from '../../../electron/core/team/redis-formats';
import { testRedisConnection } from '../../../electron/core/team/redis-token-store';
import { startRedisServer, type RunningRedis } from '../../support/redis-server';

const APPID = 'wx0123456789abcdef';
const TOKEN = '87_Abc-DEF_ghiJKLmnopQRStuvWXyz0123456789ABCDEFghijklmnOPQ';
const wxjava: RedisTokenLocation = { format: 'wxjava', kind: 'officialAccount', appId: APPID };
const now = () => Date.now();

let server: RunningRedis;
let admin: Redis;

beforeAll(async () => {
  // A password for the default user and an ACL user limited to WxJava's keys: auth is real, not simulated.
  server = await startRedisServer({
    password: 'default-pass',
    users: [{ name: 'desk', password: 'desk-pass', rules: '~wx:* +get +pttl +type +ping +info +multi +exec +scan' }],
  });
  admin = new Redis({ port: server.port, host: '127.0.0.1', password: 'default-pass' });
  await admin.set(`wx:access_token:${APPID}`, TOKEN, 'EX', 7200);
  await admin.set(`wx:access_token:wxbroken000000000`, '{"not":"a token"}', 'EX', 7200);
});
afterAll(async () => {
  admin.disconnect();
  await server.stop();
});

describe('splitRedisUrl', () => {
  it('takes the password out of the URL so it can go to the keychain', () => {
    expect(splitRedisUrl('redis://desk:s3cr%40t@10.0.0.5:6380/2')).toEqual({
      url: 'redis://desk@10.0.0.5:6380/2',
      password: 's3cr@t',
    });
    expect(splitRedisUrl('rediss://cache.example.com:6380')).toEqual({ url: 'rediss://cache.example.com:6380' });
  });

  it('refuses what is not a Redis URL, saying what to write', () => {
    expect(() => splitRedisUrl('http://host:6379')).toThrow(/redis:\/\/ or rediss:\/\//);
    expect(() => splitRedisUrl('redis://host:6379/zero')).toThrow(/database index/);
    expect(() => splitRedisUrl('not a url')).toThrow(/not a URL/);
  });

  it('masks a password in anything it echoes', () => {
    expect(maskPassword('redis://u:hunter2@host:1/0')).toBe('redis://u:***@host:1/0');
  });
});

describe('classifyRedisError', () => {
  it('counts a connection ioredis already found closed as unreachable, like a refused one', () => {
    // What a read gets when the server went away after the last one (offline queue off): timing decides which.
    expect(classifyRedisError(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(
      'unreachable',
    );
    expect(
      classifyRedisError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED' })),
    ).toBe('unreachable');
    expect(classifyRedisError(new Error('WRONGPASS invalid username-password pair'))).toBe('auth-failed');
  });
});

describe('testRedisConnection tells apart', () => {
  const test = (url: string, password: string | undefined, location = wxjava) =>
    testRedisConnection(createRedisClient({ url }, password, { connectTimeoutMs: 3000 }), { url }, location, now);

  it('success with the default user password, showing only a token preview', async () => {
    const result = await test(server.url, 'default-pass');
    expect(result).toMatchObject({ kind: 'ok', keyShown: `wx:access_token:${APPID}`, tokenPreview: '87_Abc…' });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('success as an ACL user named in the URL', async () => {
    expect((await test(`redis://desk@127.0.0.1:${server.port}`, 'desk-pass')).kind).toBe('ok');
  });

  it('a wrong password', async () => {
    expect((await test(server.url, 'wrong')).kind).toBe('auth-failed');
  });

  it('no password where one is required', async () => {
    expect((await test(server.url, undefined)).kind).toBe('auth-failed');
  });

  it('a port nothing listens on', async () => {
    const port = await closedPort();
    expect((await test(`redis://127.0.0.1:${port}`, undefined)).kind).toBe('unreachable');
  });

  it('TLS asked of a server that speaks plain Redis', async () => {
    expect((await test(`rediss://127.0.0.1:${server.port}`, 'default-pass')).kind).toBe('tls-error');
  });

  it('a TLS server whose certificate is not trusted', async () => {
    const secure = await startRedisServer({ tls: true });
    try {
      const result = await test(secure.url, undefined);
      expect(result.kind).toBe('tls-error');
      expect('message' in result && result.message).toMatch(/certificate/i);
    } finally {
      await secure.stop();
    }
  });

  it('a key that is not there', async () => {
    const result = await test(server.url, 'default-pass', { ...wxjava, appId: 'wxmissing00000000' });
    expect(result).toEqual({ kind: 'key-missing', keyShown: 'wx:access_token:wxmissing00000000' });
  });

  it('a value in another format, with a redacted sample', async () => {
    const result = await test(server.url, 'default-pass', { ...wxjava, appId: 'wxbroken000000000' });
    expect(result).toMatchObject({ kind: 'unexpected-format', sample: '{"not":"a token"}' });
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
