import type { Clock } from '../engine/clock';

/** What changed since the last push. */
export interface PushBatch {
  /** Accounts were added, removed or edited: the whole list goes out (it carries every changed account too). */
  list: boolean;
  /** Accounts whose state, token or history changed, each once (empty when `list` is set). */
  accountIds: string[];
}

export interface PushCoalescerOptions {
  clock: Pick<Clock, 'monotonic' | 'setTimer'>;
  /** Builds and sends one batch. */
  push: (batch: PushBatch) => void;
  /** At most one push per this many ms of the clock; default 100 (≤ 10 pushes a second). */
  intervalMs?: number;
}

/**
 * Coalesces the core's pushes to the windows and the tray. One fetch fires 3–4 engine events (fetching, token,
 * exchange, valid) and an import of 1,000 accounts fires 1,000 list changes; building an AccountView (it scans the
 * account's history) and sending it per event cost far more than the fetches themselves. Events only mark what
 * changed; at most once per interval a flush hands over each changed account once. The first change after a quiet
 * spell goes out on the next turn of the event loop, so a click still shows at once.
 */
export class PushCoalescer {
  private readonly intervalMs: number;
  private readonly changedIds = new Set<string>();
  private listChanged = false;
  private lastPushAt = Number.NEGATIVE_INFINITY;
  private cancelTimer?: () => void;

  constructor(private readonly options: PushCoalescerOptions) {
    this.intervalMs = options.intervalMs ?? 100;
  }

  /** An account's state, token or history changed. */
  markAccount(accountId: string): void {
    this.changedIds.add(accountId);
    this.schedule();
  }

  /** The account list changed (added, removed, edited). */
  markList(): void {
    this.listChanged = true;
    this.schedule();
  }

  /** Drops what is pending; nothing is pushed afterwards. */
  dispose(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.changedIds.clear();
    this.listChanged = false;
  }

  private schedule(): void {
    if (this.cancelTimer) return;
    const wait = Math.max(0, this.lastPushAt + this.intervalMs - this.options.clock.monotonic());
    this.cancelTimer = this.options.clock.setTimer(() => this.flush(), wait);
  }

  private flush(): void {
    this.cancelTimer = undefined;
    this.lastPushAt = this.options.clock.monotonic();
    const batch: PushBatch = { list: this.listChanged, accountIds: this.listChanged ? [] : [...this.changedIds] };
    this.changedIds.clear();
    this.listChanged = false;
    this.options.push(batch);
  }
}
