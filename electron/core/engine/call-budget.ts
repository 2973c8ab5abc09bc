/**
 * A per-account cap on failed upstream token calls in any rolling window (default: 12 an hour). Whatever asks for a
 * token — the schedule, retries, callers of getToken, a person pressing refresh — an account that keeps failing can't
 * cost WeChat (or the shared AppID's quota, or WeCom's "2000 failed calls an hour" block) more than this. Successful
 * calls don't count: a healthy account's refreshes are paced by its token's life.
 */
export class CallBudget {
  private failures: number[] = [];

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
  ) {}

  recordFailure(at: number): void {
    this.failures.push(at);
  }

  /** True when one more call may be made at `now`. */
  allows(now: number): boolean {
    this.prune(now);
    return this.failures.length < this.maxFailures;
  }

  /** The earliest instant at which a call is allowed again (now, when it already is). */
  nextAllowedAt(now: number): number {
    this.prune(now);
    if (this.failures.length < this.maxFailures) return now;
    const oldestCounted = this.failures[this.failures.length - this.maxFailures]!;
    return oldestCounted + this.windowMs;
  }

  failuresInWindow(now: number): number {
    this.prune(now);
    return this.failures.length;
  }

  private prune(now: number): void {
    const from = now - this.windowMs;
    if (this.failures.length > 0 && this.failures[0]! <= from) this.failures = this.failures.filter((at) => at > from);
  }
}
