import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AccountService } from '../../../electron/core/accounts/account-service';
import { sourceOf, StoredAccountSchema } from '../../../electron/core/accounts/account-schema';
import { openNodeStore } from '../../../electron/core/store/node-store';
import { wechatSourcedAccounts } from '../../../electron/core/team/followed-accounts';
import { MemoryVault } from '../../support/memory-vault';
import { useTempDirs } from '../../support/temp-dir';
import { wxjavaFollow } from '../../support/team-fixtures';

const tempDir = useTempDirs();
const APPID = 'wx1111111111111111';

function service() {
  const dir = tempDir();
  const { store } = openNodeStore(dir);
  const vault = new MemoryVault();
  return { accounts: new AccountService({ store, vault }), vault, file: store.path };
}

describe('account sources', () => {
  it('reads an entry written before team mode as a WeChat-sourced account, unchanged', () => {
    const old = {
      id: 'a1',
      label: 'shop',
      kind: 'officialAccount',
      appId: APPID,
      environment: 'production',
      tokenMode: 'stable',
      autoRefresh: true,
      marginSeconds: null,
      apiBase: null,
      notes: '',
      createdAt: 1,
      updatedAt: 1,
    };
    const parsed = StoredAccountSchema.parse(old);
    expect(sourceOf(parsed)).toBe('wechat');
    expect(parsed).toEqual(old);
  });

  it('adds a followed account with no secret, the URL password in the keychain only', async () => {
    const { accounts, vault, file } = service();
    const result = await accounts.add(
      {
        label: 'team',
        kind: 'officialAccount',
        appId: APPID,
        source: 'redis',
        follow: wxjavaFollow('redis://desk:pw-canary@10.0.0.5:6380/2'),
      },
      undefined,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.account.follow).toMatchObject({ url: 'redis://desk@10.0.0.5:6380/2' });
    expect(vault.secrets.size).toBe(0);
    expect(vault.connectionPasswords.get(result.account.id)).toBe('pw-canary');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('pw-canary');
    await accounts.remove(result.account.id);
    expect(vault.connectionPasswords.size).toBe(0);
  });

  it('says what to fix: a secret on a followed account, a source without its settings, a bad URL', async () => {
    const { accounts } = service();
    const base = { label: 'team', kind: 'officialAccount' as const, appId: APPID };
    const withSecret = accounts.validate({ ...base, source: 'redis', follow: wxjavaFollow('redis://h:1') }, 'cafebabe');
    expect(withSecret.problems).toEqual([
      { field: 'secret', message: { code: 'field-secret-not-for-followed', params: {} } },
    ]);
    const noFollow = accounts.validate({ ...base, source: 'redis' });
    expect(noFollow.problems).toEqual([{ field: 'follow', message: { code: 'follow-redis-needed', params: {} } }]);
    const badUrl = accounts.validate({ ...base, source: 'redis', follow: wxjavaFollow('http://h:1') });
    expect(badUrl.problems).toEqual([
      { field: 'follow', message: { code: 'redis-url-scheme', params: { scheme: 'http:' } } },
    ]);
    // A WeChat-sourced account still needs its secret.
    expect(accounts.validate(base).problems).toEqual([expect.objectContaining({ field: 'secret' })]);
  });

  it('hides followed accounts from the engine; one switched to followed reads as removed', async () => {
    const { accounts } = service();
    const engineView = wechatSourcedAccounts(accounts);
    const seen: string[] = [];
    engineView.events.on('accountAdded', ({ account }) => seen.push(`added ${account.label}`));
    engineView.events.on('accountRemoved', ({ accountId }) => seen.push(`removed ${accountId}`));
    const managed = await accounts.add(
      { label: 'shop', kind: 'officialAccount', appId: 'wx2222222222222222' },
      'cafebabe0123456789abcdef01234567',
    );
    const team = await accounts.add(
      {
        label: 'team',
        kind: 'officialAccount',
        appId: APPID,
        source: 'central',
        follow: { kind: 'central', url: 'https://t.example/token', tokenField: null },
      },
      undefined,
    );
    if (!managed.ok || !team.ok) throw new Error('not saved');
    expect(engineView.list().map((account) => account.label)).toEqual(['shop']);
    expect(engineView.get(team.account.id)).toBeUndefined();
    await accounts.update(managed.account.id, { source: 'redis', follow: wxjavaFollow('redis://h:1') });
    expect(engineView.list()).toEqual([]);
    expect(seen).toEqual(['added shop', `removed ${managed.account.id}`]);
  });
});
