import { openNodeStore } from '../../electron/core/store/node-store';
import { TokenDeskCore } from '../../electron/core/tokendesk-core';

/** A real core over a real settings file in `dataDir`, as the preview builds it. */
export function createTestCore(dataDir: string): TokenDeskCore {
  const { store } = openNodeStore(dataDir);
  return new TokenDeskCore({
    store,
    appInfo: { name: 'TokenDesk', version: '0.0.0-test', runtime: 'preview', platform: process.platform, dataDir, locale: 'en-US' },
  });
}
