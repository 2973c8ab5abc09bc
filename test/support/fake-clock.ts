import type { Clock } from '../../electron/core/engine/clock';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

/**
 * A clock that only moves when the test says so, shared by the engine and the fake WeChat server. `advance` fires due
 * timers in order, letting real I/O (HTTP to the fake) finish after each through `settle`; `sleep` moves time without
 * firing anything, like a laptop lid closed over the deadlines.
 */
export class FakeClock implements Clock {
  private current: number;
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(start: number) {
    this.current = start;
  }

  now = (): number => this.current;

  setTimer = (callback: () => void, delayMs: number): (() => void) => {
    const timer: Timer = { id: this.nextId++, at: this.current + Math.max(0, delayMs), callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((candidate) => candidate !== timer);
    };
  };

  /** Moves to `now + ms`, firing every timer due on the way at its own instant, and awaiting `settle` after each. */
  async advance(ms: number, settle: () => Promise<void> = async () => {}): Promise<void> {
    const target = this.current + ms;
    await settle();
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.current = Math.max(this.current, due.at);
      due.callback();
      await settle();
    }
    this.current = target;
  }

  /** Time passes with every timer frozen (the machine slept); they fire late, on the next advance. */
  sleep(ms: number): void {
    this.current += ms;
  }

  pendingTimers(): number {
    return this.timers.length;
  }
}
