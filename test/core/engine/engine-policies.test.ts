import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../electron/core/engine/backoff';
import { callRefusal } from '../../../electron/core/engine/call-rules';
import { effectiveMarginMs, recheckAfterUnchanged, refreshAt } from '../../../electron/core/engine/refresh-timing';
import { Semaphore } from '../../../electron/core/engine/semaphore';
import { nextWechatMidnight, wechatDay, wechatMonth } from '../../../electron/core/history/wechat-day';
import type { CachedToken } from '../../../electron/core/vault/vault';

const policy = { baseMs: 10_000, maxMs: 900_000 };
const timing = { maxMarginFraction: 0.5, minRecheckMs: 10_000 };
const token = (mode: CachedToken['mode'], lifetimeS: number): CachedToken => ({
  accessToken: 't',
  obtainedAt: 0,
  expiresAt: lifetimeS * 1000,
  mode,
});

describe('backoffDelay', () => {
  it('doubles per attempt up to the cap, with half of each delay fixed and half jittered', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, () => 0, policy))).toEqual([
      5_000, 10_000, 20_000, 40_000,
    ]);
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, () => 0.999999, policy))).toEqual([
      10_000, 20_000, 40_000, 80_000,
    ]);
    expect(backoffDelay(30, () => 0.5, policy)).toBe(675_000);
  });
});

describe('callRefusal', () => {
  const rules = {
    failedCallsPerHour: 3,
    forceRefreshMinGapMs: 30_000,
    forceRefreshesPerDay: 20,
    quotaClearsPerMonth: 10,
  };
  const blocks = (failures: number[]) => ({ failures, forceRefreshes: [], quotaClears: [] });

  it('allows N failed token calls per rolling hour and says when the next one is allowed', () => {
    const hour = 3600_000;
    expect(callRefusal(blocks([0, 100, 200]), 'stable-token', hour - 1, rules)).toMatchObject({
      code: 'budget',
      retryAt: hour,
    });
    expect(callRefusal(blocks([0, 100, 200]), 'stable-token', hour, rules)).toBeUndefined();
    // The budget is for token calls: a check with the token is not refused by it.
    expect(callRefusal(blocks([0, 100, 200]), 'check-token', 500, rules)).toBeUndefined();
  });
});

describe('refresh timing', () => {
  it('clamps the margin to half the lifetime and a stable token’s to its 300 s renewal window', () => {
    expect(effectiveMarginMs(token('classic', 7200), 600, timing)).toBe(600_000);
    expect(effectiveMarginMs(token('classic', 60), 600, timing)).toBe(30_000);
    expect(effectiveMarginMs(token('stable', 7200), 600, timing)).toBe(300_000);
  });

  it('refreshes WeCom at expiry (gettoken returns the same token until then)', () => {
    expect(refreshAt(token('wecom', 7200), 300, timing)).toBe(7200_000);
    expect(refreshAt(token('stable', 7200), 300, timing)).toBe(6900_000);
  });

  it('after an unchanged answer, asks again halfway to expiry but never sooner than the minimum', () => {
    expect(recheckAfterUnchanged(token('stable', 7200), 'stable', 1000_000, timing)).toBe(1000_000 + 3100_000);
    expect(recheckAfterUnchanged(token('stable', 7200), 'stable', 7195_000, timing)).toBe(7205_000);
    expect(recheckAfterUnchanged(token('wecom', 7200), 'wecom', 1000_000, timing)).toBe(7200_000);
  });
});

describe('Semaphore', () => {
  it('lets at most N run and hands slots over in order', async () => {
    const semaphore = new Semaphore(2);
    const order: string[] = [];
    const releaseA = await semaphore.acquire();
    const releaseB = await semaphore.acquire();
    const c = semaphore.acquire().then((release) => (order.push('c'), release));
    const d = semaphore.acquire().then((release) => (order.push('d'), release));
    await Promise.resolve();
    expect(order).toEqual([]);
    releaseA();
    releaseA(); // twice is harmless
    (await c)();
    releaseB();
    (await d)();
    expect(order).toEqual(['c', 'd']);
  });
});

describe('WeChat day', () => {
  it('turns at 00:00 Beijing time (16:00 UTC)', () => {
    expect(wechatDay(Date.UTC(2026, 10, 25, 15, 59, 59, 999))).toBe('2026-11-25');
    expect(wechatDay(Date.UTC(2026, 10, 25, 16))).toBe('2026-11-26');
    expect(wechatMonth(Date.UTC(2026, 10, 30, 16))).toBe('2026-12');
    expect(nextWechatMidnight(Date.UTC(2026, 10, 25, 3))).toBe(Date.UTC(2026, 10, 25, 16));
    expect(nextWechatMidnight(Date.UTC(2026, 10, 25, 16))).toBe(Date.UTC(2026, 10, 26, 16));
  });
});
