/**
 * WeChat's daily quotas reset at 00:00 Beijing time (UTC+8, no daylight saving), whatever the user's time zone, so
 * the quota meter counts calls by Beijing date.
 * https://developers.weixin.qq.com/doc/oplatform/developers/dev/api/api_call_limits.html
 */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** `YYYY-MM-DD` of the Beijing day containing `epochMs`. */
export function wechatDay(epochMs: number): string {
  return new Date(epochMs + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM` of the Beijing month containing `epochMs` (clear_quota's 10-a-month allowance). */
export function wechatMonth(epochMs: number): string {
  return wechatDay(epochMs).slice(0, 7);
}

/** Epoch ms of the next 00:00 Beijing time after `epochMs`: when a 45009 daily quota comes back. */
export function nextWechatMidnight(epochMs: number): number {
  const dayMs = 24 * 60 * 60 * 1000;
  return Math.floor((epochMs + BEIJING_OFFSET_MS) / dayMs) * dayMs + dayMs - BEIJING_OFFSET_MS;
}

/** Epoch ms of the first 00:00 Beijing time of the month after the one containing `epochMs` (clear_quota's budget). */
export function nextWechatMonthStart(epochMs: number): number {
  const beijing = new Date(epochMs + BEIJING_OFFSET_MS);
  return Date.UTC(beijing.getUTCFullYear(), beijing.getUTCMonth() + 1, 1) - BEIJING_OFFSET_MS;
}
