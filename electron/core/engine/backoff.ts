export interface BackoffPolicy {
  /** Delay ceiling after the first failure. */
  baseMs: number;
  /** The ceiling never grows past this. */
  maxMs: number;
}

/**
 * Exponential backoff with "equal jitter": the ceiling doubles per consecutive failure (capped), and the delay is half
 * of it plus a random part of the other half. The fixed half keeps retries from coming too soon; the random half
 * keeps many accounts that failed together (a network outage) from all retrying at the same instant.
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 *
 * @param attempt 1 for the first retry after one failure.
 * @param random a number in [0, 1), injectable for tests.
 */
export function backoffDelay(attempt: number, random: () => number, policy: BackoffPolicy): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
