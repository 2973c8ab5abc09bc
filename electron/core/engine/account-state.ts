import type { CoreMessage } from '../i18n/core-messages';
import type { CachedToken } from '../vault/vault';
import type { FetchFailure } from './failure-policy';

export type AccountStatus = 'idle' | 'fetching' | 'valid' | 'expiring' | 'expired' | 'error' | 'paused';

/** What the UI shows for an account besides its token. Plain data: crosses IPC as-is. */
export interface AccountState {
  status: AccountStatus;
  /** Why it is paused / in error, as a catalogue message (says what to do; each edge words it in its language). */
  reason?: CoreMessage;
  errcode?: number;
  /** What stands in the way when paused / in error: WeChat's answer, the network, the keychain, a local rule … */
  cause?: Blocker['cause'];
  /** Epoch ms of the last status change. */
  since: number;
  /** When the engine will next call WeChat by itself (scheduled refresh or retry); absent when it won't. */
  nextRefreshAt?: number;
  /** When a check or a report showed WeChat refusing our still-valid token: another party refreshed it. */
  refreshedElsewhereAt?: number;
  /** 8950x lockouts: when WeChat will accept calls from this IP again. */
  lockedUntil?: number;
  /**
   * Set when WeChat's clock (its `Date` header) differs from this machine's by more than the engine tolerates: how
   * far ahead WeChat is, in ms (negative: behind). Fix the system clock: token deadlines and quota days depend on it.
   */
  clockSkewMs?: number;
}

/** Why the engine stopped or is waiting; `cause` separates WeChat's answers from local conditions. */
export interface Blocker extends FetchFailure {
  cause: 'wechat' | 'network' | 'no-secret' | 'keychain' | 'refreshed-elsewhere' | 'budget' | 'changed';
  /** Retryable blockers: when the engine tries again (if auto-refresh is on). */
  retryAt?: number;
}

export interface StateInputs {
  fetching: boolean;
  token?: CachedToken;
  /** Start of the token's margin. */
  expiringAt?: number;
  blocker?: Blocker;
  nextRefreshAt?: number;
  refreshedElsewhereAt?: number;
  clockSkewMs?: number;
}

/**
 * The state machine's one rule for what an account is in, from its facts. Order matters: an upstream call in flight
 * wins; then a pause (needs a person), then a transient error (retrying); then the token's own life.
 */
export function deriveState(inputs: StateInputs, now: number, since: number): AccountState {
  const { token, blocker } = inputs;
  let status: AccountStatus;
  if (inputs.fetching) status = 'fetching';
  else if (blocker && !blocker.retryable) status = 'paused';
  else if (blocker) status = 'error';
  else if (token && now < token.expiresAt)
    status = inputs.expiringAt !== undefined && now >= inputs.expiringAt ? 'expiring' : 'valid';
  else if (token) status = 'expired';
  else status = 'idle';

  const state: AccountState = { status, since };
  if (blocker && status !== 'fetching') {
    state.reason = blocker.reason;
    state.cause = blocker.cause;
    if (blocker.errcode !== undefined) state.errcode = blocker.errcode;
    if (blocker.lockedUntil !== undefined && blocker.lockedUntil > now) state.lockedUntil = blocker.lockedUntil;
  }
  if (inputs.nextRefreshAt !== undefined) state.nextRefreshAt = inputs.nextRefreshAt;
  if (inputs.refreshedElsewhereAt !== undefined) state.refreshedElsewhereAt = inputs.refreshedElsewhereAt;
  if (inputs.clockSkewMs !== undefined) state.clockSkewMs = inputs.clockSkewMs;
  return state;
}

export function sameState(a: AccountState, b: AccountState): boolean {
  return (
    a.status === b.status &&
    sameMessage(a.reason, b.reason) &&
    a.errcode === b.errcode &&
    a.cause === b.cause &&
    a.nextRefreshAt === b.nextRefreshAt &&
    a.refreshedElsewhereAt === b.refreshedElsewhereAt &&
    a.lockedUntil === b.lockedUntil &&
    a.clockSkewMs === b.clockSkewMs
  );
}

function sameMessage(a: CoreMessage | undefined, b: CoreMessage | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}
