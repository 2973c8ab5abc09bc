/**
 * The engine's only source of time. Two readings: the wall clock (`now`, epoch ms), which token lifetimes, WeChat days
 * and everything shown or stored are expressed in; and a monotonic clock (`monotonic`), which a person changing the
 * system time or an NTP correction can't move. A token's deadline is kept in both and it counts as expired as soon as
 * either says so: a backward wall-clock jump can't make an expired token look valid, and a machine that slept (where
 * the monotonic clock may stand still) is caught by the wall clock. Tests inject a fake clock that the fake WeChat
 * server shares, so a simulated day runs in milliseconds.
 */
export interface Clock {
  now(): number;
  /** Milliseconds from an arbitrary origin, never going backwards. */
  monotonic(): number;
  /** Runs `callback` once, `delayMs` of this clock's time from now; returns a function that cancels it. */
  setTimer(callback: () => void, delayMs: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimer: (callback, delayMs) => {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    // The engine's timer alone must not keep a CLI process alive.
    timer.unref();
    return () => clearTimeout(timer);
  },
};
