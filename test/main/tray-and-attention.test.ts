import { describe, expect, it, vi } from 'vitest';
import type { AccountView } from '../../electron/core/contract/views';
import { attentionMessage } from '../../electron/main/attention';
import { trayMenuTemplate } from '../../electron/main/tray-menu';

const now = Date.parse('2026-11-25T10:00:00Z');

function account(overrides: Partial<AccountView> = {}): AccountView {
  return {
    id: 'a1',
    label: 'Shop OA',
    kind: 'officialAccount',
    appId: 'wx0123456789abcdef',
    environment: 'production',
    tokenMode: 'stable',
    autoRefresh: true,
    marginSeconds: null,
    apiBase: null,
    notes: '',
    secretSet: true,
    state: { status: 'valid', since: now },
    token: { value: 'TOKEN', obtainedAt: now - 1000, expiresAt: now + 3_725_000, mode: 'stable' },
    ...overrides,
  };
}

describe('trayMenuTemplate', () => {
  it('lists each account with its time left and a Copy token item that copies it', () => {
    const copyToken = vi.fn();
    const items = trayMenuTemplate([account()], now, { copyToken, show: vi.fn(), quit: vi.fn() });
    expect(items[0]).toMatchObject({ label: 'Shop OA · PROD — 1h 02m', enabled: false });
    expect(items[1]).toMatchObject({ label: '    Copy token', enabled: true });
    items[1]!.click!();
    expect(copyToken).toHaveBeenCalledWith(expect.objectContaining({ id: 'a1' }));
    expect(items.at(-1)).toMatchObject({ label: 'Quit' });
  });

  it('shows the state instead of a time, and no copy, when there is no usable token', () => {
    const items = trayMenuTemplate(
      [account({ environment: 'test', state: { status: 'paused', since: now }, token: undefined })],
      now,
      {
        copyToken: vi.fn(),
        show: vi.fn(),
        quit: vi.fn(),
      },
    );
    expect(items[0]!.label).toBe('Shop OA — paused');
    expect(items[1]!.enabled).toBe(false);
  });
});

describe('attentionMessage', () => {
  it('notifies once when an account becomes paused', () => {
    const paused = account({ state: { status: 'paused', since: now, reason: '40164 IP not whitelisted' } });
    expect(attentionMessage(account(), paused)).toBe('Shop OA is paused: 40164 IP not whitelisted');
    expect(attentionMessage(paused, paused)).toBeUndefined();
  });

  it('notifies when the token was refreshed elsewhere', () => {
    const elsewhere = account({ state: { status: 'expired', since: now, refreshedElsewhereAt: now } });
    expect(attentionMessage(account(), elsewhere)).toMatch(/another party refreshed/);
  });

  it('stays quiet for ordinary refreshes', () => {
    expect(attentionMessage(account({ state: { status: 'fetching', since: now } }), account())).toBeUndefined();
  });
});
