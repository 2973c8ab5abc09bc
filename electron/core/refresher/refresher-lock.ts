import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';

/**
 * "One refresher" across processes sharing a data dir (the app, `tokendesk serve`, any number of `tokendesk token`).
 * WeChat's classic fetch invalidates the previous token, so two fetchers on one desk break each other.
 *
 * Two files in the data dir:
 * - `refresher.json` records the long-running refresher (the app or `serve`): its pid and its endpoint port. While it
 *   lives, the CLI asks it through the endpoint instead of fetching. A record whose pid is dead is stale and ignored.
 * - `refresher.lock` is a short-lived mutex (proper-lockfile: an atomic mkdir, kept fresh while held, taken over when
 *   its holder died). Claiming the role and fetching without a refresher both happen under it, so a CLI fetch and a
 *   starting app never overlap, and two CLI fetches run one after the other — the second finds the first's token.
 */

const RefresherRecordSchema = z.object({
  pid: z.number().int().positive(),
  /** The local endpoint's port, or null when the refresher runs with its endpoint off (the app, by default). */
  port: z.number().int().min(1).max(65535).nullable(),
  kind: z.enum(['app', 'serve']),
  /** Epoch ms. */
  startedAt: z.number(),
});
export type RefresherRecord = z.infer<typeof RefresherRecordSchema>;

export class RefresherBusyError extends Error {
  override readonly name = 'RefresherBusyError';
  constructor(readonly running: RefresherRecord) {
    super(
      `TokenDesk is already refreshing tokens for this data dir (${running.kind === 'app' ? 'the app' : 'tokendesk serve'}, pid ${running.pid}` +
        `${running.port ? `, endpoint on port ${running.port}` : ''}). Only one refresher may run at a time.`,
    );
  }
}

export interface RefresherClaim {
  /** Records the endpoint's port (or null once it is switched off). */
  setPort(port: number | null): Promise<void>;
  /** Gives up the role; safe to call twice. */
  release(): Promise<void>;
}

export type FetchOutcome<T> = { ran: true; value: T } | { ran: false; running: RefresherRecord };

export interface RefresherLockOptions {
  /** Whether a process lives; injectable for tests. */
  isAlive?: (pid: number) => boolean;
  pid?: number;
  now?: () => number;
  /** How long to wait for the mutex before giving up, in ms (a WeChat fetch takes well under that). */
  waitMs?: number;
}

export class RefresherLock {
  readonly recordFile: string;
  private readonly lockFile: string;
  private readonly isAlive: (pid: number) => boolean;
  private readonly pid: number;
  private readonly now: () => number;
  private readonly waitMs: number;

  constructor(
    readonly dataDir: string,
    options: RefresherLockOptions = {},
  ) {
    this.recordFile = path.join(dataDir, 'refresher.json');
    this.lockFile = path.join(dataDir, 'refresher.lock');
    this.isAlive = options.isAlive ?? processIsAlive;
    this.pid = options.pid ?? process.pid;
    this.now = options.now ?? Date.now;
    this.waitMs = options.waitMs ?? 30_000;
  }

  /** The live refresher recorded for this data dir, if any (not counting this process). */
  running(): RefresherRecord | undefined {
    const record = this.readRecord();
    return record && record.pid !== this.pid && this.isAlive(record.pid) ? record : undefined;
  }

  /** Takes the refresher role for this process (the app or `serve`). Throws RefresherBusyError if another holds it. */
  async claim(kind: RefresherRecord['kind'], port: number | null): Promise<RefresherClaim> {
    await this.underMutex(() => {
      const running = this.running();
      if (running) throw new RefresherBusyError(running);
      this.writeRecord({ pid: this.pid, port, kind, startedAt: this.now() });
    });
    let released = false;
    return {
      setPort: (newPort) =>
        this.underMutex(() => {
          const record = this.readRecord();
          if (!released && record?.pid === this.pid) this.writeRecord({ ...record, port: newPort });
        }),
      release: async () => {
        if (released) return;
        released = true;
        await this.underMutex(() => {
          if (this.readRecord()?.pid === this.pid) fs.rmSync(this.recordFile, { force: true });
        });
      },
    };
  }

  /**
   * Runs `fetch` under the mutex unless a refresher runs (checked again under the mutex, so one that started while
   * we waited is seen): then nothing runs and the caller asks the refresher instead.
   */
  async fetchUnlessRefresher<T>(fetch: () => Promise<T>): Promise<FetchOutcome<T>> {
    return this.underMutex(async (): Promise<FetchOutcome<T>> => {
      const running = this.running();
      return running ? { ran: false, running } : { ran: true, value: await fetch() };
    });
  }

  /**
   * Forgets a record whose process lives but whose endpoint refused the connection (the pid was reused after a
   * crash: a live refresher with a port always listens). Only that exact record is removed.
   */
  async dropUnreachable(record: RefresherRecord): Promise<void> {
    await this.underMutex(() => {
      const current = this.readRecord();
      if (current && current.pid === record.pid && current.startedAt === record.startedAt)
        fs.rmSync(this.recordFile, { force: true });
    });
  }

  private async underMutex<T>(action: () => T | Promise<T>): Promise<T> {
    fs.mkdirSync(this.dataDir, { recursive: true });
    const release = await lockfile.lock(this.recordFile, {
      lockfilePath: this.lockFile,
      realpath: false,
      stale: 10_000,
      update: 2_000,
      retries: { retries: Math.ceil(this.waitMs / 100), minTimeout: 20, maxTimeout: 100, factor: 1.5 },
    });
    try {
      return await action();
    } finally {
      await release();
    }
  }

  private readRecord(): RefresherRecord | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.recordFile, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const parsed = RefresherRecordSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  private writeRecord(record: RefresherRecord): void {
    // Write-then-rename: a reader never sees half a record.
    const temporary = `${this.recordFile}.${this.pid}.tmp`;
    fs.writeFileSync(temporary, `${JSON.stringify(record)}\n`, { mode: 0o600 });
    fs.renameSync(temporary, this.recordFile);
  }
}

/** `kill(pid, 0)` checks existence without sending anything; EPERM means it exists but belongs to someone else. */
function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
