import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AccountView } from '../../../electron/core/contract/views';
import { TokenDeskCore } from '../../../electron/core/tokendesk-core';
import { openNodeStore } from '../../../electron/core/store/node-store';
import { startFakeWeChat, type FakeWeChat } from '../../fake-wechat/server';
import { FakeClock } from '../../support/fake-clock';
import { MemoryVault } from '../../support/memory-vault';
import { useTempDirs } from '../../support/temp-dir';

// The core's pushes to windows and tray, coalesced (issue 14): a real core over a real settings file and history,
// real HTTP to the fake WeChat, and one fake clock shared by both, so "how many pushes per second" is exact. The
// keychain is an in-memory Vault: what is measured here is views built and events sent.
const N = 30;
const START = Date.UTC(2026, 10, 26, 2, 0, 0);

const tempDir = useTempDirs();
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const accountOf = (index: number) => {
  const hex = (index + 1).toString(16).padStart(16, '0');
  return { appId: `wx${hex}`, secret: `${hex}${hex}` };
};

interface Pushed {
  at: number;
  name: 'accountsChanged' | 'accountsUpdated';
  views: AccountView[];
}

async function startCore(): Promise<{ core: TokenDeskCore; clock: FakeClock; fake: FakeWeChat; pushed: Pushed[] }> {
  const clock = new FakeClock(START);
  const fake = await startFakeWeChat({
    accounts: Array.from({ length: N }, (_, index) => accountOf(index)),
    now: () => clock.now(),
  });
  cleanups.push(() => fake.close());
  const dataDir = tempDir();
  const core = new TokenDeskCore({
    store: openNodeStore(dataDir).store,
    dataDir,
    vault: new MemoryVault(),
    apiBase: fake.url,
    clock,
    appInfo: { name: 'TokenDesk', version: '0.0.0-test', runtime: 'preview', platform: 'linux', dataDir, locale: 'en' },
  });
  cleanups.push(() => core.dispose());
  await core.start({ schedule: false, endpoint: false, watchStore: false });
  const pushed: Pushed[] = [];
  core.events.on('accountsChanged', (views) => pushed.push({ at: clock.now(), name: 'accountsChanged', views }));
  core.events.on('accountsUpdated', (views) => pushed.push({ at: clock.now(), name: 'accountsUpdated', views }));
  return { core, clock, fake, pushed };
}

/** Imports the N accounts the fake knows, in one go (as `tokendesk accounts import` does). */
async function importAccounts(core: TokenDeskCore): Promise<string[]> {
  const results = await core.services.accounts.addMany(
    Array.from({ length: N }, (_, index) => ({
      input: { label: `Shop ${index}`, kind: 'officialAccount' as const, appId: accountOf(index).appId },
      secret: accountOf(index).secret,
    })),
  );
  return results.map((result) => {
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.account.id;
  });
}

describe('the core coalesces its pushes', () => {
  it('pushes an import of N accounts as one list, and a burst of N fetches as one batch of N views', async () => {
    const { core, clock, pushed } = await startCore();
    const views = vi.spyOn(core.views, 'view');

    const ids = await importAccounts(core);
    await clock.advance(0);
    expect(pushed.map((push) => [push.name, push.views.length])).toEqual([['accountsChanged', N]]);
    expect(views).toHaveBeenCalledTimes(N);

    pushed.length = 0;
    views.mockClear();
    // Each fetch fires fetching → token → exchange → valid: 4N events, uncoalesced 4N views and 4N pushes.
    await Promise.all(ids.map((id) => core.services.engine.getToken(id)));
    await clock.advance(100); // the list went out just now: the next push waits its turn
    expect(pushed).toHaveLength(1);
    expect(pushed[0]!.name).toBe('accountsUpdated');
    expect(pushed[0]!.views.map((view) => view.id).sort()).toEqual([...ids].sort());
    expect(pushed[0]!.views.every((view) => view.state.status === 'valid' && view.token?.value)).toBe(true);
    expect(views.mock.calls.length).toBeLessThanOrEqual(N);
  });

  it('pushes at most ten times a second while fetches keep coming, and the last state of every account arrives', async () => {
    const { core, clock, pushed } = await startCore();
    const ids = await importAccounts(core);
    await clock.advance(0);
    pushed.length = 0;

    // One fetch every 20 ms of the clock for two seconds: 100 fetches, ~400 engine events.
    for (let step = 0; step < 100; step += 1) {
      await core.services.engine.refresh(ids[step % N]!);
      await clock.advance(20);
    }
    await clock.advance(100);

    const updates = pushed.filter((push) => push.name === 'accountsUpdated');
    expect(updates.length).toBeGreaterThan(1);
    expect(updates.length).toBeLessThanOrEqual(21); // 2 s of fetches plus the last flush
    for (const [index, push] of updates.entries()) {
      if (index > 0) expect(push.at - updates[index - 1]!.at).toBeGreaterThanOrEqual(100);
      expect(new Set(push.views.map((view) => view.id)).size).toBe(push.views.length);
    }
    // Nothing is lost by coalescing: each account's last pushed view holds the token the engine holds now.
    const lastPushed = new Map(updates.flatMap((push) => push.views.map((view) => [view.id, view] as const)));
    for (const id of ids)
      expect(lastPushed.get(id)?.token?.value).toBe(core.services.engine.heldToken(id)?.accessToken);
  });

  it('sends the first change after a quiet spell at once, and nothing after dispose', async () => {
    const { core, clock, pushed } = await startCore();
    const [id] = await importAccounts(core);
    await clock.advance(5_000);
    pushed.length = 0;

    await core.services.engine.getToken(id!);
    await clock.advance(0);
    expect(pushed.map((push) => push.name)).toEqual(['accountsUpdated']);

    await core.services.engine.refresh(id!);
    await core.dispose();
    await clock.advance(1_000);
    expect(pushed).toHaveLength(1);
  });
});
