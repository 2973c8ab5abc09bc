import { afterEach, describe, expect, it } from 'vitest';
import { RefreshRefusedError, TokenUnavailableError } from '../../../electron/core/engine/engine-errors';
import { formatCoreMessage } from '../../../electron/core/i18n/core-messages';
import type { AccountKind } from '../../../electron/core/wechat/types';
import type { FakeFault } from '../../fake-wechat/server';
import { useTempDirs } from '../../support/temp-dir';
import { CANARY, DAY_START, EngineWorld, HOUR, MINUTE } from './engine-world';

const REFRESH_AT = 6900_000; // a 7200 s stable token with the default 300 s margin

/** The state's reason as the English UI shows it. */
const reasonText = (state: { reason?: Parameters<typeof formatCoreMessage>[0] } | undefined) =>
  state?.reason ? formatCoreMessage(state.reason, 'en') : '';

describe('TokenEngine: faults', () => {
  const tempDir = useTempDirs();
  let world: EngineWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  const transientFaults: { name: string; fault: FakeFault; reason: RegExp; errcode?: number }[] = [
    {
      name: 'system error -1',
      fault: { kind: 'errcode', errcode: -1 },
      reason: /System busy.*Retrying with backoff/,
      errcode: -1,
    },
    { name: 'connection reset', fault: { kind: 'reset' }, reason: /^Network error \(reset\)/ },
    { name: 'timeout', fault: { kind: 'delay', ms: 400 }, reason: /^Network error \(timeout\)/ },
    { name: 'gateway HTML 502', fault: { kind: 'html-502' }, reason: /HTML page/ },
    { name: 'truncated JSON', fault: { kind: 'malformed-json' }, reason: /not JSON/ },
    { name: 'JSON without a token', fault: { kind: 'missing-fields' }, reason: /lacks access_token/ },
  ];

  for (const { name, fault, reason, errcode } of transientFaults) {
    it(`${name}: error state with the reason, the valid token kept, one retry after the backoff`, async () => {
      world = await EngineWorld.create(tempDir(), { timeoutMs: 100 });
      const a = await world.addAccount({ label: 'A' });
      await world.start();
      const first = await world.engine.getToken(a.id);

      world.fake.fail(fault, { account: a.appId });
      await world.advance(REFRESH_AT);
      const state = world.engine.getState(a.id)!;
      expect(state.status).toBe('error');
      expect(reasonText(state)).toMatch(reason);
      expect(state.errcode).toBe(errcode);
      // Backoff: base 10 s, first ceiling 10 s, jitter 0.5 → 7.5 s.
      expect(state.nextRefreshAt).toBe(DAY_START + REFRESH_AT + 7_500);
      expect(await world.engine.getToken(a.id)).toEqual(first);
      expect(world.tokenCalls()).toBe(2);

      await world.advance(7_500);
      expect(world.tokenCalls()).toBe(3);
      expect(world.engine.getState(a.id)?.status).toBe('valid');
      expect((await world.engine.getToken(a.id)).accessToken).not.toBe(first.accessToken);
      expect(await world.everythingPersistedOrEmitted()).not.toContain(CANARY);
    });
  }

  const permanentFaults: { errcode: number; kind?: AccountKind; mode?: 'classic'; reason: RegExp }[] = [
    { errcode: 40001, mode: 'classic', reason: /AppSecret was rejected/ },
    { errcode: 40013, reason: /Invalid AppID/ },
    { errcode: 40125, reason: /Invalid AppSecret/ },
    { errcode: 40164, reason: /not in the API IP whitelist/ },
    { errcode: 40243, reason: /frozen/ },
    { errcode: 45009, reason: /Daily API quota reached.*resets at 00:00 Beijing time/ },
    { errcode: 89503, reason: /needs admin confirmation/ },
    { errcode: 89506, reason: /blocked for 24 hours/ },
    { errcode: 45009, kind: 'wecom', reason: /frequency limit/ },
    { errcode: 60020, kind: 'wecom', reason: /not allowed/ },
  ];

  for (const { errcode, kind, mode, reason } of permanentFaults) {
    it(`${errcode}${kind ? ` (${kind})` : ''}: paused with the reason, never retried by itself, the valid token served until it expires`, async () => {
      world = await EngineWorld.create(tempDir());
      const a = await world.addAccount({ label: 'A', kind, input: mode ? { tokenMode: mode } : {} });
      await world.start();
      const first = await world.engine.getToken(a.id);

      world.fake.fail({ kind: 'errcode', errcode }, { account: a.appId, times: 'always' });
      const refreshAt = kind === 'wecom' ? 7200_000 : REFRESH_AT;
      await world.advance(refreshAt);
      const state = world.engine.getState(a.id)!;
      expect(state).toMatchObject({ status: 'paused', errcode });
      expect(reasonText(state)).toMatch(reason);
      expect(reasonText(state)).toMatch(/Auto-refresh is paused/);
      if (errcode === 45009 && kind !== 'wecom')
        expect(state.reason).toMatchObject({ params: { resetsAt: DAY_START + 24 * HOUR } }); // 00:00 Beijing time
      expect(state.nextRefreshAt).toBeUndefined();
      if (kind !== 'wecom') expect(await world.engine.getToken(a.id)).toEqual(first);

      await world.advance(4 * HOUR);
      expect(world.tokenCalls()).toBe(2);
      const refused = await world.engine.getToken(a.id).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(TokenUnavailableError);
      expect(refused).toMatchObject({ errcode, accountId: a.id });
      expect(world.tokenCalls()).toBe(2);
      expect(await world.everythingPersistedOrEmitted()).not.toContain(CANARY);
    });
  }

  it('89506: keeps even a person’s refresh from calling until the lockout ends', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A' });
    await world.start();
    world.fake.fail({ kind: 'errcode', errcode: 89506 }, { account: a.appId });
    await world.engine.refresh(a.id).catch(() => undefined);
    const lockedUntil = DAY_START + 24 * HOUR;
    expect(world.engine.getState(a.id)).toMatchObject({ status: 'paused', lockedUntil });
    await expect(world.engine.refresh(a.id)).rejects.toMatchObject({ code: 'locked', retryAt: lockedUntil });
    await world.advance(24 * HOUR);
    await world.engine.refresh(a.id);
    expect(world.engine.getState(a.id)?.status).toBe('valid');
  });

  it('a person’s refresh clears a pause once the cause is fixed', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A' });
    world.fake.setWhitelist(a.appId, ['10.1.2.3']);
    await world.start();
    await world.engine.settled();
    expect(world.engine.getState(a.id)).toMatchObject({ status: 'paused', errcode: 40164 });
    world.fake.setWhitelist(a.appId, undefined);
    await world.engine.refresh(a.id);
    expect(world.engine.getState(a.id)?.status).toBe('valid');
    expect(world.tokenCalls()).toBe(2);
  });

  it('keeps failed calls within 12 an hour under a permanent transient failure, however hard it is pushed', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A' });
    world.fake.fail({ kind: 'errcode', errcode: -1 }, { times: 'always' });
    await world.start();
    const refusals: string[] = [];
    for (let minute = 0; minute < 5 * 60; minute += 1) {
      await world.engine.getToken(a.id).catch((error: unknown) => refusals.push((error as Error).constructor.name));
      if (minute % 2 === 0)
        await world.engine
          .refresh(a.id)
          .catch((error: unknown) => refusals.push((error as RefreshRefusedError).code ?? 'x'));
      await world.advance(MINUTE);
    }
    const calls = world.events.flatMap((event) =>
      event.name === 'exchange' && event.payload.entry.kind === 'exchange' ? [event.payload.entry.at] : [],
    );
    expect(calls.length).toBe(world.tokenCalls());
    for (const start of calls)
      expect(calls.filter((at) => at >= start && at < start + HOUR).length).toBeLessThanOrEqual(12);
    for (let hour = 0; hour < 5; hour += 1) {
      expect(
        calls.filter((at) => at >= DAY_START + hour * HOUR && at < DAY_START + (hour + 1) * HOUR).length,
      ).toBeGreaterThan(0);
    }
    expect(refusals).toContain('budget');
    expect(world.engine.getState(a.id)?.status).toBe('error');
  });

  it('keeps a person hammering refresh on a wrong AppSecret within 12 calls an hour', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A' });
    world.fake.fail({ kind: 'errcode', errcode: 40125 }, { account: a.appId, times: 'always' });
    await world.start();
    let budgetRefusals = 0;
    for (let i = 0; i < 90; i += 1) {
      await world.engine.refresh(a.id).catch((error: unknown) => {
        if (error instanceof RefreshRefusedError && error.code === 'budget') budgetRefusals += 1;
      });
      await world.advance(MINUTE);
    }
    const minutes = world.events.flatMap((event) =>
      event.name === 'exchange' ? [(event.payload.entry.at - DAY_START) / MINUTE] : [],
    );
    // The start's call at 0 (the first press joins it), presses at 1 … 11, then nothing until the first failures
    // leave the window at 60; then one a minute until the window is full again.
    expect(minutes).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71]);
    expect(budgetRefusals).toBe(90 - 23 - 1);
  });

  it('opens without a keychain: paused with what to do, no upstream call, and recovers when it is back', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A' });
    world.vault.unavailable = true;
    await world.start();
    await world.engine.settled();
    expect(world.engine.getState(a.id)).toMatchObject({ status: 'paused' });
    expect(reasonText(world.engine.getState(a.id))).toMatch(
      /The system keychain is unavailable .* Unlock your keyring/,
    );
    await expect(world.engine.getToken(a.id)).rejects.toThrow(/keychain is unavailable/);
    expect(world.tokenCalls()).toBe(0);

    world.vault.unavailable = false;
    await world.engine.refresh(a.id);
    expect(world.engine.getState(a.id)?.status).toBe('valid');
  });

  it('pauses an account whose secret is missing from the keychain', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A' });
    world.vault.secrets.delete(a.id);
    await world.start();
    await world.engine.settled();
    expect(world.engine.getState(a.id)).toMatchObject({
      status: 'paused',
      reason: { code: 'no-secret-stored', params: { secretName: 'AppSecret' } },
    });
    expect(world.tokenCalls()).toBe(0);
  });
});
