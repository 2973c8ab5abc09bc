import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FollowCentral } from '../../../electron/core/accounts/account-schema';
import { systemClock, type Clock } from '../../../electron/core/engine/clock';
import { CentralTeamReader, RedisTeamReader, redisLocationOf } from '../../../electron/core/team/team-token-readers';
import { TokenFollower, type FollowState } from '../../../electron/core/team/token-follower';
import { FakeClock } from '../../support/fake-clock';
import { startRedisServer, type RunningRedis } from '../../support/redis-server';
import { wxjavaFollow } from '../../support/team-fixtures';

const APPID = 'wx0123456789abcdef';
const KEY = `wx:access_token:${APPID}`;
const TOKEN_1 = '87_first-token-0123456789abcdefghijklmnopqrstuvwxyz';
const TOKEN_2 = '87_second-token-0123456789abcdefghijklmnopqrstuvwxy';

let plain: RunningRedis;
let notifying: RunningRedis;
const followers: TokenFollower[] = [];

beforeAll(async () => {
  plain = await startRedisServer();
  // The team's Redis with keyspace notifications on (K: keyspace channel, $: string commands, g: DEL/EXPIRE, x: expired).
  notifying = await startRedisServer({ keyspaceEvents: 'K$gx' });
});
afterAll(async () => {
  await plain.stop();
  await notifying.stop();
});
afterEach(() => {
  followers.splice(0).forEach((follower) => follower.stop());
});

function follow(server: RunningRedis, clock: Clock, pollMs?: number) {
  const config = wxjavaFollow(server.url);
  const location = redisLocationOf(config, { kind: 'officialAccount', appId: APPID });
  const reader = new RedisTeamReader(
    config,
    location,
    async () => undefined,
    () => clock.now(),
  );
  const follower = new TokenFollower(reader, clock, pollMs);
  followers.push(follower);
  return follower;
}

function nextEvent<T>(subscribe: (listener: (value: T) => void) => () => void): Promise<T> {
  return new Promise((resolve) => {
    const off = subscribe((value) => {
      off();
      resolve(value);
    });
  });
}

describe('following a token in Redis', () => {
  it('notices a rotation by polling and records when it did', async () => {
    const team = new Redis(plain.port, '127.0.0.1');
    await team.set(KEY, TOKEN_1, 'EX', 7200);
    const clock = new FakeClock(1_800_000_000_000);
    const follower = follow(plain, clock, 2_000);
    const first = await follower.start();
    expect(first).toMatchObject({ status: 'live', token: { accessToken: TOKEN_1 }, where: KEY });
    expect(first.rotatedAt).toBeUndefined();

    await team.set(KEY, TOKEN_2, 'EX', 7200); // the team server's refresh
    const rotated = nextEvent<{ at: number }>((listener) => follower.events.on('rotated', listener));
    await clock.advance(2_000, () => follower.settled());
    expect((await rotated).at).toBe(1_800_000_002_000);
    expect(follower.current()).toMatchObject({
      status: 'live',
      token: { accessToken: TOKEN_2 },
      rotatedAt: 1_800_000_002_000,
    });
    team.disconnect();
  });

  it('notices a rotation through keyspace notifications, without waiting for a poll', async () => {
    const team = new Redis(notifying.port, '127.0.0.1');
    await team.set(KEY, TOKEN_1, 'EX', 7200);
    // Polling once an hour: only the notification can bring the new token in.
    const follower = follow(notifying, systemClock, 3_600_000);
    await follower.start();
    const changed = nextEvent<FollowState>((listener) =>
      follower.events.on('changed', (state) => state.token?.accessToken === TOKEN_2 && listener(state)),
    );
    await team.set(KEY, TOKEN_2, 'EX', 7200);
    expect(await changed).toMatchObject({ status: 'live', token: { accessToken: TOKEN_2 } });
    expect(follower.current().rotatedAt).toBeTypeOf('number');
    team.disconnect();
  });

  it('says the team server let the token expire, apart from a key never seen', async () => {
    const team = new Redis(plain.port, '127.0.0.1');
    await team.del(KEY);
    const clock = new FakeClock(1_800_000_000_000);
    const never = follow(plain, clock);
    expect((await never.start()).status).toBe('missing');

    await team.set(KEY, TOKEN_1, 'EX', 7200);
    const follower = follow(plain, clock);
    await follower.start();
    await team.del(KEY); // what the key's TTL running out looks like to a reader
    const state = await follower.refreshNow();
    expect(state).toMatchObject({ status: 'expired-by-team', token: { accessToken: TOKEN_1 }, expiredAt: clock.now() });
    team.disconnect();
  });

  it('keeps the last token, marked unreachable, when Redis goes away', async () => {
    const server = await startRedisServer();
    const team = new Redis(server.port, '127.0.0.1');
    await team.set(KEY, TOKEN_1, 'EX', 7200);
    team.disconnect();
    const follower = follow(server, new FakeClock(Date.now()));
    await follower.start();
    await server.stop();
    const state = await follower.refreshNow();
    expect(state).toMatchObject({ status: 'unreachable', token: { accessToken: TOKEN_1 } });
    expect(state.detail).toMatch(/unreachable/);
  });
});

describe('following a central token service', () => {
  let service: http.Server;
  let answer: { status: number; body: string };
  let url: string;

  beforeAll(async () => {
    service = http.createServer((_request, response) => {
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(answer.body);
    });
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(service.address() as AddressInfo).port}/cgi-bin/token?appid=${APPID}`;
  });
  afterAll(() => new Promise<void>((resolve) => service.close(() => resolve())));

  const reader = (tokenField: string | null) =>
    new CentralTeamReader({ kind: 'central', url, tokenField } satisfies FollowCentral, () => 1_800_000_000_000);

  it('reads the /cgi-bin/token shape, with the countdown from expires_in', async () => {
    answer = { status: 200, body: JSON.stringify({ access_token: TOKEN_1, expires_in: 7000 }) };
    expect(await reader(null).read()).toMatchObject({
      kind: 'found',
      accessToken: TOKEN_1,
      expiresAt: 1_800_000_000_000 + 7_000_000,
    });
  });

  it('reads a token at a JSON field path', async () => {
    answer = { status: 200, body: JSON.stringify({ code: 0, data: { token: TOKEN_2 } }) };
    expect(await reader('data.token').read()).toMatchObject({ kind: 'found', accessToken: TOKEN_2, expiresAt: null });
  });

  it('tells an errcode answer and an HTTP error apart', async () => {
    answer = { status: 200, body: JSON.stringify({ errcode: 40013, errmsg: 'invalid appid' }) };
    expect(await reader(null).read()).toMatchObject({
      kind: 'unexpected-format',
      reason: 'no access_token (errcode 40013)',
    });
    answer = { status: 502, body: '<html>bad gateway</html>' };
    expect(await reader(null).read()).toMatchObject({ kind: 'unreachable', detail: 'HTTP 502' });
  });
});
