import type { Menu as MenuType, MenuItemConstructorOptions } from 'electron';
import type { CoreLocale } from '../core/i18n/core-messages';
import { SHELL_LABELS } from '../core/i18n/shell-labels';

/**
 * The standard menu. The Edit menu's roles matter: on macOS, copy/paste shortcuts only work in the page when an
 * Edit menu with these roles exists. TokenDesk's own shortcuts (Ctrl/Cmd+N, R, F, Shift+C) are handled by the page.
 * On Windows / Linux the File menu has both Close Window (TokenDesk may keep refreshing in the tray) and Quit (it
 * stops). Our own labels follow the UI language; role items keep the labels Electron gives them.
 */
export function buildAppMenu(
  Menu: typeof MenuType,
  platform: NodeJS.Platform,
  appName: string,
  locale: CoreLocale,
  devTools = false,
): MenuType {
  const isMac = platform === 'darwin';
  const labels = SHELL_LABELS[locale];
  const template: MenuItemConstructorOptions[] = [
    ...(isMac
      ? [
          {
            label: appName,
            submenu: [
              { role: 'about' },
              { type: 'separator' },
              { role: 'services' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          } as MenuItemConstructorOptions,
        ]
      : []),
    isMac
      ? { role: 'fileMenu' }
      : {
          label: labels.fileMenu,
          submenu: [
            { role: 'close', label: labels.closeWindow },
            { type: 'separator' },
            { role: 'quit', label: labels.quit },
          ],
        },
    {
      label: labels.editMenu,
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    // Not the stock viewMenu: its reload items own Ctrl/Cmd+R, which TokenDesk uses for "refresh the token".
    {
      label: labels.viewMenu,
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(devTools ? ([{ type: 'separator' }, { role: 'toggleDevTools' }] as MenuItemConstructorOptions[]) : []),
      ],
    },
    { role: 'windowMenu', label: labels.windowMenu },
  ];
  return Menu.buildFromTemplate(template);
}
