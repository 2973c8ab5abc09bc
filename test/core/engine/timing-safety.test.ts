import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../support/temp-dir';
import { DAY_START, EngineWorld, HOUR, MINUTE } from './engine-world';

describe('TokenEngine: timing safety', () => {
  const tempDir = useTempDirs();
  let world: EngineWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('keeps a floor between automatic refreshes: 2-second tokens cost one fetch per 30 s, not a storm', async () => {
    world = await EngineWorld.create(tempDir(), { fake: { expiresIn: 2 } });
    const classic = await world.addAccount({ label: 'Tiny classic', input: { tokenMode: 'classic' } });
    await world.start();
    await world.advance(10_000);
    expect(world.fake.calls('classic-token', classic.appId)).toBe(1);
    // A caller asking meanwhile gets a clear refusal with the time of the next fetch, not a new upstream call.
    await expect(world.engine.getToken(classic.id)).rejects.toMatchObject({
      code: 'refresh-floor',
      retryAt: DAY_START + 30_000,
    });
    await world.advance(110_000);
    expect(world.fake.calls('classic-token', classic.appId)).toBe(5); // 0, 30, 60, 90, 120 s
  });

  it('a backward wall-clock jump does not make an expired token look valid', async () => {
    world = await EngineWorld.create(tempDir());
    // Classic: every fetch is a new token, whatever the fake (which shares our clock, jump included) thinks of the old one.
    const a = await world.addAccount({ label: 'A', input: { autoRefresh: false, tokenMode: 'classic' } });
    await world.start();
    const first = await world.engine.getToken(a.id);
    await world.advance(7200_000); // expired on both clocks
    world.clock.jumpWall(-2 * HOUR); // someone sets the clock back two hours: by the wall clock it has 2 h left
    expect(world.clock.now()).toBeLessThan(first.expiresAt);

    expect(world.engine.heldToken(a.id)!.expiresAt).toBeLessThanOrEqual(world.clock.now());
    expect(world.engine.getState(a.id)?.status).toBe('expired');
    const next = await world.engine.getToken(a.id);
    expect(next.accessToken).not.toBe(first.accessToken);
    expect(world.tokenCalls()).toBe(2);
  });

  it('background refresh keeps to the token’s real life across a backward jump, and catches up on a forward one', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A', input: { tokenMode: 'classic', marginSeconds: 600 } });
    await world.start();
    await world.advance(10 * MINUTE);
    world.clock.jumpWall(-HOUR);
    // Refresh due 6600 s after the fetch, on the monotonic clock, whatever the wall clock says.
    await world.advance(6600_000 - 10 * MINUTE - 1);
    expect(world.tokenCalls(a.appId)).toBe(1);
    await world.advance(1);
    expect(world.tokenCalls(a.appId)).toBe(2);

    // The wall clock jumps 3 hours ahead (a sleep the monotonic clock did not see): resume re-checks it.
    world.clock.sleep(3 * HOUR);
    world.scheduler.resume();
    await world.engine.settled();
    expect(world.tokenCalls(a.appId)).toBe(3);
  });

  it('warns in the account state when WeChat’s clock differs from ours', async () => {
    world = await EngineWorld.create(tempDir(), { serverClockAheadMs: 10 * MINUTE });
    const a = await world.addAccount({ label: 'A', input: { autoRefresh: false } });
    await world.start();
    await world.engine.getToken(a.id);
    const skew = world.engine.getState(a.id)?.clockSkewMs;
    expect(skew).toBeGreaterThanOrEqual(10 * MINUTE - 1000);
    expect(skew).toBeLessThanOrEqual(10 * MINUTE + 1000);
  });

  it('says nothing about the clock when it agrees with WeChat’s', async () => {
    world = await EngineWorld.create(tempDir(), { serverClockAheadMs: 5_000 });
    const a = await world.addAccount({ label: 'A', input: { autoRefresh: false } });
    await world.start();
    await world.engine.getToken(a.id);
    expect(world.engine.getState(a.id)).not.toHaveProperty('clockSkewMs');
  });
});

describe('TokenEngine without its scheduler (a follower, a CLI command)', () => {
  const tempDir = useTempDirs();
  let world: EngineWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('loads cached tokens and follows accounts with no timer and no upstream call; the scheduler alone refreshes', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A' });
    await world.engine.load();
    await world.addAccount({ label: 'B' }); // followed as it comes, still without a call
    await world.advance(3 * HOUR);
    expect(world.clock.pendingTimers()).toBe(0);
    expect(world.tokenCalls()).toBe(0);
    expect(world.engine.getState(a.id)).toMatchObject({ status: 'idle' });
    expect(world.engine.getState(a.id)).not.toHaveProperty('nextRefreshAt');

    await world.scheduler.start();
    await world.engine.settled();
    expect(world.tokenCalls(a.appId)).toBe(1);
    expect(world.engine.getState(a.id)?.nextRefreshAt).toBe(world.clock.now() + 6900_000);
  });
});

describe('TokenEngine: a fetch in flight is aborted when its account changes', () => {
  const tempDir = useTempDirs();
  let world: EngineWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('a new secret aborts the fetch made with the old one (not recorded), and the next fetch uses the new one', async () => {
    // The fake holds the first answer for a minute (real time): only an abort lets the engine settle sooner.
    world = await EngineWorld.create(tempDir(), { timeoutMs: 120_000 });
    const a = await world.addAccount({ label: 'A', input: { autoRefresh: false } });
    await world.start();
    world.fake.fail({ kind: 'delay', ms: 60_000 }, { account: a.appId, endpoint: 'stable-token' });
    const pending = world.engine.getToken(a.id).catch((error: unknown) => error);
    await waitFor(() => world!.fake.calls('stable-token', a.appId) === 1);

    await world.accounts.update(a.id, {}, a.secret);
    expect(await pending).toMatchObject({ message: expect.stringMatching(/changed while/) });
    await world.engine.settled();
    expect(world.history.list(a.id)).toEqual([]);
    const token = await world.engine.getToken(a.id);
    expect(token.accessToken).toBeTruthy();
    expect(world.history.list(a.id)).toHaveLength(1);
  });

  it('removing the account aborts its fetch and leaves no history behind', async () => {
    world = await EngineWorld.create(tempDir(), { timeoutMs: 120_000 });
    const a = await world.addAccount({ label: 'A', input: { autoRefresh: false } });
    await world.start();
    world.fake.fail({ kind: 'delay', ms: 60_000 }, { account: a.appId, endpoint: 'stable-token' });
    const pending = world.engine.getToken(a.id).catch((error: unknown) => error);
    await waitFor(() => world!.fake.calls('stable-token', a.appId) === 1);
    await world.accounts.remove(a.id);
    expect(await pending).toMatchObject({ message: expect.stringMatching(/removed while/) });
    await world.engine.settled();
    expect(world.history.list(a.id)).toEqual([]);
  });
});

/** Polls a condition on real I/O (the fake server's counters), without a time limit of its own. */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
