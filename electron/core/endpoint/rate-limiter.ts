/**
 * A token bucket: `burst` requests at once, refilled at `perSecond`. Everything on the endpoint comes from the same
 * machine, so buckets go by kind of caller, not by address (per-address buckets would all be 127.0.0.1): the endpoint
 * keeps one for callers with the key and one for everyone else (local-endpoint.ts). The clock is injected so tests
 * need no sleeps.
 */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number,
  ) {
    this.tokens = limit.burst;
    this.last = now();
  }

  /** Takes one request from the bucket; false when the caller must be turned away. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) / 1000) * this.limit.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
