import type { AccountView } from '../core/contract/views';

/** A menu item as Electron's Menu.buildFromTemplate takes it (kept structural so the template is testable). */
export interface TrayItem {
  label?: string;
  type?: 'separator' | 'normal';
  enabled?: boolean;
  click?: () => void;
}

function timeLeft(expiresAt: number, now: number): string {
  const seconds = Math.max(0, Math.floor((expiresAt - now) / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return hours > 0
    ? `${hours}h ${String(minutes).padStart(2, '0')}m`
    : `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
}

/**
 * The tray / menu-bar menu: one line per account (label, environment, time left or state) with a "Copy token" item
 * under it, then Show and Quit. Rebuilt by the tray on every account change and on a slow timer for the countdowns.
 */
export function trayMenuTemplate(
  accounts: readonly AccountView[],
  now: number,
  actions: { copyToken: (account: AccountView) => void; show: () => void; quit: () => void },
): TrayItem[] {
  const items: TrayItem[] = [];
  for (const account of accounts) {
    const environment = account.environment === 'production' ? ' · PROD' : '';
    const status =
      account.token &&
      account.token.expiresAt > now &&
      account.state.status !== 'error' &&
      account.state.status !== 'paused'
        ? timeLeft(account.token.expiresAt, now)
        : account.state.status;
    items.push({ label: `${account.label}${environment} — ${status}`, enabled: false });
    items.push({
      label: '    Copy token',
      enabled: Boolean(account.token && account.token.expiresAt > now),
      click: () => actions.copyToken(account),
    });
  }
  if (accounts.length === 0) items.push({ label: 'No accounts yet', enabled: false });
  items.push(
    { type: 'separator' },
    { label: 'Show TokenDesk', click: actions.show },
    { label: 'Quit', click: actions.quit },
  );
  return items;
}
