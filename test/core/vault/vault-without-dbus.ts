// Child process for keytar-vault.test.ts: tries the keychain where none is reachable and prints what was thrown.
import { KeytarVault } from '../../../electron/core/vault/keytar-vault';

const secret = 'canary0123456789abcdef0123456789';
try {
  await new KeytarVault(process.argv[2]).setSecret('acc', secret);
  console.log(JSON.stringify({ name: 'none', message: 'stored', secretInMessage: false }));
} catch (error) {
  const { name, message } = error as Error;
  console.log(JSON.stringify({ name, message, secretInMessage: message.includes(secret) }));
}
