/**
 * The engine's only source of time. Deadlines are wall-clock instants (epoch ms) re-checked whenever a timer fires,
 * so a laptop that slept through a refresh catches up on the next tick or on resume(). Tests inject a fake clock that
 * the fake WeChat server shares, so a simulated day runs in milliseconds.
 */
export interface Clock {
  now(): number;
  /** Runs `callback` once, `delayMs` of this clock's time from now; returns a function that cancels it. */
  setTimer(callback: () => void, delayMs: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (callback, delayMs) => {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    // The engine's timer alone must not keep a CLI process alive.
    timer.unref();
    return () => clearTimeout(timer);
  },
};
