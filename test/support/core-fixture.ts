import { openNodeStore } from '../../electron/core/store/node-store';
import { TokenDeskCore } from '../../electron/core/tokendesk-core';
import { KeytarVault } from '../../electron/core/vault/keytar-vault';

/**
 * A real core over a real settings file in `dataDir`, as the preview builds it. Its keychain namespace is unique and
 * the keychain is only touched by tests that add accounts (they clean up).
 */
export function createTestCore(dataDir: string, options: { apiBase?: string } = {}): TokenDeskCore {
  const { store } = openNodeStore(dataDir);
  return new TokenDeskCore({
    store,
    dataDir,
    vault: new KeytarVault(`TokenDesk-test-${process.pid}-${Math.random().toString(36).slice(2)}`),
    ...options,
    appInfo: {
      name: 'TokenDesk',
      version: '0.0.0-test',
      runtime: 'preview',
      platform: process.platform,
      dataDir,
      locale: 'en-US',
    },
  });
}
