import type { History } from '../history/history';
import { nextWechatMidnight, wechatDay } from '../history/wechat-day';
import { RefreshRefusedError } from './engine-errors';

export interface ForceRefreshPolicy {
  /** WeChat ignores a force refresh less than 30 s after the previous one ("否则不会刷新"). */
  minGapMs: number;
  /** And allows 20 a day (past that, 45009). */
  perDay: number;
}

/**
 * The stable-token force-refresh rules, kept locally so TokenDesk refuses with a clear reason instead of spending a
 * call WeChat would ignore or reject. Counted from the history, so they hold across restarts.
 * https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html
 */
export function forceRefreshRefusal(
  history: History,
  accountId: string,
  now: number,
  policy: ForceRefreshPolicy,
): RefreshRefusedError | undefined {
  const last = history.lastCallAt(accountId, 'stable-token-force');
  if (last !== undefined && now - last < policy.minGapMs) {
    const retryAt = last + policy.minGapMs;
    return new RefreshRefusedError(
      'force-too-soon',
      `WeChat ignores force refreshes less than ${policy.minGapMs / 1000} s apart (it returns the same token). Try again in ${Math.ceil((retryAt - now) / 1000)} s.`,
      retryAt,
    );
  }
  const today = history.callsOn(accountId, wechatDay(now), ['stable-token-force']);
  if (today >= policy.perDay) {
    const retryAt = nextWechatMidnight(now);
    return new RefreshRefusedError(
      'force-daily-limit',
      `WeChat allows ${policy.perDay} force refreshes a day and this account has used ${today} today; more would fail with 45009. The count resets at 00:00 Beijing time (${new Date(retryAt).toISOString()}).`,
      retryAt,
    );
  }
  return undefined;
}
