import { afterEach, describe, expect, it } from 'vitest';
import { RefreshRefusedError } from '../../../electron/core/engine/engine-errors';
import { useTempDirs } from '../../support/temp-dir';
import { CANARY, DAY_START, EngineWorld, HOUR, MINUTE } from './engine-world';

describe('TokenEngine: refresh rules and tokens refreshed elsewhere', () => {
  const tempDir = useTempDirs();
  let world: EngineWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('refuses a force refresh of a production account without the explicit confirmation, and does it with one', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'Prod', input: { environment: 'production' } });
    await world.start();
    const first = await world.engine.getToken(a.id);

    const refusal = await world.engine.forceRefresh(a.id).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RefreshRefusedError);
    expect(refusal).toMatchObject({
      code: 'confirm-force-refresh',
      message: expect.stringMatching(/kills the current token at once.*Confirm/),
    });
    expect(world.fake.calls('stable-token-force')).toBe(0);

    const forced = await world.engine.forceRefresh(a.id, { confirmProductionRisk: true });
    expect(forced.accessToken).not.toBe(first.accessToken);
    expect(world.fake.calls('stable-token-force', a.appId)).toBe(1);
    expect(world.history.list(a.id)[0]).toMatchObject({
      kind: 'exchange',
      trigger: 'force',
      exchange: { call: 'stable-token-force' },
    });
  });

  it('refuses a classic refresh of a production account without the confirmation; staging needs none', async () => {
    world = await EngineWorld.create(tempDir());
    const prod = await world.addAccount({
      label: 'Prod',
      input: { environment: 'production', tokenMode: 'classic', autoRefresh: false },
    });
    const staging = await world.addAccount({ label: 'Staging', input: { tokenMode: 'classic', autoRefresh: false } });
    await world.start();
    await expect(world.engine.refresh(prod.id)).rejects.toMatchObject({
      code: 'confirm-production-risk',
      message: expect.stringMatching(/invalidates the one every other server/),
    });
    expect(world.tokenCalls(prod.appId)).toBe(0);
    await world.engine.refresh(prod.id, { confirmProductionRisk: true });
    await world.engine.refresh(staging.id);
    expect(world.tokenCalls()).toBe(2);
  });

  it('keeps force refreshes 30 s apart and to 20 a WeChat day, with a clear refusal', async () => {
    world = await EngineWorld.create(tempDir(), { start: DAY_START + 12 * HOUR });
    const a = await world.addAccount({ label: 'A', input: { autoRefresh: false } });
    await world.start();
    await world.engine.forceRefresh(a.id);
    const tooSoon = await world.engine.forceRefresh(a.id).catch((error: unknown) => error as RefreshRefusedError);
    expect(tooSoon).toMatchObject({
      code: 'force-too-soon',
      retryAt: world.clock.now() + 30_000,
      message: expect.stringMatching(/less than 30 s apart/),
    });
    await world.advance(29_999);
    await expect(world.engine.forceRefresh(a.id)).rejects.toMatchObject({ code: 'force-too-soon' });
    await world.advance(1);
    for (let i = 2; i <= 20; i += 1) {
      await world.engine.forceRefresh(a.id);
      await world.advance(30_000);
    }
    expect(world.fake.calls('stable-token-force', a.appId)).toBe(20);
    const daily = await world.engine.forceRefresh(a.id).catch((error: unknown) => error as RefreshRefusedError);
    // 20 a day; the day resets at 00:00 Beijing time, 16:00 UTC.
    expect(daily).toMatchObject({
      code: 'force-daily-limit',
      retryAt: DAY_START + 24 * HOUR,
      message: expect.stringMatching(/used 20 today/),
    });
    expect(world.fake.calls('stable-token-force', a.appId)).toBe(20);

    await world.advance(DAY_START + 24 * HOUR - world.clock.now());
    await world.engine.forceRefresh(a.id);
    expect(world.fake.calls('stable-token-force', a.appId)).toBe(21);
  });

  it('has no force refresh for WeCom', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'Corp', kind: 'wecom' });
    await world.start();
    await expect(world.engine.forceRefresh(a.id, { confirmProductionRisk: true })).rejects.toMatchObject({
      code: 'wecom-no-force-refresh',
    });
  });

  it('stable: a check that sees 40001 while our token is valid says another party refreshed it, and fetches the current one', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A' });
    await world.start();
    const ours = await world.engine.getToken(a.id);
    expect((await world.engine.checkToken(a.id)).verdict).toBe('valid');

    await world.advance(20 * MINUTE);
    const theirs = await world.client.stableToken({ appId: a.appId, secret: a.secret, forceRefresh: true }); // another server
    await world.advance(MINUTE);
    const seenAt = world.clock.now();
    const { verdict, exchange } = await world.engine.checkToken(a.id);
    expect(verdict).toBe('refreshed-elsewhere');
    expect(exchange.outcome).toMatchObject({ kind: 'wechat-error', errcode: 40001 });
    await world.engine.settled();

    expect(world.engine.getState(a.id)).toMatchObject({ status: 'valid', refreshedElsewhereAt: seenAt });
    expect(world.engine.heldToken(a.id)?.accessToken).toBe(theirs.result!.accessToken);
    expect(world.engine.heldToken(a.id)?.accessToken).not.toBe(ours.accessToken);
    const [fetched, note] = world.history.list(a.id);
    expect(note).toMatchObject({
      kind: 'refreshed-elsewhere',
      at: seenAt,
      detectedBy: 'check',
      errcode: 40001,
      exchangeId: exchange.id,
    });
    expect(fetched).toMatchObject({ kind: 'exchange', exchange: { call: 'stable-token' } });
  });

  it('classic: the other party’s refresh kills our token 5 minutes later; a check sees it and the engine pauses instead of fighting back', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A', input: { tokenMode: 'classic' } });
    await world.start();
    await world.engine.getToken(a.id);
    await world.advance(HOUR);
    await world.client.classicToken({ appId: a.appId, secret: a.secret }); // another server
    expect((await world.engine.checkToken(a.id)).verdict).toBe('valid'); // WeChat's 5-minute overlap
    await world.advance(5 * MINUTE);
    const callsBefore = world.tokenCalls();

    expect((await world.engine.checkToken(a.id)).verdict).toBe('refreshed-elsewhere');
    const state = world.engine.getState(a.id)!;
    expect(state).toMatchObject({
      status: 'paused',
      refreshedElsewhereAt: world.clock.now(),
      errcode: 40001,
      reason: { code: 'refreshed-elsewhere' },
    });
    await expect(world.engine.getToken(a.id)).rejects.toMatchObject({ errcode: 40001 });
    await world.advance(3 * HOUR);
    expect(world.tokenCalls()).toBe(callsBefore);
    expect(world.history.list(a.id, { errorsOnly: true })[0]).toMatchObject({
      kind: 'refreshed-elsewhere',
      detectedBy: 'check',
    });

    await world.engine.refresh(a.id); // staging: no confirmation needed
    expect(world.engine.getState(a.id)?.status).toBe('valid');
  });

  it('refreshIfCurrent: a caller’s failed stable token is verified, then replaced once, however many callers report it', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A', input: { autoRefresh: false } });
    await world.start();
    const ours = await world.engine.getToken(a.id);
    await world.client.stableToken({ appId: a.appId, secret: a.secret, forceRefresh: true });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => world!.engine.refreshIfCurrent(a.id, ours.accessToken)),
    );
    expect(new Set(results.map((result) => result.token.accessToken)).size).toBe(1);
    expect(results.every((result) => result.refreshed)).toBe(true);
    expect(world.fake.calls('check-token', a.appId)).toBe(1);
    expect(world.fake.calls('stable-token', a.appId)).toBe(2);
    expect(world.history.list(a.id).filter((entry) => entry.kind === 'refreshed-elsewhere')).toHaveLength(1);
    expect(await world.everythingPersistedOrEmitted()).not.toContain(CANARY);
  });

  it('passive refresh, classic: a valid token reported as failing is verified and still served, with no fetch', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A', input: { tokenMode: 'classic', environment: 'production' } });
    await world.start();
    const ours = await world.engine.getToken(a.id);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => world!.engine.refreshIfCurrent(a.id, ours.accessToken)),
    );
    expect(results.every((result) => result.token.accessToken === ours.accessToken && !result.refreshed)).toBe(true);
    expect(world.fake.calls('check-token', a.appId)).toBe(1);
    expect(world.tokenCalls(a.appId)).toBe(1);
    expect(world.engine.getState(a.id)).toMatchObject({ status: 'valid' });
    expect(world.engine.getState(a.id)?.refreshedElsewhereAt).toBeUndefined();
    expect(await world.engine.getToken(a.id)).toEqual(ours);
    expect(world.history.list(a.id)[0]).toMatchObject({ kind: 'exchange', trigger: 'report' });
  });

  it('passive refresh, classic: a token WeChat confirms dead is replaced with one fetch for 10 reporting callers, without the production confirmation', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A', input: { tokenMode: 'classic', environment: 'production' } });
    await world.start();
    const ours = await world.engine.getToken(a.id);
    await world.advance(HOUR);
    await world.client.classicToken({ appId: a.appId, secret: a.secret }); // another server
    await world.advance(5 * MINUTE); // WeChat's overlap is over: ours is dead
    const fetchesBefore = world.fake.calls('classic-token', a.appId);

    const results = await Promise.all(
      Array.from({ length: 10 }, () => world!.engine.refreshIfCurrent(a.id, ours.accessToken)),
    );
    expect(new Set(results.map((result) => result.token.accessToken)).size).toBe(1);
    expect(results.every((result) => result.refreshed)).toBe(true);
    expect(world.fake.calls('check-token', a.appId)).toBe(1);
    expect(world.fake.calls('classic-token', a.appId)).toBe(fetchesBefore + 1);
    expect(world.engine.getState(a.id)).toMatchObject({ status: 'valid', refreshedElsewhereAt: world.clock.now() });
    // A later report of the old token is answered with the new one, with no upstream call at all.
    const late = await world.engine.refreshIfCurrent(a.id, ours.accessToken);
    expect(late).toEqual({ token: results[0]!.token, refreshed: true });
    expect(world.fake.calls('check-token', a.appId)).toBe(1);
    expect(world.fake.calls('classic-token', a.appId)).toBe(fetchesBefore + 1);
  });

  it('passive refresh: a check that fails for another reason (network) keeps the token and pauses nothing', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A', input: { tokenMode: 'classic' } });
    await world.start();
    const ours = await world.engine.getToken(a.id);
    world.fake.fail({ kind: 'reset' }, { endpoint: 'check-token' });
    const result = await world.engine.refreshIfCurrent(a.id, ours.accessToken);
    expect(result).toEqual({ token: ours, refreshed: false });
    expect(world.tokenCalls(a.appId)).toBe(1);
    expect(world.engine.getState(a.id)?.status).toBe('valid');
  });

  it('keeps a stable token WeChat hands back unchanged (before its renewal window) without shortening its margin', async () => {
    world = await EngineWorld.create(tempDir());
    // Another server already holds this AppID's stable token, issued 1000 s ago: ours is the same, with 6200 s left.
    const a = await world.addAccount({ label: 'A' });
    await world.client.stableToken({ appId: a.appId, secret: a.secret });
    await world.advance(1000_000);
    await world.start();
    await world.engine.settled();
    const first = world.engine.heldToken(a.id)!;
    expect(first.expiresAt).toBe(DAY_START + 7200_000);

    const tokenEvents = () => world!.events.filter((event) => event.name === 'tokenChanged').length;
    const before = tokenEvents();
    expect(await world.engine.refresh(a.id)).toEqual(first); // same token, same expiry: nothing changed
    expect(tokenEvents()).toBe(before);
    // Renewed when WeChat renews it, 300 s before expiry, in one call.
    await world.advance(6200_000 - 300_000 - 1);
    expect(world.fake.calls('stable-token', a.appId)).toBe(3);
    await world.advance(1);
    expect(world.fake.calls('stable-token', a.appId)).toBe(4);
    expect(world.engine.heldToken(a.id)?.accessToken).not.toBe(first.accessToken);
  });

  it('reports an unknown account and a check without a token as refusals', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A', input: { autoRefresh: false } });
    await world.start();
    await expect(world.engine.getToken('nope')).rejects.toMatchObject({ code: 'unknown-account' });
    await expect(world.engine.checkToken(a.id)).rejects.toMatchObject({ code: 'no-token' });
  });
});
