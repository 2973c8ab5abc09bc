import { describe, expect, it } from 'vitest';
import { accountHealth, compareByHealth, duplicateAppIds } from '../../../electron/core/contract/health';
import type { AccountState } from '../../../electron/core/engine/account-state';

const NOW = Date.UTC(2026, 10, 25, 10, 0, 0);
const validToken = { expiresAt: NOW + 3_600_000 };
const state = (status: AccountState['status'], extra: Partial<AccountState> = {}): AccountState => ({
  status,
  since: NOW - 1000,
  ...extra,
});

const quotaPaused = {
  code: 'quota-paused',
  params: { errcode: 45009, errmsg: 'reach max api daily quota limit', family: 'wechat', resetsAt: NOW + 3_600_000 },
} as const;
const networkRetrying = { code: 'network-retrying', params: { reason: 'reset', detail: 'socket hang up' } } as const;

describe('accountHealth', () => {
  it('calls a 40164 or 45009 "action needed" with its reason although Auto-refresh is on, and keeps a valid token usable', () => {
    const quota = accountHealth(
      {
        state: state('paused', { errcode: 45009, reason: quotaPaused }),
        autoRefresh: true,
        token: validToken,
      },
      NOW,
    );
    expect(quota).toEqual({
      kind: 'actionNeeded',
      errcode: 45009,
      reason: quotaPaused,
      tokenUsable: true,
      hasToken: true,
    });
    const ip = accountHealth({ state: state('paused', { errcode: 40164 }), autoRefresh: false }, NOW);
    expect(ip).toMatchObject({ kind: 'actionNeeded', errcode: 40164, tokenUsable: false });
  });

  it('calls a transient -1 "retrying" with the next attempt, not an error', () => {
    const busy = accountHealth(
      { state: state('error', { errcode: -1, nextRefreshAt: NOW + 10_000 }), autoRefresh: true, token: validToken },
      NOW,
    );
    expect(busy).toMatchObject({ kind: 'retrying', errcode: -1, nextAttemptAt: NOW + 10_000, tokenUsable: true });
  });

  it('calls a user-paused account "paused by you" whatever its token, and keeps the reason of a failure before it', () => {
    expect(accountHealth({ state: state('valid'), autoRefresh: false, token: validToken }, NOW)).toMatchObject({
      kind: 'pausedByYou',
      tokenUsable: true,
    });
    expect(
      accountHealth({ state: state('error', { errcode: -1, reason: networkRetrying }), autoRefresh: false }, NOW),
    ).toMatchObject({ kind: 'pausedByYou', errcode: -1, reason: networkRetrying });
  });

  it('tells OK, refreshing, expired and never fetched apart', () => {
    expect(accountHealth({ state: state('expiring'), autoRefresh: true, token: validToken }, NOW).kind).toBe('ok');
    expect(accountHealth({ state: state('fetching'), autoRefresh: true }, NOW).kind).toBe('refreshing');
    expect(
      accountHealth({ state: state('expired'), autoRefresh: true, token: { expiresAt: NOW - 1 } }, NOW),
    ).toMatchObject({
      kind: 'expired',
      hasToken: true,
    });
    expect(accountHealth({ state: state('idle'), autoRefresh: true }, NOW)).toMatchObject({
      kind: 'expired',
      hasToken: false,
    });
  });
});

describe('compareByHealth', () => {
  it('sorts the accounts that need a person first, then by label', () => {
    const entry = (label: string, s: AccountState, autoRefresh = true) => ({
      label,
      health: accountHealth({ state: s, autoRefresh, token: validToken }, NOW),
    });
    const sorted = [
      entry('b ok', state('valid')),
      entry('paused', state('valid'), false),
      entry('A ok', state('valid')),
      entry('busy', state('error', { nextRefreshAt: NOW + 1 })),
      entry('ip', state('paused', { errcode: 40164 })),
    ].sort(compareByHealth);
    expect(sorted.map((e) => e.label)).toEqual(['ip', 'busy', 'paused', 'A ok', 'b ok']);
  });
});

describe('duplicateAppIds', () => {
  it('finds AppIDs used twice, whatever their case', () => {
    const found = duplicateAppIds([
      { appId: 'wx1234567890abcdef' },
      { appId: 'wx0000000000000001' },
      { appId: 'WX1234567890ABCDEF' },
    ]);
    expect([...found]).toEqual(['wx1234567890abcdef']);
  });
});
