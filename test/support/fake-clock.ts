import type { Clock } from '../../electron/core/engine/clock';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

/**
 * A clock that only moves when the test says so, shared by the engine and the fake WeChat server. `advance` fires due
 * timers in order, letting real I/O (HTTP to the fake) finish after each through `settle`; `sleep` moves the wall clock
 * without firing anything, like a laptop lid closed over the deadlines (Linux's monotonic clock stands still in
 * suspend); `jumpWall` moves the wall clock alone, as a person or NTP setting the time does.
 */
export class FakeClock implements Clock {
  private current: number;
  /** The monotonic reading: moves with `advance` only. */
  private elapsed = 0;
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(start: number) {
    this.current = start;
  }

  now = (): number => this.current;

  monotonic = (): number => this.elapsed;

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
      this.elapsed += Math.max(0, due.at - this.current);
      this.current = Math.max(this.current, due.at);
      due.callback();
      await settle();
    }
    this.elapsed += Math.max(0, target - this.current);
    this.current = target;
  }

  /** Time passes with every timer frozen (the machine slept); they fire late, on the next advance. */
  sleep(ms: number): void {
    this.current += ms;
  }

  /** The system time is set `ms` forward (or back, when negative); no time passes and no timer fires. */
  jumpWall(ms: number): void {
    this.current += ms;
    // Real timers count elapsed time: they still fire after the same wait.
    for (const timer of this.timers) timer.at += ms;
  }

  pendingTimers(): number {
    return this.timers.length;
  }
}
