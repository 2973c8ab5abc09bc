import { systemClock, type Clock } from './clock';
import type { ScheduleChange, TokenEngine } from './token-engine';

export interface RefreshSchedulerOptions {
  engine: Pick<TokenEngine, 'load' | 'onScheduleChange' | 'runDue' | 'nextWakeAt'>;
  clock?: Clock;
  /** Deadlines are re-checked at least this often, so a missed timer (sleep, a suspended process) is caught up. */
  tickMs?: number;
}

/**
 * Background refresh: one timer for the earliest deadline of any account (a scheduled refresh, a retry after backoff,
 * a state change such as valid → expiring), re-checked at least every tick. Only the refresher process runs one —
 * two would be two refreshers — so it is separate from the engine, which every process uses.
 */
export class RefreshScheduler {
  private readonly engine: RefreshSchedulerOptions['engine'];
  private readonly clock: Clock;
  private readonly tickMs: number;
  private cancelTimer?: () => void;
  private timerAt?: number;
  private unsubscribe?: () => void;
  private running = false;
  private disposed = false;

  constructor(options: RefreshSchedulerOptions) {
    this.engine = options.engine;
    this.clock = options.clock ?? systemClock;
    this.tickMs = options.tickMs ?? 60_000;
  }

  /** Loads the engine (if not yet) and runs what is due now, then keeps running it when it falls due. */
  async start(): Promise<void> {
    if (this.running || this.disposed) return;
    await this.engine.load();
    if (this.running || this.disposed) return;
    this.running = true;
    this.unsubscribe = this.engine.onScheduleChange((change) => this.onChange(change));
    this.check();
  }

  /**
   * The machine woke up (Electron powerMonitor 'resume'): timers were frozen and deadlines may have passed. Each
   * token's expiry is re-read against the wall clock as well as the monotonic one, so the sleep counts.
   */
  resume(): void {
    this.check();
  }

  /** Stops the timer; calls in flight finish, nothing new starts. */
  dispose(): void {
    this.disposed = true;
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private onChange(change: ScheduleChange): void {
    if (change.runNow || change.accountId === undefined) this.check();
    else this.armFor(change.accountId);
  }

  /** Runs what is due, brings every state up to date, and sets the timer for the next deadline (or the tick). */
  private check(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (!this.running) return;
    this.engine.runDue();
    const now = this.clock.now();
    this.setTimer(Math.min(now + this.tickMs, this.engine.nextWakeAt()), now);
  }

  /**
   * After one account changed: only its deadlines are new, so the timer moves only if this account needs it sooner
   * (a timer left later than needed for another account can't happen; one earlier than needed just re-checks).
   * Keeps a burst of N fetches from costing N × N.
   */
  private armFor(accountId: string): void {
    if (!this.running) return;
    const now = this.clock.now();
    const wake = this.engine.nextWakeAt(accountId);
    if (this.cancelTimer && this.timerAt !== undefined && this.timerAt <= wake) return;
    this.setTimer(Math.min(wake, now + this.tickMs), now);
  }

  private setTimer(wake: number, now: number): void {
    if (this.cancelTimer && this.timerAt === wake) return;
    this.cancelTimer?.();
    this.timerAt = wake;
    this.cancelTimer = this.clock.setTimer(() => {
      this.cancelTimer = undefined;
      this.check();
    }, wake - now);
  }
}
