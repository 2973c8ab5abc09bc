import type { Menu as MenuType, MenuItemConstructorOptions } from 'electron';

/**
 * The standard menu. The Edit menu's roles matter: on macOS, copy/paste shortcuts only work in the page when an
 * Edit menu with these roles exists. TokenDesk's own shortcuts (Ctrl/Cmd+N, R, F, Shift+C) are handled by the page.
 */
export function buildAppMenu(
  Menu: typeof MenuType,
  platform: NodeJS.Platform,
  appName: string,
  devTools = false,
): MenuType {
  const isMac = platform === 'darwin';
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
    { role: 'fileMenu' },
    {
      label: 'Edit',
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
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(devTools ? ([{ type: 'separator' }, { role: 'toggleDevTools' }] as MenuItemConstructorOptions[]) : []),
      ],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
