import { EventEmitter } from 'node:events';
import type { App, Menu, NativeImage, Tray } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../../electron/core/contract/api-types';
import type { AccountView } from '../../electron/core/contract/views';
import type { CoreLocale } from '../../electron/core/i18n/core-messages';
import { TypedEmitter } from '../../electron/core/events/typed-emitter';
import { DEFAULT_SETTINGS } from '../../electron/core/store/store-schema';
import type { CoreEvents } from '../../electron/core/tokendesk-core';
import { afterLastWindowClosed, keepRefreshingWhenWindowsClose } from '../../electron/main/keep-running';
import { createTray } from '../../electron/main/tray';
import type { TrayItem } from '../../electron/main/tray-menu';

/** Electron's app as far as window-all-closed goes: a real EventEmitter with a quit() we can watch. */
function fakeApp() {
  const emitter = new EventEmitter();
  const quit = vi.fn();
  const app = Object.assign(emitter, { quit }) as unknown as Pick<App, 'on' | 'removeListener' | 'quit'>;
  return { app, quit, closeLastWindow: () => emitter.emit('window-all-closed') };
}

describe('closing the last window', () => {
  it('keeps refreshing in the tray on Windows and Linux when the setting is on, and quits when it is off', () => {
    for (const platform of ['linux', 'win32'] as const) {
      expect(afterLastWindowClosed(platform, true)).toBe('keep-running');
      expect(afterLastWindowClosed(platform, false)).toBe('quit');
    }
    expect(afterLastWindowClosed('darwin', false)).toBe('keep-running');
  });

  it('keeps the app alive with the setting on (the default), says so once, and reads the setting at close time', () => {
    const { app, quit, closeLastWindow } = fakeApp();
    let keep = DEFAULT_SETTINGS.keepRunningInTray;
    const onKeptRunning = vi.fn();
    const unwire = keepRefreshingWhenWindowsClose({
      app,
      platform: 'linux',
      keepRunningInTray: () => keep,
      onKeptRunning,
    });
    closeLastWindow();
    closeLastWindow();
    expect(quit).not.toHaveBeenCalled();
    expect(onKeptRunning).toHaveBeenCalledOnce();

    keep = false;
    closeLastWindow();
    expect(quit).toHaveBeenCalledOnce();

    unwire();
    closeLastWindow();
    expect(quit).toHaveBeenCalledOnce();
  });

  it('never quits on macOS, where apps stay in the menu bar, and has nothing to explain there', () => {
    const { app, quit, closeLastWindow } = fakeApp();
    const onKeptRunning = vi.fn();
    keepRefreshingWhenWindowsClose({ app, platform: 'darwin', keepRunningInTray: () => false, onKeptRunning });
    closeLastWindow();
    expect(quit).not.toHaveBeenCalled();
    expect(onKeptRunning).not.toHaveBeenCalled();
  });
});

describe('createTray', () => {
  const account: AccountView = {
    id: 'a1',
    label: 'Shop OA',
    kind: 'officialAccount',
    appId: 'wx0123456789abcdef',
    environment: 'test',
    tokenMode: 'stable',
    autoRefresh: true,
    marginSeconds: null,
    apiBase: null,
    notes: '',
    secretSet: true,
    state: { status: 'valid', since: Date.now() },
    token: { value: 'TOKEN', obtainedAt: Date.now(), expiresAt: Date.now() + 3_600_000, mode: 'stable' },
  };

  it('rebuilds its menu in the new language when Settings change it, and Quit quits', async () => {
    const menus: TrayItem[][] = [];
    class FakeTray {
      setToolTip() {}
      setContextMenu() {}
      on() {}
      destroy = vi.fn();
    }
    const FakeMenu = { buildFromTemplate: (items: TrayItem[]) => (menus.push(items), {}) };
    const events = new TypedEmitter<CoreEvents>();
    let locale: CoreLocale = 'en';
    const quit = vi.fn();
    const dispose = createTray({
      Tray: FakeTray as unknown as typeof Tray,
      Menu: FakeMenu as unknown as typeof Menu,
      clipboard: { writeText: vi.fn() },
      icon: {} as NativeImage,
      core: { events, handlers: { listAccounts: () => [account] } as unknown as Handlers },
      locale: () => locale,
      showWindow: vi.fn(),
      quit,
    });
    await vi.waitFor(() => expect(menus.at(-1)?.at(-1)?.label).toBe('Quit TokenDesk'));

    locale = 'zh-CN';
    events.emit('settingsChanged', { ...DEFAULT_SETTINGS, language: 'zh-CN' });
    expect(menus.at(-1)?.map((item) => item.label)).toEqual(
      expect.arrayContaining(['    复制令牌', '显示 TokenDesk', '退出 TokenDesk']),
    );
    menus.at(-1)?.at(-1)?.click?.();
    expect(quit).toHaveBeenCalledOnce();
    dispose();
  });
});
