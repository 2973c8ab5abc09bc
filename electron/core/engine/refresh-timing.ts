import type { TokenMode } from '../accounts/account-schema';
import type { CachedToken } from '../vault/vault';

/** WeChat renews a stable token only in its last 5 minutes; asking earlier returns the same token. */
export const STABLE_RENEWAL_WINDOW_MS = 300_000;

export interface TimingPolicy {
  /** The margin never exceeds this fraction of the token's lifetime, so a short-lived token can't cause a storm. */
  maxMarginFraction: number;
  /** After a refresh that returned the token we already had, wait at least this long before asking again. */
  minRecheckMs: number;
}

/** The refresh margin for this token: the account's, clamped to a fraction of the token's life (and, for stable tokens, to the renewal window). */
export function effectiveMarginMs(token: CachedToken, marginSeconds: number, policy: TimingPolicy): number {
  const lifetime = Math.max(0, token.expiresAt - token.obtainedAt);
  const margin = Math.min(marginSeconds * 1000, lifetime * policy.maxMarginFraction);
  return token.mode === 'stable' ? Math.min(margin, STABLE_RENEWAL_WINDOW_MS) : margin;
}

/** From this instant the token is "expiring": inside its margin. */
export function expiringAt(token: CachedToken, marginSeconds: number, policy: TimingPolicy): number {
  return token.expiresAt - effectiveMarginMs(token, marginSeconds, policy);
}

/**
 * When to fetch the next token. WeCom's gettoken returns the same token for as long as it is valid ("有效期内重复获取
 * 返回相同结果", https://developer.work.weixin.qq.com/document/path/91039), so asking before it expires is wasted.
 */
export function refreshAt(token: CachedToken, marginSeconds: number, policy: TimingPolicy): number {
  return token.mode === 'wecom' ? token.expiresAt : expiringAt(token, marginSeconds, policy);
}

/**
 * After a refresh that returned the token we already had (a stable token before its renewal window, a WeCom token
 * before expiry, a clock running early): try again halfway to expiry — WeCom at expiry — never sooner than the
 * policy's minimum, so a server that keeps answering the same token can't make us spin.
 */
export function recheckAfterUnchanged(token: CachedToken, mode: TokenMode, now: number, policy: TimingPolicy): number {
  if (mode === 'wecom') return Math.max(token.expiresAt, now + policy.minRecheckMs);
  return now + Math.max(policy.minRecheckMs, (token.expiresAt - now) / 2);
}
