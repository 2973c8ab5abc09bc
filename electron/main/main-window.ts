import path from 'node:path';
import type { BrowserWindow as BrowserWindowType, Screen, Shell } from 'electron';
import { hardenWebContents } from './hardening';
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, usableSavedBounds } from './window-bounds';
import type { StoreBackend } from '../core/store/store-schema';

export interface MainWindowDeps {
  BrowserWindow: typeof BrowserWindowType;
  screen: Pick<Screen, 'getAllDisplays'>;
  shell: Pick<Shell, 'openExternal'>;
  store: StoreBackend;
  preloadPath: string;
  /** app://tokendesk/ in production, the Vite dev server in `npm run dev`. */
  pageUrl: string;
}

const BOUNDS_KEY = 'window.bounds';

/** Creates TokenDesk's one window with the security defaults, restoring (and later saving) its bounds. */
export function createMainWindow(deps: MainWindowDeps): BrowserWindowType {
  const workAreas = deps.screen.getAllDisplays().map((display) => display.workArea);
  const saved = usableSavedBounds(deps.store.get(BOUNDS_KEY), workAreas);
  const window = new deps.BrowserWindow({
    ...(saved ?? DEFAULT_WINDOW_SIZE),
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'TokenDesk',
    show: false, // shown on ready-to-show so the user never sees a white flash
    backgroundColor: '#1b1d23',
    webPreferences: {
      preload: path.resolve(deps.preloadPath),
      contextIsolation: true, // the page cannot reach the preload's world (checklist #3)
      sandbox: true, // the renderer has no Node, the preload only a few modules (checklist #4)
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  hardenWebContents(window.webContents, deps.shell);
  window.once('ready-to-show', () => window.show());
  // Saved on close rather than on every move: one write per session, and the maximised state is not persisted as bounds.
  window.on('close', () => {
    if (!window.isMinimized() && !window.isMaximized()) deps.store.set(BOUNDS_KEY, window.getBounds());
  });
  void window.loadURL(deps.pageUrl);
  return window;
}
