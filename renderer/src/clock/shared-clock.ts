import { useSyncExternalStore } from 'react';

/**
 * One clock for every countdown on screen: a single interval, started when the first countdown mounts and stopped
 * when the last unmounts, so 1,000 rows cost one timer, not 1,000. Ticks land on whole seconds so every countdown
 * changes at the same moment.
 */
// Whole seconds keep the snapshot stable between React's repeated reads within one render.
const wholeSecond = () => Math.floor(Date.now() / 1000) * 1000;

class SharedClock {
  private listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private now = wholeSecond();

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
    if (this.listeners.size === 0) this.now = wholeSecond();
    return this.now;
  };

  private schedule(): void {
    this.timer = setTimeout(
      () => {
        this.now = wholeSecond();
        this.listeners.forEach((listener) => listener());
        this.schedule();
      },
      1000 - (Date.now() % 1000),
    );
  }
}

const clock = new SharedClock();

/** The current time in ms, updated once a second for as long as the component is mounted. */
export function useNow(): number {
  return useSyncExternalStore(clock.subscribe, clock.getSnapshot, clock.getSnapshot);
}
