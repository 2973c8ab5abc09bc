import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import keytar from 'keytar';
import { afterAll, describe, expect, it } from 'vitest';
import { KeytarVault } from '../../../electron/core/vault/keytar-vault';
import type { CachedToken } from '../../../electron/core/vault/vault';

// Runs against the real Secret Service: `bash test/with-keyring.sh npx vitest run --project unit test/core/vault`.
const prefix = `TokenDesk-test-${randomUUID()}`;
const vault = new KeytarVault(prefix);
const CANARY = 'canary0123456789abcdef0123456789';

afterAll(async () => {
  for (const service of [vault.secretService, vault.tokenService, vault.localService]) {
    for (const { account } of await keytar.findCredentials(service)) await keytar.deletePassword(service, account);
  }
});

describe('KeytarVault on the real keychain', () => {
  it('stores, lists and deletes secrets under its own service name', async () => {
    await vault.setSecret('acc-1', CANARY);
    await vault.setSecret('acc-2', 'other-secret');
    expect(await vault.getSecret('acc-1')).toBe(CANARY);
    expect(await vault.accountsWithSecret()).toEqual(new Set(['acc-1', 'acc-2']));
    expect(await keytar.getPassword(prefix, 'acc-1')).toBe(CANARY);

    expect(await vault.deleteSecret('acc-1')).toBe(true);
    expect(await vault.deleteSecret('acc-1')).toBe(false);
    expect(await vault.getSecret('acc-1')).toBeUndefined();
    expect(await vault.accountsWithSecret()).toEqual(new Set(['acc-2']));
  });

  it('keeps cached tokens apart from secrets and reads them back as typed data', async () => {
    const token: CachedToken = { accessToken: '87_token', obtainedAt: 1_000, expiresAt: 7_201_000, mode: 'stable' };
    await vault.setSecret('acc-3', CANARY);
    await vault.setToken('acc-3', token);
    expect(await vault.getToken('acc-3')).toEqual(token);
    expect(await vault.getSecret('acc-3')).toBe(CANARY);
    expect(await keytar.getPassword(`${prefix}/tokens`, 'acc-3')).toBe(JSON.stringify(token));

    expect(await vault.deleteToken('acc-3')).toBe(true);
    expect(await vault.getToken('acc-3')).toBeUndefined();
    expect(await vault.getSecret('acc-3')).toBe(CANARY);
  });

  it('reads a cached token it cannot parse as none, so the engine fetches a fresh one', async () => {
    await keytar.setPassword(vault.tokenService, 'acc-4', '{"accessToken":"x"');
    expect(await vault.getToken('acc-4')).toBeUndefined();
    await keytar.setPassword(
      vault.tokenService,
      'acc-4',
      JSON.stringify({ accessToken: 'x', obtainedAt: 1, expiresAt: 2, mode: 'ftp' }),
    );
    expect(await vault.getToken('acc-4')).toBeUndefined();
  });

  it('keeps the local endpoint key', async () => {
    expect(await vault.getEndpointKey()).toBeUndefined();
    await vault.setEndpointKey('k-123');
    expect(await vault.getEndpointKey()).toBe('k-123');
    expect(await vault.deleteEndpointKey()).toBe(true);
    expect(await vault.getEndpointKey()).toBeUndefined();
  });

  it('turns a keychain without a Secret Service into VaultUnavailableError with what to do', async () => {
    // A child process with no session bus and no display: libsecret can't reach any Secret Service.
    const script = path.join(import.meta.dirname, 'vault-without-dbus.ts');
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/tokendesk-bus', DISPLAY: '' };
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, `${prefix}-nobus`], {
      env,
    });
    const result = JSON.parse(stdout) as { name: string; message: string; secretInMessage: boolean };
    expect(result.name).toBe('VaultUnavailableError');
    expect(result.message).toMatch(/keychain is unavailable \(store a secret: .+\)\. /);
    expect(result.message).toMatch(/install and start gnome-keyring or KeePassXC/);
    expect(result.secretInMessage).toBe(false);
  });
});
