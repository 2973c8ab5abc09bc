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
import { createHost } from '../core/host/host';
import { openVault } from '../core/vault/open-vault';
import { resolveShellLocale, SHELL_LABELS } from '../core/i18n/shell-labels';
import { buildAppMenu } from './app-menu';
import { keepRefreshingWhenWindowsClose } from './keep-running';
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
  // The same host lifecycle as the preview and `serve`: the refresher for this data dir, or — when `tokendesk serve`
  // already refreshes — a follower whose window shows that refresher's tokens and which takes over when it stops.
  const core = await createHost({
    kind: 'app',
    store,
    clipboard,
    dataDir: app.getPath('userData'),
    vault: openVault(host.vaultPrefix, app.getPath('userData')),
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
  // Native menus, the tray and notifications speak the UI language (Settings → Language, or the OS's).
  const uiLocale = () => resolveShellLocale(core.settings.get().language, app.getLocale());
  const setAppMenu = () =>
    Menu.setApplicationMenu(buildAppMenu(Menu, process.platform, app.getName(), uiLocale(), Boolean(devServerUrl)));
  setAppMenu();
  core.events.on('settingsChanged', setAppMenu);

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
    locale: uiLocale,
    showWindow,
    quit: () => app.quit(),
  });
  const stopNotifying = notifyOnAttention(Notification, core, uiLocale, showWindow);

  app.on('second-instance', showWindow);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  // Closing the window leaves the refresher running in the tray (unless Settings say otherwise); Quit ends it.
  keepRefreshingWhenWindowsClose({
    app,
    platform: process.platform,
    keepRunningInTray: () => core.settings.get().keepRunningInTray,
    onKeptRunning: () => {
      if (!Notification.isSupported()) return;
      const labels = SHELL_LABELS[uiLocale()];
      const notification = new Notification({ title: labels.keptRunningTitle, body: labels.keptRunningBody });
      notification.on('click', showWindow);
      notification.show();
    },
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
