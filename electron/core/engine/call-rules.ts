import { nextWechatMidnight, nextWechatMonthStart, wechatDay, wechatMonth } from '../history/wechat-day';
import { TOKEN_CALLS } from '../history/history-entry';
import type { WeChatCall } from '../wechat/types';
import type { AppBlocks } from './block-store';
import { RefreshRefusedError } from './engine-errors';

export interface CallRulesPolicy {
  /** Failed upstream token calls allowed per AppID per rolling hour. */
  failedCallsPerHour: number;
  /** WeChat ignores a force refresh less than 30 s after the previous one ("否则不会刷新"). */
  forceRefreshMinGapMs: number;
  /** And allows 20 a day (past that, 45009). */
  forceRefreshesPerDay: number;
  /** clear_quota and clear_quota/v2 together: 10 a month. */
  quotaClearsPerMonth: number;
}

const HOUR_MS = 60 * 60_000;

/**
 * Whether TokenDesk may make this call for this AppID now, from the blocks every process shares (block-store.ts).
 * Refusing locally, with when it becomes possible, beats spending a call WeChat would refuse, ignore or punish:
 * - an 8950x IP lockout: any call now only extends it;
 * - 45009 on the token API: nothing until WeChat's day resets (00:00 Beijing time) or a clear_quota succeeds;
 * - the failure budget: an AppID that keeps failing can't cost WeChat (or WeCom's "2000 failed calls an hour" IP block)
 *   more than N failed token calls an hour, whatever asks (schedule, retries, callers, a person);
 * - stable_token force_refresh: ≥ 30 s apart, 20 a WeChat day
 *   (https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html);
 * - clear_quota/v2: 10 a month, shared with clear_quota.
 */
export function callRefusal(
  blocks: AppBlocks,
  call: WeChatCall,
  now: number,
  policy: CallRulesPolicy,
): RefreshRefusedError | undefined {
  const { lockout, quotaExhausted } = blocks;
  if (lockout && lockout.until > now) {
    return new RefreshRefusedError(
      { code: 'locked', params: { errcode: lockout.errcode, until: lockout.until } },
      lockout.until,
      lockout.errcode,
    );
  }
  if (TOKEN_CALLS.includes(call)) {
    if (quotaExhausted && quotaExhausted.until > now) {
      return new RefreshRefusedError(
        { code: 'quota-exhausted', params: { errcode: quotaExhausted.errcode, until: quotaExhausted.until } },
        quotaExhausted.until,
        quotaExhausted.errcode,
      );
    }
    const refusal = budgetRefusal(blocks.failures, now, policy.failedCallsPerHour);
    if (refusal) return refusal;
  }
  if (call === 'stable-token-force') return forceRefusal(blocks.forceRefreshes, now, policy);
  if (call === 'clear-quota-v2') return clearQuotaRefusal(blocks, now, policy.quotaClearsPerMonth);
  return undefined;
}

/** Failed token calls in the rolling hour before `now`. */
function failuresInLastHour(failures: readonly number[], now: number): number[] {
  return failures.filter((at) => at > now - HOUR_MS && at <= now);
}

function budgetRefusal(failures: readonly number[], now: number, perHour: number): RefreshRefusedError | undefined {
  const recent = failuresInLastHour(failures, now).sort((a, b) => a - b);
  if (recent.length < perHour) return undefined;
  const retryAt = recent[recent.length - perHour]! + HOUR_MS;
  return new RefreshRefusedError({ code: 'budget', params: { failures: recent.length, retryAt } }, retryAt);
}

function forceRefusal(
  forces: readonly number[],
  now: number,
  policy: CallRulesPolicy,
): RefreshRefusedError | undefined {
  const last = Math.max(-Infinity, ...forces.filter((at) => at <= now));
  if (now - last < policy.forceRefreshMinGapMs) {
    const retryAt = last + policy.forceRefreshMinGapMs;
    return new RefreshRefusedError(
      { code: 'force-too-soon', params: { gapSeconds: policy.forceRefreshMinGapMs / 1000, retryAt } },
      retryAt,
    );
  }
  const today = forces.filter((at) => wechatDay(at) === wechatDay(now)).length;
  if (today >= policy.forceRefreshesPerDay) {
    const retryAt = nextWechatMidnight(now);
    return new RefreshRefusedError(
      { code: 'force-daily-limit', params: { perDay: policy.forceRefreshesPerDay, used: today, retryAt } },
      retryAt,
    );
  }
  return undefined;
}

function clearQuotaRefusal(blocks: AppBlocks, now: number, perMonth: number): RefreshRefusedError | undefined {
  const thisMonth = blocks.quotaClears.filter((at) => wechatMonth(at) === wechatMonth(now)).length;
  const exhausted = blocks.quotaClearsExhaustedUntil !== undefined && blocks.quotaClearsExhaustedUntil > now;
  if (thisMonth < perMonth && !exhausted) return undefined;
  const retryAt = nextWechatMonthStart(now);
  return new RefreshRefusedError(
    { code: 'clear-quota-monthly-limit', params: { perMonth, used: exhausted ? perMonth : thisMonth, retryAt } },
    retryAt,
  );
}
