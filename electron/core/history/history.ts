import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EndpointRequestRecord } from '../endpoint/token-source';
import type { Exchange, WeChatCall } from '../wechat/types';
import { writeFileAtomic } from './atomic-file';
import { ensurePrivateDirAsync } from '../store/private-files';
import { ENDPOINT_LOG, TOKEN_CALLS, redactForHistory, type ExchangeTrigger, type HistoryEntry } from './history-entry';
import { wechatDay } from './wechat-day';

export interface HistoryOptions {
  /** Folder of the per-account JSON files (created when first written), e.g. `<dataDir>/history`. */
  dir: string;
  /** Entries kept per account, newest win; default 200. */
  maxEntriesPerAccount?: number;
  /** Days of call counters kept per account; default 62 (this month and the last, for the quota meter's history). */
  keepDays?: number;
  /** Writes start once no entry was recorded for this long (real ms); default 100. */
  quietMs?: number;
  /** …but no later than this after the first unwritten entry; default 1000. */
  maxDelayMs?: number;
}

export interface HistoryFilter {
  /** Only failed exchanges (and refreshed-elsewhere notes). */
  errorsOnly?: boolean;
  /** rid, or part of one (case-insensitive). */
  rid?: string;
  errcode?: number;
  /** Free text from a search box: an errcode when it is a short number, else (part of) a rid. */
  query?: string;
  /** At most this many, newest first. */
  limit?: number;
}

/** One account's file. */
interface AccountHistory {
  version: 1;
  /** Oldest first. */
  entries: HistoryEntry[];
  /** Calls per WeChat day (Beijing date) per endpoint: they outlive the bounded entries, for the quota meter. */
  dailyCalls: Record<string, Partial<Record<WeChatCall, number>>>;
}

/**
 * Every exchange per account, redacted, bounded and persisted as `<dir>/<account>.json`. Reads and records are
 * synchronous on an in-memory copy (loaded on first use). Writes are atomic and happen one file at a time, off the
 * caller's path: recording marks the account dirty, and once recording pauses (`quietMs`, at most `maxDelayMs`) one
 * background loop writes the dirty accounts. A burst of exchanges (1,000 accounts refreshing at start) thus costs one
 * write per account, after the burst rather than competing with its token calls. `flush()` writes everything now and
 * waits for it: call it before a process exits.
 */
export class History {
  /** The last failed write, if any (a full disk): the history still works in memory. */
  lastWriteError?: Error;
  private readonly dir: string;
  private readonly maxEntries: number;
  private readonly keepDays: number;
  private readonly loaded = new Map<string, AccountHistory>();
  private readonly quietMs: number;
  private readonly maxDelayMs: number;
  private readonly dirty = new Set<string>();
  private draining?: Promise<void>;
  private writeTimer?: NodeJS.Timeout;
  private firstUnwrittenAt?: number;

  constructor(options: HistoryOptions) {
    this.dir = options.dir;
    this.maxEntries = options.maxEntriesPerAccount ?? 200;
    this.keepDays = options.keepDays ?? 62;
    this.quietMs = options.quietMs ?? 100;
    this.maxDelayMs = options.maxDelayMs ?? 1000;
  }

  /** Records an exchange (redacted) and counts it against its WeChat day. */
  record(accountId: string, exchange: Exchange, trigger: ExchangeTrigger): HistoryEntry {
    const data = this.load(accountId);
    const entry: HistoryEntry = {
      kind: 'exchange',
      id: exchange.id,
      accountId,
      at: exchange.startedAt,
      trigger,
      exchange: redactForHistory(exchange),
    };
    const day = wechatDay(exchange.startedAt);
    const counts = (data.dailyCalls[day] ??= {});
    counts[exchange.call] = (counts[exchange.call] ?? 0) + 1;
    this.pruneDays(data, day);
    this.append(accountId, data, entry);
    return entry;
  }

  /** Notes that WeChat refused our still-valid token: another party refreshed it. */
  /**
   * Logs a request to the local endpoint. They go to a log of their own: a Postman run of a thousand requests must not
   * push an account's token exchanges out of its bounded history.
   */
  recordEndpointRequest(request: EndpointRequestRecord): HistoryEntry {
    const entry: HistoryEntry = {
      kind: 'endpoint-request',
      id: randomUUID(),
      accountId: ENDPOINT_LOG,
      at: request.at,
      request,
    };
    this.append(ENDPOINT_LOG, this.load(ENDPOINT_LOG), entry);
    return entry;
  }

  /** The local endpoint's logged requests, newest first. */
  endpointRequests(limit: number): EndpointRequestRecord[] {
    return this.list(ENDPOINT_LOG, { limit }).flatMap((entry) =>
      entry.kind === 'endpoint-request' ? [entry.request] : [],
    );
  }

  recordRefreshedElsewhere(
    accountId: string,
    note: { at: number; detectedBy: 'check' | 'report'; errcode: number; exchangeId?: string },
  ): HistoryEntry {
    const entry: HistoryEntry = { kind: 'refreshed-elsewhere', id: randomUUID(), accountId, ...note };
    this.append(accountId, this.load(accountId), entry);
    return entry;
  }

  /** Entries newest first, filtered. */
  list(accountId: string, filter: HistoryFilter = {}): HistoryEntry[] {
    const matches = this.load(accountId)
      .entries.filter((entry) => matchesFilter(entry, filter))
      .reverse();
    return filter.limit === undefined ? matches : matches.slice(0, filter.limit);
  }

  /** How many of these calls were made on a WeChat day (`YYYY-MM-DD`, Beijing). */
  callsOn(accountId: string, day: string, calls: readonly WeChatCall[] = TOKEN_CALLS): number {
    const counts = this.load(accountId).dailyCalls[day] ?? {};
    return calls.reduce((sum, call) => sum + (counts[call] ?? 0), 0);
  }

  /** Token calls (classic, stable, force, WeCom) on the WeChat day containing `now`: the local quota meter. */
  tokenCallsToday(accountId: string, now: number): number {
    return this.callsOn(accountId, wechatDay(now));
  }

  /** Forgets an account and deletes its file. */
  async removeAccount(accountId: string): Promise<void> {
    this.loaded.delete(accountId);
    this.dirty.delete(accountId);
    await this.flush(); // a write of this account may be under way: let it land before deleting
    await fs.promises.rm(this.fileOf(accountId), { force: true });
  }

  /** Writes what is pending now and resolves when every recorded entry is on disk. */
  async flush(): Promise<void> {
    for (;;) {
      if (this.draining) await this.draining;
      else if (this.dirty.size > 0) this.startDrain();
      else return;
    }
  }

  private append(accountId: string, data: AccountHistory, entry: HistoryEntry): void {
    data.entries.push(entry);
    if (data.entries.length > this.maxEntries) data.entries.splice(0, data.entries.length - this.maxEntries);
    this.persist(accountId);
  }

  private pruneDays(data: AccountHistory, today: string): void {
    const oldest = wechatDay(Date.parse(`${today}T00:00:00Z`) - this.keepDays * 24 * 60 * 60 * 1000);
    for (const day of Object.keys(data.dailyCalls)) if (day < oldest) delete data.dailyCalls[day];
  }

  private load(accountId: string): AccountHistory {
    const cached = this.loaded.get(accountId);
    if (cached) return cached;
    const data = this.readFile(accountId);
    this.loaded.set(accountId, data);
    return data;
  }

  /** A file that can't be read is moved aside (never overwritten) and the account starts afresh. */
  private readFile(accountId: string): AccountHistory {
    const file = this.fileOf(accountId);
    // existsSync first: a missing file is the common case (a new account) and a thrown ENOENT costs ~0.5 ms.
    if (!fs.existsSync(file)) return emptyHistory();
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return emptyHistory();
    }
    try {
      const parsed = JSON.parse(text) as Partial<AccountHistory>;
      // Files written before the rules moved to the shared blocks (engine/block-store.ts) also carry `lastCallAt`: ignored.
      if (parsed.version === 1 && Array.isArray(parsed.entries) && isObject(parsed.dailyCalls)) {
        return { version: 1, entries: parsed.entries, dailyCalls: parsed.dailyCalls };
      }
    } catch {
      // fall through: unreadable
    }
    fs.renameSync(file, file.replace(/\.json$/, `.unreadable-${Date.now()}.json`));
    return emptyHistory();
  }

  private persist(accountId: string): void {
    this.dirty.add(accountId);
    this.scheduleWrite();
  }

  /** Real time, not the engine's clock: this paces disk writes, it decides nothing. */
  private scheduleWrite(): void {
    if (this.draining) return; // the running loop picks the new entry up
    const now = Date.now();
    this.firstUnwrittenAt ??= now;
    clearTimeout(this.writeTimer);
    const wait = Math.max(0, Math.min(this.quietMs, this.firstUnwrittenAt + this.maxDelayMs - now));
    this.writeTimer = setTimeout(() => this.startDrain(), wait);
    // Pending history alone must not keep a CLI process alive: it calls flush() before it exits.
    this.writeTimer.unref();
  }

  private startDrain(): void {
    clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    this.firstUnwrittenAt = undefined;
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      // A record that landed between the loop's end and this callback would otherwise wait for the next one.
      if (this.dirty.size > 0) this.scheduleWrite();
    });
  }

  private async drain(): Promise<void> {
    try {
      await ensurePrivateDirAsync(this.dir);
    } catch (error) {
      this.lastWriteError = asError(error);
    }
    for (const accountId of this.dirty) {
      this.dirty.delete(accountId);
      const data = this.loaded.get(accountId);
      if (!data) continue;
      try {
        await writeFileAtomic(this.fileOf(accountId), JSON.stringify(data));
      } catch (error) {
        this.lastWriteError = asError(error);
      }
    }
  }

  private fileOf(accountId: string): string {
    return path.join(this.dir, `${encodeURIComponent(accountId)}.json`);
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function emptyHistory(): AccountHistory {
  return { version: 1, entries: [], dailyCalls: {} };
}

function isObject(value: unknown): value is Record<string, never> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function matchesFilter(entry: HistoryEntry, filter: HistoryFilter): boolean {
  const outcome = entry.kind === 'exchange' ? entry.exchange.outcome : undefined;
  const errcode =
    entry.kind === 'exchange'
      ? outcome?.kind === 'wechat-error'
        ? outcome.errcode
        : undefined
      : entry.kind === 'endpoint-request'
        ? entry.request.errcode
        : entry.errcode;
  const rid = outcome?.kind === 'wechat-error' ? outcome.rid : undefined;
  if (filter.errorsOnly && outcome?.kind === 'ok') return false;
  if (filter.errorsOnly && entry.kind === 'endpoint-request' && entry.request.status < 400 && errcode === undefined)
    return false;
  if (filter.errcode !== undefined && errcode !== filter.errcode) return false;
  if (filter.rid !== undefined && !rid?.toLowerCase().includes(filter.rid.trim().toLowerCase())) return false;
  const query = filter.query?.trim();
  if (query) {
    // A short number is an errcode (-1, 40164); anything else is (part of) a rid.
    if (/^-?\d{1,6}$/.test(query)) return errcode === Number(query);
    if (!rid?.toLowerCase().includes(query.toLowerCase())) return false;
  }
  return true;
}
