import { useSyncExternalStore } from 'react';

/**
 * One clock for every countdown on screen: a single interval, started when the first countdown mounts and stopped
 * when the last unmounts, so 1,000 rows cost one timer, not 1,000. Ticks land on whole seconds so every countdown
 * changes at the same moment.
 */
class SharedClock {
  private listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private now: number;

  constructor(private readonly periodMs: number) {
    this.now = this.wholePeriod();
  }

  // Whole periods keep the snapshot stable between React's repeated reads within one render.
  private wholePeriod(): number {
    return Math.floor(Date.now() / this.periodMs) * this.periodMs;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.schedule();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) clearTimeout(this.timer);
    };
  };

  getSnapshot = (): number => {
    // While no countdown is mounted nothing ticks, so the first render after a pause must read the time afresh.
    if (this.listeners.size === 0) this.now = this.wholePeriod();
    return this.now;
  };

  private schedule(): void {
    this.timer = setTimeout(
      () => {
        this.now = this.wholePeriod();
        this.listeners.forEach((listener) => listener());
        this.schedule();
      },
      this.periodMs - (Date.now() % this.periodMs),
    );
  }
}

const clock = new SharedClock(1000);
/** Health changes slowly (a token runs out): the account list re-sorts on this clock, not on every countdown tick. */
const healthClock = new SharedClock(10_000);

/** The current time in ms, updated once a second for as long as the component is mounted. */
export function useNow(): number {
  return useSyncExternalStore(clock.subscribe, clock.getSnapshot, clock.getSnapshot);
}

/** The current time in ms, updated every ten seconds: for health (OK → expired), not for countdowns. */
export function useHealthNow(): number {
  return useSyncExternalStore(healthClock.subscribe, healthClock.getSnapshot, healthClock.getSnapshot);
}
