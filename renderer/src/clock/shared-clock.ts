import { useMemo, useSyncExternalStore } from 'react';

/**
 * One clock for every countdown on screen: a single timer, started when the first subscriber comes and stopped when
 * the last leaves, so 1,000 rows cost one timer, not 1,000 (and a virtualized list subscribes only the rows it has
 * mounted). Ticks land on whole seconds so every countdown changes at the same moment.
 */
class SharedClock {
  private listeners = new Set<(now: number) => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private now: number;

  constructor(private readonly periodMs: number) {
    this.now = this.wholePeriod();
  }

  // Whole periods keep the snapshot stable between React's repeated reads within one render.
  private wholePeriod(): number {
    return Math.floor(Date.now() / this.periodMs) * this.periodMs;
  }

  subscribe = (listener: (now: number) => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.schedule();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) clearTimeout(this.timer);
    };
  };

  getSnapshot = (): number => {
    // While nothing is subscribed nothing ticks, so a read after a pause must read the time afresh.
    if (this.listeners.size === 0) this.now = this.wholePeriod();
    return this.now;
  };

  private schedule(): void {
    this.timer = setTimeout(
      () => {
        this.now = this.wholePeriod();
        this.listeners.forEach((listener) => listener(this.now));
        this.schedule();
      },
      this.periodMs - (Date.now() % this.periodMs),
    );
  }
}

const clock = new SharedClock(1000);

/**
 * Calls `listener` with the current time (whole seconds, in ms) on every tick of the shared clock, outside React:
 * for what changes every second but only as text (a countdown writes its digits itself, so a tick renders nothing).
 * Returns the unsubscribe function.
 */
export const onEverySecond: (listener: (now: number) => void) => () => void = clock.subscribe;

/** The shared clock's current time in ms (whole seconds): what a countdown shows when it renders. */
export const currentSecond: () => number = clock.getSnapshot;

/** The current time in ms, re-rendering the component once a second for as long as it is mounted. */
export function useNow(): number {
  return useSyncExternalStore(clock.subscribe, clock.getSnapshot, clock.getSnapshot);
}

/**
 * A time that moves only when the clock passes one of `instants` (epoch ms), for what depends on the time only by
 * comparing it with them (`now < token.expiresAt`): any time between two neighbouring instants gives every such
 * comparison the same answer, so the snapshot keeps its value until the clock crosses one, either way.
 */
class CrossingClock {
  private now = Date.now();

  constructor(private readonly instants: readonly number[]) {}

  getSnapshot = (): number => {
    const current = Date.now();
    const [low, high] = this.now <= current ? [this.now, current] : [current, this.now];
    if (this.instants.some((instant) => low < instant && instant <= high)) this.now = current;
    return this.now;
  };

  subscribe = (listener: () => void): (() => void) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      if (this.instants.length === 0) return;
      const current = Date.now();
      const next = this.instants.reduce(
        (earliest, instant) => (instant > current && instant < earliest ? instant : earliest),
        Infinity,
      );
      // Timers follow the monotonic clock: waking at least once a minute notices a wall clock that was set.
      timer = setTimeout(
        () => {
          listener();
          schedule();
        },
        Math.min(Math.max(1, next - current), MAX_WAIT_MS),
      );
    };
    schedule();
    return () => clearTimeout(timer);
  };
}

const MAX_WAIT_MS = 60_000;

/**
 * The current time in ms for health (a token is usable until it expires): re-renders only when the clock passes one
 * of `instants` — the tokens' expiry times — so a desk of 1,000 accounts re-sorts when a token runs out, not on a
 * timer. Pass a memoized array: a new array starts a new clock (and reads the time afresh).
 */
export function useNowCrossing(instants: readonly number[]): number {
  const crossing = useMemo(() => new CrossingClock(instants), [instants]);
  return useSyncExternalStore(crossing.subscribe, crossing.getSnapshot, crossing.getSnapshot);
}
