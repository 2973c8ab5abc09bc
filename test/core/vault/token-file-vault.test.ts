import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { TokenFileVault } from '../../../electron/core/vault/token-file-vault';
import type { CachedToken } from '../../../electron/core/vault/vault';
import { MemoryVault } from '../../support/memory-vault';
import { useTempDirs } from '../../support/temp-dir';

const IN_TWO_HOURS = Date.now() + 7_200_000;
const token = (n: number): CachedToken => ({
  accessToken: `TOKEN_${n}_${'x'.repeat(40)}`,
  obtainedAt: 1_000,
  expiresAt: IN_TWO_HOURS,
  mode: 'stable',
});

/** Counts what reaches the keychain, the thing that is slow per write. */
class CountingVault extends MemoryVault {
  tokenWrites = 0;
  keyWrites = 0;
  override async setToken(accountId: string, value: CachedToken) {
    this.tokenWrites += 1;
    return super.setToken(accountId, value);
  }
  override async setTokenCacheKey(key: string) {
    this.keyWrites += 1;
    return super.setTokenCacheKey(key);
  }
}

describe('TokenFileVault', () => {
  const tempDir = useTempDirs();

  it('keeps a burst of tokens in one encrypted 0600 file, with one keychain write for its key', async () => {
    const keychain = new CountingVault();
    const file = path.join(tempDir(), 'tokens.enc');
    const vault = new TokenFileVault(keychain, file);
    await Promise.all(Array.from({ length: 200 }, (_, n) => vault.setToken(`account-${n}`, token(n))));
    expect(keychain.tokenWrites).toBe(0);
    expect(keychain.keyWrites).toBe(1);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('TOKEN_');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // Another process (another instance) reads them with the key from the keychain.
    const other = new TokenFileVault(keychain, file);
    expect(await other.getToken('account-199')).toEqual(token(199));
  });

  it('reads and decrypts the file once for a start that asks for every token at once', async () => {
    const keychain = new MemoryVault();
    const file = path.join(tempDir(), 'tokens.enc');
    const writer = new TokenFileVault(keychain, file);
    await Promise.all(Array.from({ length: 100 }, (_, n) => writer.setToken(`account-${n}`, token(n))));
    const reads = vi.spyOn(fs.promises, 'readFile');
    try {
      const starting = new TokenFileVault(keychain, file);
      const tokens = await Promise.all(Array.from({ length: 100 }, (_, n) => starting.getToken(`account-${n}`)));
      expect(tokens[42]).toEqual(token(42));
      expect(reads.mock.calls.filter(([target]) => target === file)).toHaveLength(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('merges two processes’ changes instead of the last writer winning', async () => {
    const keychain = new MemoryVault();
    const file = path.join(tempDir(), 'tokens.enc');
    const first = new TokenFileVault(keychain, file);
    await first.setToken('kept', token(1));
    await first.setToken('removed', token(2));
    const second = new TokenFileVault(keychain, file);
    await Promise.all([first.setToken('added', token(3)), second.deleteToken('removed')]);
    const reader = new TokenFileVault(keychain, file);
    expect(await reader.getToken('kept')).toEqual(token(1));
    expect(await reader.getToken('added')).toEqual(token(3));
    expect(await reader.getToken('removed')).toBeUndefined();
  });

  it('moves a token an earlier version kept in the keychain into the file', async () => {
    const keychain = new MemoryVault();
    await keychain.setToken('old', token(7));
    const vault = new TokenFileVault(keychain, path.join(tempDir(), 'tokens.enc'));
    expect(await vault.getToken('old')).toEqual(token(7));
    await vault.flush();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(keychain.tokens.has('old')).toBe(false);
    expect(await new TokenFileVault(keychain, vault.file).getToken('old')).toEqual(token(7));
  });

  it('reads a file it cannot decrypt (another key, a hand edit) as no tokens', async () => {
    const file = path.join(tempDir(), 'tokens.enc');
    await new TokenFileVault(new MemoryVault(), file).setToken('a', token(1));
    expect(await new TokenFileVault(new MemoryVault(), file).getToken('a')).toBeUndefined();
    fs.writeFileSync(file, 'not json');
    const keychain = new MemoryVault();
    expect(await new TokenFileVault(keychain, file).getToken('a')).toBeUndefined();
  });
});
