import {
  accountHealth,
  compareByHealth,
  duplicateAppIds,
  HEALTH_FILTER_WORDS,
  type Health,
} from '../../electron/core/contract/health';
import type { AccountView } from '../../electron/core/contract/views';
import { catalogs } from './i18n/messages';

/** An account as the sidebar lists it: its health, and whether another account shares its AppID. */
export interface DeskEntry {
  account: AccountView;
  health: Health;
  /** Another account has the same AppID: the local endpoint must be asked by label. */
  appIdShared: boolean;
  /** …and that is a mistake worth a flag (WeCom apps of one corp share their CorpID by design). */
  duplicateAppId: boolean;
  label: string;
}

/** Short words people type for an environment, next to the full names. */
const ENVIRONMENT_WORDS = { production: ['prod'], staging: ['stage', 'stg'], test: [] } as const;

/**
 * Everything a filter word may match for one account, in both UI languages: a person who switched to 简体中文 still
 * types `prod`, and one who reads English may type 测试号.
 */
function searchText(entry: DeskEntry): string {
  const { account, health } = entry;
  const words = [
    account.label,
    account.appId,
    account.kind,
    account.environment,
    ...ENVIRONMENT_WORDS[account.environment],
    ...HEALTH_FILTER_WORDS[health.kind],
    health.errcode !== undefined ? String(health.errcode) : '',
    entry.duplicateAppId ? 'duplicate' : '',
  ];
  for (const catalog of Object.values(catalogs))
    words.push(
      catalog[`kind.${account.kind}`],
      catalog[`env.${account.environment}`],
      catalog[`health.${health.kind}`],
      entry.duplicateAppId ? catalog['sidebar.duplicate'] : '',
    );
  return words.join('\n').toLowerCase();
}

/** Every whitespace-separated word of the filter must match (so `test error` finds failing test accounts). */
export function matchesFilter(entry: DeskEntry, filter: string): boolean {
  const needles = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (needles.length === 0) return true;
  const haystack = searchText(entry);
  return needles.every((needle) => haystack.includes(needle));
}

/** The sidebar's rows: filtered, worst health first, then by label. */
export function deskEntries(accounts: readonly AccountView[], filter: string, now: number): DeskEntry[] {
  const duplicates = duplicateAppIds(accounts);
  return accounts
    .map((account) => {
      const appIdShared = duplicates.has(account.appId.toLowerCase());
      return {
        account,
        label: account.label,
        health: accountHealth(account, now),
        appIdShared,
        duplicateAppId: appIdShared && account.kind !== 'wecom',
      };
    })
    .filter((entry) => matchesFilter(entry, filter))
    .sort(compareByHealth);
}

/** When each held token expires: the instants at which an account's health can change with the time alone. */
export function tokenExpiries(accounts: readonly { token?: { expiresAt: number } }[]): number[] {
  return accounts.flatMap((account) => (account.token ? [account.token.expiresAt] : []));
}
