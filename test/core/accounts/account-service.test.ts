import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccountService, type AccountEvents } from '../../../electron/core/accounts/account-service';
import type { AccountInput } from '../../../electron/core/accounts/account-schema';
import { SettingsService } from '../../../electron/core/settings/settings-service';
import { openNodeStore } from '../../../electron/core/store/node-store';
import { STORE_SCHEMA_VERSION } from '../../../electron/core/store/store-schema';
import { MemoryVault } from '../../support/memory-vault';
import { useTempDirs } from '../../support/temp-dir';

const CANARY = 'cafebabe0123456789abcdef0badf00d';
const input: AccountInput = {
  label: 'Shop OA',
  kind: 'officialAccount',
  appId: 'wx1234567890abcdef',
  environment: 'staging',
  notes: 'pays the bills',
};

function setup(dir: string) {
  const vault = new MemoryVault();
  const { store } = openNodeStore(dir);
  const service = new AccountService({ store, vault, now: () => 1_700_000_000_000 });
  const events: { name: keyof AccountEvents; payload: unknown }[] = [];
  for (const name of ['accountAdded', 'accountUpdated', 'accountRemoved'] as const)
    service.events.on(name, (payload) => events.push({ name, payload }));
  return { vault, service, events, file: path.join(dir, 'config.json') };
}

describe('AccountService over the real settings file', () => {
  const tempDir = useTempDirs();

  it('adds an account: fields in config.json, the trimmed secret only in the vault', async () => {
    const dir = tempDir();
    const { vault, service, events, file } = setup(dir);
    const saved = await service.add(input, `${CANARY}\n`);
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    expect(saved.warnings).toEqual([
      { field: 'secret', message: { code: 'field-secret-trimmed', params: { name: 'AppSecret' } } },
    ]);
    expect(vault.secrets.get(saved.account.id)).toBe(CANARY);

    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(CANARY);
    expect(JSON.parse(text).accounts).toEqual([
      {
        id: saved.account.id,
        label: 'Shop OA',
        kind: 'officialAccount',
        appId: 'wx1234567890abcdef',
        environment: 'staging',
        tokenMode: 'stable',
        autoRefresh: true,
        marginSeconds: null,
        apiBase: null,
        notes: 'pays the bills',
        createdAt: 1_700_000_000_000,
        updatedAt: 1_700_000_000_000,
      },
    ]);
    // A second process (the CLI) over the same file sees it.
    expect(
      new AccountService({ store: openNodeStore(dir).store, vault }).list().map((account) => account.label),
    ).toEqual(['Shop OA']);
    expect(events).toEqual([{ name: 'accountAdded', payload: { account: saved.account } }]);
  });

  it('returns problems as data and saves nothing', async () => {
    const { vault, service } = setup(tempDir());
    await service.add(input, CANARY);
    const result = await service.add({ ...input, label: 'shop oa', appId: 'wx123' }, '');
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: 'label', message: { code: 'field-label-taken', params: { label: 'shop oa' } } },
        { field: 'appId', message: { code: 'field-appid-length', params: { rest: 3 } } },
        { field: 'secret', message: { code: 'field-secret-empty', params: { name: 'AppSecret' } } },
      ],
    });
    expect(service.list()).toHaveLength(1);
    expect(vault.secrets.size).toBe(1);
  });

  it('says the keychain is unavailable on the secret field and saves nothing', async () => {
    const { vault, service } = setup(tempDir());
    vault.unavailable = true;
    const result = await service.add(input, CANARY);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]?.field).toBe('secret');
    expect(result.problems[0]?.message).toEqual({
      code: 'secret-save-failed',
      params: { detail: expect.stringMatching(/^The system keychain is unavailable/) },
    });
    expect(service.list()).toEqual([]);
  });

  it('updates: a label change keeps the cached token, a new secret or AppID drops it', async () => {
    const { vault, service, events } = setup(tempDir());
    const added = await service.add(input, CANARY);
    if (!added.ok) throw new Error('add failed');
    const id = added.account.id;
    const token = { accessToken: 't', obtainedAt: 0, expiresAt: 1, mode: 'stable' as const };
    vault.tokens.set(id, token);

    const renamed = await service.update(id, { label: 'Shop OA (staging)' });
    expect(renamed.ok && renamed.account.label).toBe('Shop OA (staging)');
    expect(vault.tokens.get(id)).toEqual(token);
    expect(events.at(-1)).toMatchObject({ name: 'accountUpdated', payload: { credentialsChanged: false } });

    await service.update(id, {}, ' new-secret-0123456789abcdef012345 ');
    expect(vault.secrets.get(id)).toBe('new-secret-0123456789abcdef012345');
    expect(vault.tokens.has(id)).toBe(false);
    expect(events.at(-1)).toMatchObject({ name: 'accountUpdated', payload: { credentialsChanged: true } });

    vault.tokens.set(id, token);
    await service.update(id, { appId: 'wxfedcba0987654321' });
    expect(vault.tokens.has(id)).toBe(false);

    expect(await service.update(id, { kind: 'wecom' })).toMatchObject({
      ok: false,
      problems: [{ field: 'tokenMode' }],
    });
    expect(await service.update('nope', {})).toMatchObject({ ok: false });
  });

  it('removes an account with its keychain entries', async () => {
    const { vault, service, events } = setup(tempDir());
    const added = await service.add(input, CANARY);
    if (!added.ok) throw new Error('add failed');
    vault.tokens.set(added.account.id, { accessToken: 't', obtainedAt: 0, expiresAt: 1, mode: 'stable' });
    expect(await service.remove(added.account.id)).toEqual({ removed: true });
    expect(service.list()).toEqual([]);
    expect(vault.secrets.size + vault.tokens.size).toBe(0);
    expect(events.at(-1)).toEqual({ name: 'accountRemoved', payload: { accountId: added.account.id } });
    expect(await service.remove(added.account.id)).toEqual({ removed: false });
  });

  it('skips an entry it cannot read but keeps it in the file', async () => {
    const dir = tempDir();
    const { service, file } = setup(dir);
    await service.add(input, CANARY);
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    data.accounts.push({ id: 'future', label: 'From a newer TokenDesk', kind: 'channelsShop' });
    fs.writeFileSync(file, JSON.stringify(data));
    const reopened = new AccountService({ store: openNodeStore(dir).store, vault: new MemoryVault() });
    expect(reopened.list().map((account) => account.label)).toEqual(['Shop OA']);
    await reopened.add({ ...input, label: 'Second' }, CANARY);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).accounts.map((entry: { id: string }) => entry.id)).toContain(
      'future',
    );
  });

  it('migrates a 1.0.0 settings file: settings kept, accounts added', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({
        settings: { theme: 'dark', defaultMarginSeconds: 120 },
        __internal__: { migrations: { version: '1.0.0' } },
      }),
    );
    const { store } = openNodeStore(dir);
    expect(new AccountService({ store, vault: new MemoryVault() }).list()).toEqual([]);
    expect(new SettingsService(store).get()).toMatchObject({ theme: 'dark', defaultMarginSeconds: 120 });
    const file = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
    expect(file.accounts).toEqual([]);
    expect(file.__internal__.migrations.version).toBe(STORE_SCHEMA_VERSION);
  });

  it('keeps a non-array accounts value aside instead of dropping it', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ accounts: { a: 1 }, __internal__: { migrations: { version: '1.0.0' } } }),
    );
    openNodeStore(dir);
    const file = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
    expect(file.accounts).toEqual([]);
    expect(file.accountsUnreadable).toEqual({ a: 1 });
  });
});
