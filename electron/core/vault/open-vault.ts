import path from 'node:path';
import { KeytarVault } from './keytar-vault';
import { TokenFileVault } from './token-file-vault';
import type { Vault } from './vault';

/** The vault every TokenDesk process uses: secrets in the OS keychain, cached tokens in the keychain-keyed file. */
export function openVault(prefix: string, dataDir: string): Vault & { flush(): Promise<void> } {
  return new TokenFileVault(new KeytarVault(prefix), tokenFileIn(dataDir));
}

export function tokenFileIn(dataDir: string): string {
  return path.join(dataDir, 'tokens.enc');
}
