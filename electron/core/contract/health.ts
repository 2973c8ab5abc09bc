import type { AccountState } from '../engine/account-state';
import type { CoreMessage } from '../i18n/core-messages';

/**
 * The one health model every surface shows (sidebar, detail, tray, CLI): what a person needs to know about an account,
 * derived from the engine's state plus the user's Auto-refresh switch. The engine's own `status` answers "what is the
 * refresher doing"; this answers "is it fine, and is anything mine to do".
 *
 * Listed worst first: the order is the sidebar's sort order, so accounts that need a person come first.
 */
export const HEALTH_KINDS = ['actionNeeded', 'retrying', 'expired', 'pausedByYou', 'refreshing', 'ok'] as const;
export type HealthKind = (typeof HEALTH_KINDS)[number];

export interface HealthInput {
  state: AccountState;
  autoRefresh: boolean;
  token?: { expiresAt: number };
}

export interface Health {
  kind: HealthKind;
  /** Why: WeChat's refusal or TokenDesk's own reason (action needed, retrying, or a pause that follows a failure). */
  reason?: CoreMessage;
  errcode?: number;
  /** The held token still works: a 45009 or a user pause does not take a valid token away. */
  tokenUsable: boolean;
  /** False for an account that never had a token (shown as "No token yet", sorted with the expired ones). */
  hasToken: boolean;
  /** When the engine calls WeChat again by itself. */
  nextAttemptAt?: number;
}

/** English names, for the CLI and the tray (the renderer translates the kind itself). */
export const HEALTH_LABELS_EN: Record<HealthKind, string> = {
  ok: 'OK',
  refreshing: 'Refreshing',
  retrying: 'Retrying',
  actionNeeded: 'Action needed',
  pausedByYou: 'Paused by you',
  expired: 'Expired',
};

/** Words a filter matches besides the label: `error` finds everything that failed, whatever its kind. */
export const HEALTH_FILTER_WORDS: Record<HealthKind, readonly string[]> = {
  ok: ['ok', 'valid'],
  refreshing: ['refreshing', 'fetching'],
  retrying: ['retrying', 'transient', 'error'],
  actionNeeded: ['action needed', 'error', 'refused'],
  pausedByYou: ['paused by you', 'paused', 'manual'],
  expired: ['expired', 'no token'],
};

export function accountHealth(input: HealthInput, now: number): Health {
  const { state, autoRefresh, token } = input;
  const tokenUsable = token !== undefined && now < token.expiresAt;
  const base = { tokenUsable, hasToken: token !== undefined };
  const why = {
    ...(state.reason !== undefined && { reason: state.reason }),
    ...(state.errcode !== undefined && { errcode: state.errcode }),
  };
  if (state.status === 'fetching') return { kind: 'refreshing', ...base };
  // The engine pauses on a refusal no retry can fix (40164, 40125, 45009, 8950x, no secret): a person must act,
  // whether or not Auto-refresh is on.
  if (state.status === 'paused') return { kind: 'actionNeeded', ...base, ...why };
  if (state.status === 'error') {
    if (state.nextRefreshAt !== undefined)
      return { kind: 'retrying', ...base, ...why, nextAttemptAt: state.nextRefreshAt };
    // A transient failure the engine won't retry because the user switched Auto-refresh off.
    if (!autoRefresh) return { kind: 'pausedByYou', ...base, ...why };
    return { kind: 'retrying', ...base, ...why };
  }
  if (!autoRefresh) return { kind: 'pausedByYou', ...base };
  return tokenUsable ? { kind: 'ok', ...base } : { kind: 'expired', ...base };
}

/** Worst first, then by label (case-insensitive, so "shop" and "Shop" sit together). */
export function compareByHealth(a: { health: Health; label: string }, b: { health: Health; label: string }): number {
  const byKind = HEALTH_KINDS.indexOf(a.health.kind) - HEALTH_KINDS.indexOf(b.health.kind);
  return byKind !== 0 ? byKind : a.label.localeCompare(b.label, undefined, { sensitivity: 'base' });
}

/**
 * AppIDs used by more than one account (lowercased). For Official Accounts and Mini Programs that is a mistake (two
 * refreshers for one AppID invalidate each other's tokens); the apps of one WeCom corp share their CorpID by design.
 */
export function duplicateAppIds(accounts: readonly { appId: string }[]): Set<string> {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const { appId } of accounts) {
    const key = appId.toLowerCase();
    if (seen.has(key)) duplicates.add(key);
    seen.add(key);
  }
  return duplicates;
}
