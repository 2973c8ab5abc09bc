import { describe, expect, it, vi } from 'vitest';
import { invokes } from '../../electron/core/contract/ipc-contract';
import { registerIpc, type IpcMainLike } from '../../electron/main/ipc';
import type { TrustedOrigin } from '../../electron/main/trusted-sender';
import { createTestCore } from '../support/core-fixture';
import { useTempDirs } from '../support/temp-dir';

type Listener = (event: { senderFrame: { url: string; parent: unknown } | null }, ...args: unknown[]) => unknown;

/** Records what registerIpc hands to ipcMain.handle, so each channel can be called like Electron would. */
function recordingIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipcMain = {
    handle: (channel: string, listener: Listener) => void handlers.set(channel, listener),
    removeHandler: (channel: string) => void handlers.delete(channel),
  } as unknown as IpcMainLike;
  const call = (channel: string, frame: { url: string; parent: unknown } | null, ...args: unknown[]) => {
    const listener = handlers.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return Promise.resolve(listener({ senderFrame: frame }, ...args));
  };
  return { ipcMain, handlers, call };
}

const trusted: TrustedOrigin[] = [{ protocol: 'app:', host: 'tokendesk' }];
const ourMainFrame = { url: 'app://tokendesk/index.html', parent: null };

describe('registerIpc', () => {
  const tempDir = useTempDirs();

  it('registers one handler per contract entry and removes them all', () => {
    const { ipcMain, handlers } = recordingIpcMain();
    const unregister = registerIpc(ipcMain, createTestCore(tempDir()).handlers, trusted, () => {});
    expect([...handlers.keys()].sort()).toEqual(
      Object.values(invokes)
        .map((entry) => entry.channel)
        .sort(),
    );
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('answers our own main frame', async () => {
    const { ipcMain, call } = recordingIpcMain();
    registerIpc(ipcMain, createTestCore(tempDir()).handlers, trusted, () => {});
    await expect(call('settings:get', ourMainFrame)).resolves.toMatchObject({ ok: true, value: { theme: 'system' } });
    await expect(call('accounts:list', ourMainFrame)).resolves.toEqual({ ok: true, value: [] });
  });

  it.each([
    ['another origin', { url: 'https://evil.example/index.html', parent: null }],
    ['a file:// page', { url: 'file:///tmp/index.html', parent: null }],
    ['a sub-frame of our page', { url: 'app://tokendesk/index.html', parent: {} }],
    ['a destroyed frame', null],
  ])('refuses %s before running anything', async (_name, frame) => {
    const { ipcMain, call } = recordingIpcMain();
    const core = createTestCore(tempDir());
    const setSettings = vi.spyOn(core.services.settings, 'set');
    const refusedLog = vi.fn();
    registerIpc(ipcMain, core.handlers, trusted, refusedLog);
    const envelope = await call('settings:set', frame, { theme: 'dark' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(setSettings).not.toHaveBeenCalled();
    expect(refusedLog).toHaveBeenCalledWith('settings:set', frame?.url);
    expect(core.services.settings.get().theme).toBe('system');
  });

  it.each([
    ['a wrong type', [{ theme: 'purple' }]],
    ['an unknown key', [{ theme: 'dark', nodeIntegration: true }]],
    ['a missing argument', []],
    ['an extra argument', [{ theme: 'dark' }, 'extra']],
    ['a non-object', ['dark']],
  ])('refuses malformed arguments: %s', async (_name, args) => {
    const { ipcMain, call } = recordingIpcMain();
    const core = createTestCore(tempDir());
    registerIpc(ipcMain, core.handlers, trusted, () => {});
    const envelope = await call('settings:set', ourMainFrame, ...args);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'bad-arguments' } });
    expect(core.services.settings.get().theme).toBe('system');
  });
});
