import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { AccountService } from '../../../electron/core/accounts/account-service';
import type { AccountInput } from '../../../electron/core/accounts/account-schema';
import { createEngineTokenSource } from '../../../electron/core/endpoint/engine-token-source';
import { startLocalEndpoint, type LocalEndpoint } from '../../../electron/core/endpoint/local-endpoint';
import { ensureEndpointKey } from '../../../electron/core/endpoint/local-key';
import type { EndpointRequestRecord } from '../../../electron/core/endpoint/token-source';
import { BlockStore } from '../../../electron/core/engine/block-store';
import { RefreshScheduler } from '../../../electron/core/engine/refresh-scheduler';
import { TokenEngine } from '../../../electron/core/engine/token-engine';
import { History } from '../../../electron/core/history/history';
import { openNodeStore } from '../../../electron/core/store/node-store';
import { KeytarVault } from '../../../electron/core/vault/keytar-vault';
import { WeChatClient } from '../../../electron/core/wechat/client';
import { afterEach } from 'vitest';
import { startFakeWeChat, type FakeWeChat } from '../../fake-wechat/server';
import { useTempDirs } from '../../support/temp-dir';

/**
 * The endpoint over the real stack, as `tokendesk serve` builds it: TokenEngine with its RefreshScheduler,
 * AccountService on a settings file in `dataDir`, the keychain under a unique service name, and the WeChat client pointed at `apiBase` (the fake).
 * Needs a Secret Service (run inside test/with-keyring.sh).
 */
export async function startRealEndpoint(
  dataDir: string,
  apiBase: string,
  accounts: { input: AccountInput; secret: string }[],
) {
  const vault = new KeytarVault(`TokenDesk-test-${randomUUID()}`);
  const { store } = openNodeStore(dataDir);
  const accountService = new AccountService({ store, vault });
  for (const { input, secret } of accounts) {
    const result = await accountService.add(input, secret);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
  }
  const history = new History({ dir: path.join(dataDir, 'history') });
  const engine = new TokenEngine({
    client: new WeChatClient({ apiBase, wecomApiBase: apiBase }),
    accounts: accountService,
    vault,
    history,
    blocks: BlockStore.inDataDir(dataDir),
  });
  const scheduler = new RefreshScheduler({ engine });
  await scheduler.start();
  const localKey = await ensureEndpointKey(vault);
  const records: EndpointRequestRecord[] = [];
  const source = createEngineTokenSource({
    engine,
    accounts: accountService,
    vault,
    localKey,
    recordRequest: (record) => records.push(record),
  });
  const endpoint: LocalEndpoint = await startLocalEndpoint({ source, port: 0 });
  return {
    endpoint,
    engine,
    localKey,
    records,
    url: `http://127.0.0.1:${endpoint.port}`,
    close: async () => {
      await endpoint.close();
      scheduler.dispose();
      engine.dispose();
      await engine.settled();
      for (const account of accountService.list()) await accountService.remove(account.id);
      await vault.deleteEndpointKey();
      await history.flush();
    },
  };
}

/**
 * For a describe block: `setup()` starts a fake WeChat with one account and the real endpoint over it, the account
 * saved as "shop" and its first token fetched; everything is closed after each test.
 */
export function useShopEndpoint(appId: string, secret: string) {
  const tempDir = useTempDirs();
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return async function setup() {
    const fake: FakeWeChat = await startFakeWeChat({ accounts: [{ appId, secret }] });
    cleanups.push(() => fake.close());
    const real = await startRealEndpoint(tempDir(), fake.url, [
      { input: { label: 'shop', kind: 'officialAccount', appId, environment: 'test' }, secret },
    ]);
    cleanups.push(real.close);
    await real.engine.settled();
    return { fake, real };
  };
}
