import type { Session, Shell, WebContents } from 'electron';
import { safeExternalUrl } from '../core/security/external-links';

/** Opens a link in the user's browser if it is https; every external open in the app goes through here. */
export function openExternalSafely(shell: Pick<Shell, 'openExternal'>, raw: string): boolean {
  const url = safeExternalUrl(raw);
  if (!url) return false;
  void shell.openExternal(url);
  return true;
}

/**
 * Locks down a window's web contents (Electron security checklist #13, #14): the page may never navigate away
 * from our UI nor open windows; an https link the page tries to open goes to the user's browser instead.
 */
export function hardenWebContents(webContents: WebContents, shell: Pick<Shell, 'openExternal'>): void {
  webContents.on('will-navigate', (event) => event.preventDefault());
  webContents.on('will-redirect', (event) => event.preventDefault());
  webContents.on('will-attach-webview', (event) => event.preventDefault());
  webContents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(shell, url);
    return { action: 'deny' };
  });
}

/** TokenDesk needs no camera, notifications-from-the-page, geolocation… : every permission request is denied (#5). */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
