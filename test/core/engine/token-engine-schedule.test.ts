import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../support/temp-dir';
import { CANARY, DAY_START, EngineWorld, HOUR, MINUTE } from './engine-world';

describe('TokenEngine: background refresh on a shared fake clock', () => {
  const tempDir = useTempDirs();
  let world: EngineWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('runs a simulated day for 3 accounts with the exact number of upstream calls and never lacks a token', async () => {
    world = await EngineWorld.create(tempDir());
    const stable = await world.addAccount({ label: 'Stable', input: { environment: 'production' } });
    const classic = await world.addAccount({ label: 'Classic', input: { tokenMode: 'classic', marginSeconds: 600 } });
    const wecom = await world.addAccount({ label: 'WeCom', kind: 'wecom' });
    await world.start();

    // Sample every account every 5 minutes: always a valid token, never an extra upstream call.
    for (let elapsed = 0; elapsed < 24 * HOUR; elapsed += 5 * MINUTE) {
      for (const account of [stable, classic, wecom]) {
        const token = await world.engine.getToken(account.id);
        expect(token.expiresAt).toBeGreaterThan(world.clock.now());
      }
      await world.advance(5 * MINUTE);
    }
    expect(world.clock.now()).toBe(DAY_START + 24 * HOUR);

    // 7200 s tokens. Stable: refreshed 300 s before expiry (WeChat renews in its last 5 minutes) → every 6900 s:
    // at 0, 6900 … 82800 → 13. Classic, margin 600 → every 6600 s: 0 … 85800 → 14. WeCom: gettoken returns the same
    // token until it expires, so it is fetched at expiry → every 7200 s: 0 … 86400 (the day's last instant) → 13.
    expect(world.fake.calls('stable-token', stable.appId)).toBe(13);
    expect(world.fake.calls('classic-token', classic.appId)).toBe(14);
    expect(world.fake.calls('wecom-token', wecom.appId)).toBe(13);
    expect(world.tokenCalls()).toBe(40);

    // The quota meter counts by WeChat day: WeCom's call at exactly 24:00 belongs to the next one.
    expect(world.history.callsOn(stable.id, '2026-11-26')).toBe(13);
    expect(world.history.callsOn(classic.id, '2026-11-26')).toBe(14);
    expect(world.history.callsOn(wecom.id, '2026-11-26')).toBe(12);
    expect(world.history.callsOn(wecom.id, '2026-11-27')).toBe(1);

    for (const account of [stable, classic, wecom]) {
      const statuses = new Set(world.statuses(account.id));
      expect([...statuses].filter((status) => ['expired', 'error', 'paused'].includes(status))).toEqual([]);
    }
    expect(await world.everythingPersistedOrEmitted()).not.toContain(CANARY);
  });

  it('clamps the margin to half a short token’s life, so 60-second tokens refresh every 30 s, not in a storm', async () => {
    world = await EngineWorld.create(tempDir(), { fake: { expiresIn: 60 } });
    const classic = await world.addAccount({
      label: 'Short classic',
      input: { tokenMode: 'classic', marginSeconds: 300 },
    });
    const stable = await world.addAccount({ label: 'Short stable', input: { marginSeconds: 300 } });
    await world.start();
    await world.advance(10 * MINUTE);
    // 0, 30 s … 600 s → 21 each (an unclamped 300 s margin on a 60 s token would refresh without end).
    expect(world.fake.calls('classic-token', classic.appId)).toBe(21);
    expect(world.fake.calls('stable-token', stable.appId)).toBe(21);
    expect(world.engine.getState(stable.id)).toMatchObject({ status: 'valid', nextRefreshAt: DAY_START + 630_000 });
  });

  it('catches up after sleep on resume(): expired tokens are replaced with one call each', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A' });
    const b = await world.addAccount({ label: 'B', input: { tokenMode: 'classic' } });
    await world.start();
    await world.advance(HOUR);
    const before = [world.engine.heldToken(a.id)!, world.engine.heldToken(b.id)!];
    expect(world.tokenCalls()).toBe(2);

    world.clock.sleep(5 * HOUR); // lid closed: no timer fires
    world.scheduler.resume();
    expect(world.engine.getState(a.id)?.status).toBe('fetching');
    expect(world.engine.getState(b.id)?.status).toBe('fetching');
    await world.engine.settled();

    expect(world.tokenCalls()).toBe(4);
    expect(world.engine.getState(a.id)?.status).toBe('valid');
    expect(world.engine.heldToken(a.id)!.accessToken).not.toBe(before[0]!.accessToken);
    expect(world.engine.heldToken(b.id)!.expiresAt).toBe(world.clock.now() + 7200_000);
  });

  it('catches up after sleep on the next timer tick even without resume()', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A' });
    await world.start();
    await world.advance(HOUR);
    world.clock.sleep(3 * HOUR);
    await world.advance(1); // the overdue timer fires late, as a suspended process's timers do
    expect(world.fake.calls('stable-token', a.appId)).toBe(2);
    expect(world.engine.getState(a.id)?.status).toBe('valid');
  });

  it('reuses the cached token after a restart with zero upstream calls', async () => {
    const dataDir = tempDir();
    world = await EngineWorld.create(dataDir);
    const a = await world.addAccount({ label: 'A' });
    const b = await world.addAccount({ label: 'B', kind: 'wecom' });
    await world.start();
    await world.advance(30 * MINUTE);
    const tokens = [await world.engine.getToken(a.id), await world.engine.getToken(b.id)];
    expect(world.tokenCalls()).toBe(2);

    world.stop(); // quit…
    await world.history.flush();
    await world.advance(HOUR);
    world.build(); // …and start again over the same files and keychain
    await world.start();
    expect(await world.engine.getToken(a.id)).toEqual(tokens[0]);
    expect(await world.engine.getToken(b.id)).toEqual(tokens[1]);
    expect(world.engine.getState(a.id)).toMatchObject({ status: 'valid', nextRefreshAt: DAY_START + 6900_000 });
    await world.advance(20 * MINUTE); // 1 h 50 min: both tokens still before their refresh
    expect(world.tokenCalls()).toBe(2);
    await world.advance(5 * MINUTE); // the stable one's refresh falls due at 1 h 55 min
    expect(world.tokenCalls()).toBe(3);
  });

  it('serves the old token while a refresh is in flight and while it is still valid', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A', input: { autoRefresh: false } });
    await world.start();
    const first = await world.engine.getToken(a.id);
    await world.advance(6950_000); // inside the 300 s margin
    expect(world.engine.getState(a.id)?.status).toBe('expiring');

    world.fake.fail({ kind: 'delay', ms: 150 }, { endpoint: 'stable-token' });
    const during = await Promise.all([world.engine.getToken(a.id), world.engine.getToken(a.id)]);
    expect(during).toEqual([first, first]);
    expect(world.engine.getState(a.id)?.status).toBe('fetching');
    await world.engine.settled();
    const renewed = await world.engine.getToken(a.id);
    expect(renewed.accessToken).not.toBe(first.accessToken);
    expect(world.fake.calls('stable-token', a.appId)).toBe(2);
  });

  it('gives 50 concurrent getToken callers one upstream call', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A', input: { autoRefresh: false } });
    await world.start();
    world.fake.fail({ kind: 'delay', ms: 50 }, { endpoint: 'stable-token' });
    const tokens = await Promise.all(Array.from({ length: 50 }, () => world!.engine.getToken(a.id)));
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1);
    expect(world.fake.calls('stable-token', a.appId)).toBe(1);
  });

  it('stops all timers on dispose()', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A' });
    await world.start();
    await world.advance(MINUTE);
    expect(world.clock.pendingTimers()).toBe(1);
    world.stop();
    expect(world.clock.pendingTimers()).toBe(0);
    await world.advance(5 * HOUR);
    expect(world.fake.calls('stable-token', a.appId)).toBe(1);
  });

  it('follows account changes: a new secret drops the token and fetches with it; a removed account stops', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A' });
    await world.start();
    await world.advance(MINUTE);
    const first = world.engine.heldToken(a.id)!;

    const result = await world.accounts.update(a.id, { marginSeconds: 120 });
    expect(result.ok).toBe(true);
    expect(world.engine.heldToken(a.id)).toEqual(first);
    expect(world.engine.getState(a.id)?.nextRefreshAt).toBe(first.expiresAt - 120_000);
    // A stable token is renewed only in its last 300 s: a larger margin is clamped to that window.
    await world.accounts.update(a.id, { marginSeconds: 900 });
    expect(world.engine.getState(a.id)?.nextRefreshAt).toBe(first.expiresAt - 300_000);

    await world.accounts.update(a.id, { tokenMode: 'classic' }); // credentials changed: the stable token no longer applies
    await world.engine.settled();
    expect(world.fake.calls('classic-token', a.appId)).toBe(1);
    expect(world.engine.heldToken(a.id)?.mode).toBe('classic');

    await world.accounts.remove(a.id);
    await world.advance(5 * HOUR);
    expect(world.tokenCalls(a.appId)).toBe(2);
    expect(world.engine.getState(a.id)).toBeUndefined();
  });
});
