import keytar from 'keytar';
import { KeytarVault } from '../../electron/core/vault/keytar-vault';

/** A keychain namespace no other run uses, and a function that deletes everything stored under it. */
export function uniqueKeychainNamespace(purpose: string): { prefix: string; cleanUp: () => Promise<void> } {
  const prefix = `TokenDesk-test-${purpose}-${process.pid}-${Date.now().toString(36)}`;
  const vault = new KeytarVault(prefix);
  return {
    prefix,
    cleanUp: async () => {
      for (const service of [vault.secretService, vault.tokenService, vault.localService]) {
        for (const { account } of await keytar.findCredentials(service)) await keytar.deletePassword(service, account);
      }
    },
  };
}
