import { describe, expect, it } from 'vitest';
import type { AccountInput } from '../../../electron/core/accounts/account-schema';
import { validateAccount, type ValidationContext } from '../../../electron/core/accounts/account-validation';
import { formatCoreMessage } from '../../../electron/core/i18n/core-messages';

const SECRET = '0123456789abcdef0123456789abcdef';
const base: AccountInput = { label: 'Shop OA', kind: 'officialAccount', appId: 'wx1234567890abcdef' };
const fresh: ValidationContext = { otherLabels: [], secretRequired: true };
const messageFor = (input: AccountInput, secret: string | undefined = SECRET, context = fresh) =>
  validateAccount(input, secret, context).problems.map(
    (problem) => `${problem.field}: ${formatCoreMessage(problem.message, 'en')}`,
  );

describe('validateAccount', () => {
  it('fills in the defaults: production, stable, auto-refresh, default margin', () => {
    const result = validateAccount(base, SECRET, fresh);
    expect(result.problems).toEqual([]);
    expect(result.account).toEqual({
      label: 'Shop OA',
      kind: 'officialAccount',
      appId: 'wx1234567890abcdef',
      environment: 'production',
      tokenMode: 'stable',
      autoRefresh: true,
      marginSeconds: null,
      apiBase: null,
      notes: '',
    });
    expect(result.secret).toBe(SECRET);
  });

  it('says what is wrong with an AppID', () => {
    expect(messageFor({ ...base, appId: '' })).toEqual([
      'appId: Enter the AppID: "wx" followed by 16 hexadecimal characters, e.g. wx1234567890abcdef.',
    ]);
    expect(messageFor({ ...base, appId: 'wx1234567890abcde' })[0]).toContain('this one has 15');
    expect(messageFor({ ...base, appId: 'wx1234567890abcdeg' })[0]).toContain('only hexadecimal characters');
    expect(messageFor({ ...base, appId: 'gh_1234567890ab' })[0]).toContain('starts with "wx"');
    expect(messageFor({ ...base, appId: 'ww1234567890abcdef' })[0]).toContain('WeCom CorpID');
    expect(messageFor({ ...base, appId: 'WX1234567890ABCDEF'.replace('WX', 'wx') })[0]).toContain('lowercase');
    expect(messageFor({ ...base, appId: '  wx1234567890abcdef\n' })).toEqual([]);
  });

  it('checks CorpIDs for WeCom, and forces the wecom token mode', () => {
    const wecom: AccountInput = { label: 'Corp', kind: 'wecom', appId: 'ww1234567890abcdef' };
    const secret = 'a'.repeat(43);
    expect(validateAccount(wecom, secret, fresh).account?.tokenMode).toBe('wecom');
    expect(messageFor({ ...wecom, appId: 'wx1234567890abcdef' }, secret)).toEqual([]);
    expect(messageFor({ ...wecom, appId: 'ww12' }, secret)[0]).toContain('this one has 2');
    expect(messageFor({ ...wecom, tokenMode: 'stable' }, secret)).toEqual([
      'tokenMode: A WeCom account gets its token from gettoken: choose the "wecom" token mode.',
    ]);
    expect(messageFor({ ...base, tokenMode: 'wecom' })[0]).toContain('for WeCom accounts only');
  });

  it('trims a pasted secret and says so; blocks one broken in the middle; warns about an unusual length', () => {
    const trimmed = validateAccount(base, `  ${SECRET}\n`, fresh);
    expect(trimmed.secret).toBe(SECRET);
    expect(trimmed.warnings).toEqual([
      { field: 'secret', message: { code: 'field-secret-trimmed', params: { name: 'AppSecret' } } },
    ]);

    expect(messageFor(base, `${SECRET.slice(0, 10)}\n${SECRET.slice(10)}`)[0]).toContain('line break in the middle');
    expect(messageFor(base, '   ')).toEqual(['secret: Enter the AppSecret.']);

    const short = validateAccount(base, SECRET.slice(0, 30), fresh);
    expect(short.problems).toEqual([]);
    expect(short.warnings[0]?.message).toEqual({
      code: 'field-secret-length',
      params: { name: 'AppSecret', usual: 32, length: 30 },
    });
    expect(formatCoreMessage(short.warnings[0]!.message, 'en')).toBe(
      'AppSecrets are usually 32 characters; this one has 30. Check you copied all of it.',
    );
  });

  it('lets an edit keep the stored secret', () => {
    expect(validateAccount(base, undefined, { otherLabels: [], secretRequired: false }).problems).toEqual([]);
    expect(validateAccount(base, undefined, fresh).problems).toEqual([
      { field: 'secret', message: { code: 'field-secret-empty', params: { name: 'AppSecret' } } },
    ]);
  });

  it('keeps labels unique, ignoring case and surrounding spaces', () => {
    expect(
      messageFor({ ...base, label: ' shop oa ' }, SECRET, { otherLabels: ['Shop OA'], secretRequired: true }),
    ).toEqual(['label: Another account is already called "shop oa": choose a different name.']);
    expect(messageFor({ ...base, label: '' })[0]).toContain('Give the account a name');
  });

  it('checks the margin and the base URL', () => {
    expect(messageFor({ ...base, marginSeconds: 10 })[0]).toContain('from 30 to 3600');
    expect(messageFor({ ...base, apiBase: 'api.weixin.qq.com' })[0]).toContain('starting with https://');
    expect(messageFor({ ...base, apiBase: 'ftp://proxy' })[0]).toContain('must start with https://');
    expect(messageFor({ ...base, apiBase: 'https://proxy.example/?secret=1' })[0]).toContain('Remove the query');
    expect(validateAccount({ ...base, apiBase: 'https://proxy.example/wx/' }, SECRET, fresh).account?.apiBase).toBe(
      'https://proxy.example/wx',
    );
  });

  it('refuses plain http off this machine (the AppSecret would cross in clear), allows it on loopback', () => {
    for (const offMachine of [
      'http://10.0.0.5:8080',
      'http://proxy.example',
      'http://[2001:db8::1]/',
      'http://127.example',
    ])
      expect(messageFor({ ...base, apiBase: offMachine })).toEqual([expect.stringMatching(/^apiBase: Use https:\/\//)]);
    for (const loopback of ['http://127.0.0.1:8080', 'http://127.1.2.3', 'http://localhost:9', 'http://[::1]:8080']) {
      const result = validateAccount({ ...base, apiBase: loopback }, SECRET, fresh);
      expect(result.problems).toEqual([]);
      expect(result.warnings).toEqual([]);
    }
  });

  it('warns that classic mode on production breaks other servers’ tokens', () => {
    const result = validateAccount({ ...base, tokenMode: 'classic' }, SECRET, fresh);
    expect(result.problems).toEqual([]);
    expect(result.warnings[0]?.field).toBe('tokenMode');
    expect(validateAccount({ ...base, tokenMode: 'classic', environment: 'staging' }, SECRET, fresh).warnings).toEqual(
      [],
    );
  });
});
