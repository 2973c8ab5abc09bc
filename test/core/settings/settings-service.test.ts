import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsService } from '../../../electron/core/settings/settings-service';
import { DEFAULT_SETTINGS } from '../../../electron/core/store/store-schema';
import { openNodeStore } from '../../../electron/core/store/node-store';
import { useTempDirs } from '../../support/temp-dir';

const readFile = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));

describe('SettingsService over the real settings file', () => {
  const tempDir = useTempDirs();

  it('starts from the defaults and persists a change across reopening', () => {
    const dir = tempDir();
    expect(new SettingsService(openNodeStore(dir).store).get()).toEqual(DEFAULT_SETTINGS);
    new SettingsService(openNodeStore(dir).store).set({ theme: 'dark', language: 'zh-CN' });
    expect(new SettingsService(openNodeStore(dir).store).get()).toMatchObject({
      theme: 'dark',
      language: 'zh-CN',
      notifications: true,
    });
    expect(readFile(dir).settings.theme).toBe('dark');
  });

  it('keeps keys it does not know (a newer version’s) when it writes', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ settings: { theme: 'light', futureFlag: 42 }, window: { bounds: { x: 1 } } }),
    );
    new SettingsService(openNodeStore(dir).store).set({ notifications: false });
    const file = readFile(dir);
    expect(file.settings).toMatchObject({ theme: 'light', futureFlag: 42, notifications: false });
    expect(file.window).toEqual({ bounds: { x: 1 } });
  });

  it('keeps refreshing in the tray by default, also for a settings file written before the setting existed', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ __internal__: { migrations: { version: '1.1.0' } }, settings: { theme: 'dark' }, accounts: [] }),
    );
    const settings = new SettingsService(openNodeStore(dir).store);
    expect(settings.get()).toMatchObject({ theme: 'dark', keepRunningInTray: true });
    settings.set({ keepRunningInTray: false });
    expect(new SettingsService(openNodeStore(dir).store).get().keepRunningInTray).toBe(false);
  });

  it('reads an invalid field as its default without rewriting it', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ settings: { theme: 'sepia', defaultMarginSeconds: 120 } }),
    );
    const service = new SettingsService(openNodeStore(dir).store);
    expect(service.get()).toMatchObject({ theme: 'system', defaultMarginSeconds: 120 });
    expect(readFile(dir).settings.theme).toBe('sepia');
  });

  it('moves an unreadable file aside instead of overwriting it', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), '{"settings": {"theme": "dark"');
    const opened = openNodeStore(dir);
    expect(opened.quarantinedFile).toMatch(/config\.unreadable-\d+\.json$/);
    expect(fs.readFileSync(opened.quarantinedFile!, 'utf8')).toBe('{"settings": {"theme": "dark"');
    expect(new SettingsService(opened.store).get()).toEqual(DEFAULT_SETTINGS);
  });
});
