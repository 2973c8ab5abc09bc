import type { Menu, NativeImage, Tray } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../../electron/core/contract/api-types';
import type { AccountView } from '../../electron/core/contract/views';
import { TypedEmitter } from '../../electron/core/events/typed-emitter';
import type { CoreEvents } from '../../electron/core/tokendesk-core';
import { attentionMessage } from '../../electron/main/attention';
import { createTray } from '../../electron/main/tray';
import { trayMenuTemplate } from '../../electron/main/tray-menu';

const now = Date.parse('2026-11-25T10:00:00Z');
const whitelistRefusal = {
  code: 'wechat-paused',
  params: { errcode: 40164, errmsg: 'invalid ip 203.0.113.7, not in whitelist', family: 'wechat' },
} as const;

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
    const quit = vi.fn();
    const items = trayMenuTemplate([account()], now, 'en', { copyToken, show: vi.fn(), quit });
    expect(items[0]).toMatchObject({ label: 'Shop OA · PROD — 1h 02m', enabled: false });
    expect(items[1]).toMatchObject({ label: '    Copy token', enabled: true });
    items[1]!.click!();
    expect(copyToken).toHaveBeenCalledWith(expect.objectContaining({ id: 'a1' }));
    expect(items.at(-1)).toMatchObject({ label: 'Quit TokenDesk' });
    items.at(-1)!.click!();
    expect(quit).toHaveBeenCalledOnce();
  });

  it('speaks the UI language', () => {
    const items = trayMenuTemplate([account()], now, 'zh-CN', { copyToken: vi.fn(), show: vi.fn(), quit: vi.fn() });
    expect(items.map((item) => item.label)).toEqual([
      'Shop OA · 生产 — 1 小时 02 分',
      '    复制令牌',
      undefined,
      '显示 TokenDesk',
      '退出 TokenDesk',
    ]);
    const paused = account({ state: { status: 'paused', since: now, errcode: 40164 }, token: undefined });
    expect(
      trayMenuTemplate([paused], now, 'zh-CN', { copyToken: vi.fn(), show: vi.fn(), quit: vi.fn() })[0],
    ).toMatchObject({
      label: 'Shop OA · 生产 — 需要处理 (40164)',
    });
    expect(trayMenuTemplate([], now, 'zh-CN', { copyToken: vi.fn(), show: vi.fn(), quit: vi.fn() })[0]).toMatchObject({
      label: '还没有账号',
    });
  });

  it('shows the state instead of a time, and no copy, when there is no usable token', () => {
    const items = trayMenuTemplate(
      [account({ environment: 'test', state: { status: 'paused', since: now }, token: undefined })],
      now,
      'en',
      {
        copyToken: vi.fn(),
        show: vi.fn(),
        quit: vi.fn(),
      },
    );
    expect(items[0]!.label).toBe('Shop OA — Action needed');
    expect(items[1]!.enabled).toBe(false);
  });
});

describe('createTray', () => {
  it('rebuilds the menu once per pushed batch, with every changed account in it', async () => {
    const menus: { label?: string }[][] = [];
    class FakeTray {
      setToolTip() {}
      setContextMenu(menu: { label?: string }[]) {
        menus.push(menu);
      }
      on() {}
      destroy() {}
    }
    const events = new TypedEmitter<CoreEvents>();
    const listed = [account({ id: 'a1', label: 'One' }), account({ id: 'a2', label: 'Two' })];
    const dispose = createTray({
      Tray: FakeTray as unknown as typeof Tray,
      Menu: { buildFromTemplate: (template: { label?: string }[]) => template } as unknown as typeof Menu,
      clipboard: { writeText: vi.fn() },
      icon: {} as NativeImage,
      core: { handlers: { listAccounts: async () => listed } as unknown as Handlers, events },
      locale: () => 'en',
      showWindow: vi.fn(),
      quit: vi.fn(),
    });
    await vi.waitFor(() => expect(menus).toHaveLength(1));

    const paused = { status: 'paused' as const, since: now };
    events.emit('accountsUpdated', [
      account({ id: 'a1', label: 'One', state: paused, token: undefined }),
      account({ id: 'a2', label: 'Two', state: paused, token: undefined }),
    ]);
    expect(menus).toHaveLength(2);
    expect(menus[1]!.map((item) => item.label).filter((label) => label?.includes('Action needed'))).toHaveLength(2);
    dispose();
  });
});

describe('attentionMessage', () => {
  it('notifies once when an account becomes paused', () => {
    const paused = account({ state: { status: 'paused', since: now, errcode: 40164, reason: whitelistRefusal } });
    expect(attentionMessage(account(), paused, 'en')).toMatch(/^Shop OA: Action needed — .*whitelist/i);
    expect(attentionMessage(paused, paused, 'en')).toBeUndefined();
  });

  it('words the state and the core’s reason in the UI language', () => {
    const paused = account({ state: { status: 'paused', since: now, errcode: 40164, reason: whitelistRefusal } });
    const message = attentionMessage(account(), paused, 'zh-CN');
    expect(message).toMatch(/^Shop OA：需要处理——.*白名单/);
    expect(message).not.toMatch(/paused|whitelist/i);
  });

  it('notifies when the token was refreshed elsewhere', () => {
    const elsewhere = account({ state: { status: 'expired', since: now, refreshedElsewhereAt: now } });
    expect(attentionMessage(account(), elsewhere, 'en')).toMatch(/another party refreshed/);
    expect(attentionMessage(account(), elsewhere, 'zh-CN')).toMatch(/另一方刷新了/);
  });

  it('stays quiet for ordinary refreshes', () => {
    expect(attentionMessage(account({ state: { status: 'fetching', since: now } }), account(), 'en')).toBeUndefined();
  });
});
