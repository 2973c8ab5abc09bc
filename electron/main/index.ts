import path from 'node:path';
import {
  app,
  BrowserWindow,
  clipboard,
  ipcMain,
  Menu,
  nativeImage,
  net,
  Notification,
  powerMonitor,
  protocol,
  screen,
  session,
  shell,
  Tray,
} from 'electron';
import ElectronStore from 'electron-store';
import { hostEnvironment } from '../core/host-environment';
import { contentSecurityPolicy } from '../core/security/content-security-policy';
import { openStoreKeepingUnreadable } from '../core/store/node-store';
import { storeOptions, type StoreBackend } from '../core/store/store-schema';
import { TokenDeskCore } from '../core/tokendesk-core';
import { KeytarVault } from '../core/vault/keytar-vault';
import { buildAppMenu } from './app-menu';
import { notifyOnAttention } from './attention-notifier';
import { APP_HOST, APP_SCHEME, registerAppSchemeAsPrivileged, serveRenderer } from './app-protocol';
import { denyAllPermissions } from './hardening';
import { forwardEvents, registerIpc } from './ipc';
import { createMainWindow } from './main-window';
import { createTray } from './tray';
import type { TrustedOrigin } from './trusted-sender';

// Set by `npm run dev`; in a packaged or `npm start` run the UI comes from dist/renderer over app://.
const devServerUrl = process.env.TOKENDESK_DEV_SERVER_URL;
const appRoot = path.resolve(import.meta.dirname, '..', '..');

if (!app.requestSingleInstanceLock()) {
  // A second launch only focuses the first (see 'second-instance'): two engines would fight over the tokens.
  app.quit();
} else {
  registerAppSchemeAsPrivileged(protocol);
  void app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('[tokendesk] failed to start:', error);
      app.exit(1);
    });
}

async function start(): Promise<void> {
  const { store, quarantinedFile } = openStoreKeepingUnreadable(
    app.getPath('userData'),
    () => new ElectronStore<Record<string, unknown>>(storeOptions()) as unknown as StoreBackend,
  );
  // TOKENDESK_API_BASE and TOKENDESK_KEYCHAIN_SERVICE work as in the CLI and the preview (the data dir is Electron's).
  const host = hostEnvironment();
  const core = new TokenDeskCore({
    store,
    clipboard,
    dataDir: app.getPath('userData'),
    vault: new KeytarVault(host.vaultPrefix),
    ...(host.apiBase ? { apiBase: host.apiBase } : {}),
    appInfo: {
      name: app.getName(),
      version: app.getVersion(),
      runtime: 'electron',
      platform: process.platform,
      dataDir: app.getPath('userData'),
      locale: app.getLocale(),
      ...(host.apiBase ? { apiBase: host.apiBase } : {}),
      ...(quarantinedFile ? { quarantinedSettingsFile: quarantinedFile } : {}),
    },
  });

  const trusted: TrustedOrigin[] = devServerUrl
    ? [{ protocol: new URL(devServerUrl).protocol, host: new URL(devServerUrl).host }]
    : [{ protocol: `${APP_SCHEME}:`, host: APP_HOST }];
  registerIpc(ipcMain, core.handlers, trusted);

  denyAllPermissions(session.defaultSession);
  if (devServerUrl) {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      const headers = {
        ...details.responseHeaders,
        'Content-Security-Policy': [contentSecurityPolicy({ devServer: new URL(devServerUrl).origin })],
      };
      callback({ responseHeaders: headers });
    });
  } else {
    serveRenderer(protocol, net, path.join(appRoot, 'dist', 'renderer'));
  }
  Menu.setApplicationMenu(buildAppMenu(Menu, process.platform, app.getName(), Boolean(devServerUrl)));
  // Cached tokens load before the window asks for them (a valid one costs no upstream call).
  await core.start();

  const openWindow = () => {
    const window = createMainWindow({
      BrowserWindow,
      screen,
      shell,
      store,
      preloadPath: path.join(appRoot, 'dist-electron', 'preload', 'index.cjs'),
      pageUrl: devServerUrl ?? `${APP_SCHEME}://${APP_HOST}/index.html`,
    });
    const stopForwarding = forwardEvents(core, window.webContents);
    window.on('closed', stopForwarding);
    return window;
  };
  const showWindow = () => {
    const [window] = BrowserWindow.getAllWindows();
    if (!window) return void openWindow();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  openWindow();
  const disposeTray = createTray({
    Tray,
    Menu,
    clipboard,
    icon: nativeImage
      .createFromPath(path.join(appRoot, 'dist', 'renderer', 'tray-icon.png'))
      .resize({ width: 16, height: 16 }),
    core,
    showWindow,
    quit: () => app.quit(),
  });
  const stopNotifying = notifyOnAttention(Notification, core, showWindow);

  app.on('second-instance', showWindow);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  powerMonitor.on('resume', () => core.resume());
  let disposed = false;
  app.on('before-quit', (event) => {
    if (disposed) return;
    // Let the core stop its timers and finish writes before the process exits.
    event.preventDefault();
    disposed = true;
    disposeTray();
    stopNotifying();
    void core.dispose().finally(() => app.quit());
  });
}
