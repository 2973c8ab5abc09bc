import type { Menu, MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { CoreLocale } from '../../electron/core/i18n/core-messages';
import { buildAppMenu } from '../../electron/main/app-menu';

/** Captures the template instead of building a native menu. */
function template(
  platform: NodeJS.Platform,
  devTools = false,
  locale: CoreLocale = 'en',
): MenuItemConstructorOptions[] {
  let captured: MenuItemConstructorOptions[] = [];
  const FakeMenu = {
    buildFromTemplate: (items: MenuItemConstructorOptions[]) => ((captured = items), {}),
  } as unknown as typeof Menu;
  buildAppMenu(FakeMenu, platform, 'TokenDesk', locale, devTools);
  return captured;
}

const roles = (items: MenuItemConstructorOptions[]): string[] =>
  items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);

describe('buildAppMenu', () => {
  it('has the Edit roles copy/paste need on macOS', () => {
    expect(roles(template('darwin'))).toEqual(
      expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'quit']),
    );
  });

  it('leaves Ctrl/Cmd+R to "refresh the token": no reload items', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      expect(roles(template(platform, true))).not.toEqual(expect.arrayContaining(['reload']));
      expect(roles(template(platform, true))).not.toContain('forceReload');
      expect(roles(template(platform))).not.toContain('viewMenu');
    }
  });

  it('has Close Window and Quit in the File menu on Windows and Linux, in the UI language', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const file = template(platform, false, 'zh-CN')[0]!;
      expect(file.label).toBe('文件');
      expect(file.submenu).toEqual([
        expect.objectContaining({ role: 'close', label: '关闭窗口' }),
        { type: 'separator' },
        expect.objectContaining({ role: 'quit', label: '退出 TokenDesk' }),
      ]);
    }
    expect(template('linux')[0]).toMatchObject({ label: 'File' });
    expect(template('linux')[1]).toMatchObject({ label: 'Edit' });
  });

  it('offers developer tools only in development', () => {
    expect(roles(template('linux'))).not.toContain('toggleDevTools');
    expect(roles(template('linux', true))).toContain('toggleDevTools');
  });
});
