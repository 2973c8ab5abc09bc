import type { App } from 'electron';

export type LastWindowOutcome = 'quit' | 'keep-running';

/**
 * What closing the last window means. macOS apps stay in the menu bar by convention; on Windows and Linux TokenDesk
 * keeps refreshing in the tray when the setting says so (the default: the desk-side refresher must not stop because
 * its window did) and quits otherwise.
 */
export function afterLastWindowClosed(platform: NodeJS.Platform, keepRunningInTray: boolean): LastWindowOutcome {
  if (platform === 'darwin') return 'keep-running';
  return keepRunningInTray ? 'keep-running' : 'quit';
}

export interface KeepRunningDeps {
  app: Pick<App, 'on' | 'removeListener' | 'quit'>;
  platform: NodeJS.Platform;
  /** Read when the window closes, so a change in Settings applies at once. */
  keepRunningInTray: () => boolean;
  /** Called the first time a closed window leaves TokenDesk running (Windows / Linux), to say where it went. */
  onKeptRunning: () => void;
}

/** Wires `window-all-closed` to `afterLastWindowClosed`. Returns a function that unwires it. */
export function keepRefreshingWhenWindowsClose(deps: KeepRunningDeps): () => void {
  let told = false;
  const onAllClosed = () => {
    if (afterLastWindowClosed(deps.platform, deps.keepRunningInTray()) === 'quit') return deps.app.quit();
    if (deps.platform !== 'darwin' && !told) {
      told = true;
      deps.onKeptRunning();
    }
  };
  deps.app.on('window-all-closed', onAllClosed);
  return () => deps.app.removeListener('window-all-closed', onAllClosed);
}
