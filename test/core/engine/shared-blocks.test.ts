import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Diagnostics } from '../../../electron/core/diagnostics/diagnostics';
import { BLOCKS_FILE } from '../../../electron/core/engine/block-store';
import { RefreshRefusedError, TokenUnavailableError } from '../../../electron/core/engine/engine-errors';
import type { TokenEngine } from '../../../electron/core/engine/token-engine';
import { useTempDirs } from '../../support/temp-dir';
import { DAY_START, EngineWorld, HOUR, MINUTE } from './engine-world';

/** What a rejected promise was rejected with. */
const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('Blocks shared through the data dir: every process and every restart honours them', () => {
  const tempDir = useTempDirs();
  let world: EngineWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  const diagnosticsOf = (engine: TokenEngine) =>
    new Diagnostics({
      engine,
      client: world!.client,
      vault: world!.vault,
      history: world!.history,
      clock: world!.clock,
    });

  it('an 8950x lockout seen by one process keeps another process and a restarted one from calling WeChat until it ends', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A', input: { autoRefresh: false } });
    await world.start();
    world.fake.fail({ kind: 'errcode', errcode: 89506 }, { account: a.appId });
    await expect(world.engine.getToken(a.id)).rejects.toMatchObject({ errcode: 89506 });
    const lockedUntil = DAY_START + 24 * HOUR;
    expect(world.tokenCalls()).toBe(1);

    const cli = await world.otherProcess(); // e.g. the next `tokendesk token`
    const refused = await refusalOf(cli.getToken(a.id));
    expect(refused).toBeInstanceOf(TokenUnavailableError);
    expect(refused).toMatchObject({ errcode: 89506 });
    expect(cli.getState(a.id)).toMatchObject({ status: 'paused', lockedUntil });
    await expect(cli.refresh(a.id)).rejects.toMatchObject({ code: 'locked', retryAt: lockedUntil });
    await expect(diagnosticsOf(cli).clearQuota(account(world, a.id))).rejects.toMatchObject({ code: 'locked' });

    world.stop(); // the refresher quits…
    await world.advance(HOUR);
    world.build(); // …and starts again over the same data dir
    await world.start();
    await world.engine.settled();
    await expect(world.engine.refresh(a.id)).rejects.toMatchObject({ code: 'locked' });
    expect(world.tokenCalls()).toBe(1);

    await world.advance(lockedUntil - world.clock.now());
    await world.engine.refresh(a.id);
    expect(world.tokenCalls()).toBe(2);
    expect(fs.statSync(path.join(world.dataDir, BLOCKS_FILE)).mode & 0o777).toBe(0o600);
  });

  it('45009 on the token API holds in every process until WeChat’s day resets, and a successful clear_quota lifts it', async () => {
    world = await EngineWorld.create(tempDir(), { start: DAY_START + 20 * HOUR });
    const a = await world.addAccount({ label: 'A', input: { autoRefresh: false } });
    await world.start();
    world.fake.fail({ kind: 'errcode', errcode: 45009 }, { account: a.appId, endpoint: 'stable-token' });
    await expect(world.engine.getToken(a.id)).rejects.toMatchObject({ errcode: 45009 });

    const cli = await world.otherProcess();
    await expect(cli.getToken(a.id)).rejects.toMatchObject({ errcode: 45009 });
    await expect(cli.refresh(a.id)).rejects.toMatchObject({
      code: 'quota-exhausted',
      retryAt: DAY_START + 24 * HOUR, // 00:00 Beijing time
    });
    expect(world.tokenCalls()).toBe(1);

    await diagnosticsOf(cli).clearQuota(account(world, a.id));
    expect(world.fake.calls('clear-quota-v2', a.appId)).toBe(1);
    expect((await world.engine.refresh(a.id)).accessToken).toBeTruthy();
    expect(world.tokenCalls()).toBe(2);
  });

  it('45009 ends at WeChat’s midnight by itself', async () => {
    world = await EngineWorld.create(tempDir(), { start: DAY_START + 23 * HOUR });
    const a = await world.addAccount({ label: 'A', input: { autoRefresh: false } });
    await world.start();
    world.fake.fail({ kind: 'errcode', errcode: 45009 }, { account: a.appId });
    await expect(world.engine.getToken(a.id)).rejects.toMatchObject({ errcode: 45009 });
    await world.advance(HOUR - 1);
    await expect(world.engine.refresh(a.id)).rejects.toMatchObject({ code: 'quota-exhausted' });
    await world.advance(1);
    await world.engine.refresh(a.id);
    expect(world.tokenCalls()).toBe(2);
  });

  it('counts another process’s force refresh: 30 s apart, and 20 a day, across processes', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A', input: { autoRefresh: false } });
    await world.start();
    await world.engine.forceRefresh(a.id);
    const cli = await world.otherProcess();
    await expect(cli.forceRefresh(a.id)).rejects.toMatchObject({
      code: 'force-too-soon',
      retryAt: world.clock.now() + 30_000,
    });
    for (let i = 2; i <= 20; i += 1) {
      await world.advance(30_000);
      await (i % 2 === 0 ? cli : world.engine).forceRefresh(a.id);
    }
    await world.advance(30_000);
    await expect(world.engine.forceRefresh(a.id)).rejects.toMatchObject({ code: 'force-daily-limit' });
    expect(world.fake.calls('stable-token-force', a.appId)).toBe(20);
  });

  it('keeps the failure budget across processes: 12 failed calls an hour for the AppID, whoever makes them', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A', input: { autoRefresh: false } });
    world.fake.fail({ kind: 'errcode', errcode: 40125 }, { account: a.appId, times: 'always' });
    await world.start();
    const cli = await world.otherProcess();
    for (let i = 0; i < 12; i += 1) {
      await (i % 2 === 0 ? cli : world.engine).refresh(a.id).catch(() => undefined);
      await world.advance(MINUTE);
    }
    expect(world.tokenCalls()).toBe(12);
    const refusal = await refusalOf(cli.refresh(a.id));
    expect(refusal).toBeInstanceOf(RefreshRefusedError);
    expect(refusal).toMatchObject({ code: 'budget', retryAt: DAY_START + HOUR });
    expect(world.tokenCalls()).toBe(12);
  });

  it('enforces clear_quota/v2’s 10 a month: the 11th is refused locally with the date it frees up', async () => {
    world = await EngineWorld.create(tempDir(), { start: Date.UTC(2026, 10, 30, 4, 0, 0) }); // Nov 30, noon in Beijing
    const a = await world.addAccount({ label: 'A', input: { autoRefresh: false } });
    await world.start();
    for (let i = 0; i < 10; i += 1) await diagnosticsOf(world.engine).clearQuota(account(world, a.id));
    expect((await diagnosticsOf(world.engine).quota(account(world, a.id), false)).clearsThisMonth).toBe(10);

    const cli = await world.otherProcess();
    const refusal = await refusalOf(diagnosticsOf(cli).clearQuota(account(world, a.id)));
    // December 1st, 00:00 Beijing time.
    expect(refusal).toMatchObject({ code: 'clear-quota-monthly-limit', retryAt: Date.UTC(2026, 10, 30, 16, 0, 0) });
    expect(world.fake.calls('clear-quota-v2', a.appId)).toBe(10);

    await world.advance(Date.UTC(2026, 10, 30, 16, 0, 0) - world.clock.now());
    await diagnosticsOf(cli).clearQuota(account(world, a.id));
    expect(world.fake.calls('clear-quota-v2', a.appId)).toBe(11);
  });

  it('records every diagnostic call in the account’s history and tells the engine’s listeners', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A', input: { autoRefresh: false } });
    await world.start();
    await world.engine.getToken(a.id);
    const diagnostics = diagnosticsOf(world.engine);
    await diagnostics.check(account(world, a.id));
    await diagnostics.quota(account(world, a.id), true);
    await diagnostics.lookupRid(account(world, a.id), 'abc-123');
    await diagnostics.clearQuota(account(world, a.id));
    const calls = world.history
      .list(a.id)
      .map((entry) => (entry.kind === 'exchange' ? entry.exchange.call : entry.kind));
    expect(calls).toEqual(['clear-quota-v2', 'rid-get', 'quota-get', 'check-token', 'stable-token']);
    const emitted = world.events.filter((event) => event.name === 'exchange').length;
    expect(emitted).toBe(5);
  });

  it('reads a missing or corrupt blocks file as no blocks, and replaces it on the next block', async () => {
    world = await EngineWorld.create(tempDir());
    const a = await world.addAccount({ label: 'A', input: { autoRefresh: false } });
    const file = path.join(world.dataDir, BLOCKS_FILE);
    fs.writeFileSync(file, '{"version":1,"apps":{"broken');
    await world.start();
    await world.engine.getToken(a.id);
    expect(world.tokenCalls()).toBe(1);
    world.fake.fail({ kind: 'errcode', errcode: 89507 }, { account: a.appId });
    await expect(world.engine.refresh(a.id)).rejects.toMatchObject({ errcode: 89507 });
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { apps: Record<string, { lockout?: unknown }> };
    expect(stored.apps[a.appId]?.lockout).toMatchObject({ errcode: 89507, until: world.clock.now() + HOUR });
  });
});

function account(world: EngineWorld, accountId: string) {
  const found = world.accounts.get(accountId);
  if (!found) throw new Error(`no account ${accountId}`);
  return found;
}
