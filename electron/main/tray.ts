import type { Clipboard, Menu as MenuType, NativeImage, Tray as TrayType } from 'electron';
import type { AccountView } from '../core/contract/views';
import type { CoreLocale } from '../core/i18n/core-messages';
import type { Servable } from '../core/host/socket-rpc';
import { trayMenuTemplate } from './tray-menu';

export interface TrayDeps {
  Tray: typeof TrayType;
  Menu: typeof MenuType;
  clipboard: Pick<Clipboard, 'writeText'>;
  icon: NativeImage;
  core: Servable;
  /** The UI language now (Settings → Language, or the OS's); the menu follows a change at once. */
  locale: () => CoreLocale;
  showWindow: () => void;
  quit: () => void;
}

// Countdowns in a native menu can't tick; rebuilding it every 30 s keeps "1h 02m" honest without busy work.
const REBUILD_EVERY_MS = 30_000;

/** The tray / menu-bar icon: accounts with time left and "Copy token" items. Returns a disposer. */
export function createTray(deps: TrayDeps): () => void {
  const tray = new deps.Tray(deps.icon);
  tray.setToolTip('TokenDesk');
  let accounts: AccountView[] = [];
  const rebuild = () => {
    const template = trayMenuTemplate(accounts, Date.now(), deps.locale(), {
      copyToken: (account) => account.token && deps.clipboard.writeText(account.token.value),
      show: deps.showWindow,
      quit: deps.quit,
    });
    tray.setContextMenu(deps.Menu.buildFromTemplate(template));
  };
  void Promise.resolve(deps.core.handlers.listAccounts()).then((list) => {
    accounts = list;
    rebuild();
  });
  const unsubscribes = [
    deps.core.events.on('accountsChanged', (list) => {
      accounts = list;
      rebuild();
    }),
    // One rebuild per batch: the core pushes at most ~10 batches a second however many tokens change.
    deps.core.events.on('accountsUpdated', (changed) => {
      const byId = new Map(changed.map((account) => [account.id, account]));
      accounts = accounts.map((account) => byId.get(account.id) ?? account);
      rebuild();
    }),
    deps.core.events.on('settingsChanged', rebuild),
  ];
  const timer = setInterval(rebuild, REBUILD_EVERY_MS);
  tray.on('click', deps.showWindow);
  return () => {
    clearInterval(timer);
    unsubscribes.forEach((unsubscribe) => unsubscribe());
    tray.destroy();
  };
}
