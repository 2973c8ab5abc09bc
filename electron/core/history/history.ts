import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EndpointRequestRecord } from '../endpoint/token-source';
import type { Exchange, WeChatCall } from '../wechat/types';
import { writeFileAtomic } from './atomic-file';
import { HistoryJournal, JOURNAL_FILE, type JournalLine } from './history-journal';
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
  /** The journal is compacted into the account files once it grows past this; default 4 MiB (~5,000 exchanges). */
  maxJournalBytes?: number;
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
 * synchronous on an in-memory copy (loaded on first use). Writes happen off the caller's path: once recording pauses
 * (`quietMs`, at most `maxDelayMs`) one background loop appends the new entries to the journal (history-journal.ts) in
 * one write, so a burst of exchanges (1,000 accounts refreshing at start) costs one append, not 1,000 file rewrites.
 * Once the journal passes `maxJournalBytes` (or on `compact()`), the accounts it names get their own files rewritten
 * atomically and the journal is emptied; loading an account replays its journal lines over its file. `flush()` puts
 * everything recorded on disk and waits for it: call it before a process exits.
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
  private readonly maxJournalBytes: number;
  private readonly journal: HistoryJournal;
  /** Journal lines not yet replayed into their account (read at the first load). */
  private unreplayed?: Map<string, JournalLine[]>;
  /** Recorded, not yet appended to the journal. */
  private unjournaled: JournalLine[] = [];
  /** Accounts whose file lags the journal: rewritten at the next compaction. */
  private readonly dirty = new Set<string>();
  private compactRequested = false;
  private draining?: Promise<void>;
  private writeTimer?: NodeJS.Timeout;
  private firstUnwrittenAt?: number;

  constructor(options: HistoryOptions) {
    this.dir = options.dir;
    this.maxEntries = options.maxEntriesPerAccount ?? 200;
    this.keepDays = options.keepDays ?? 62;
    this.quietMs = options.quietMs ?? 100;
    this.maxDelayMs = options.maxDelayMs ?? 1000;
    this.maxJournalBytes = options.maxJournalBytes ?? 4 * 1024 * 1024;
    this.journal = new HistoryJournal(path.join(this.dir, JOURNAL_FILE));
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
    this.append(accountId, data, entry, { day, calls: { ...counts } });
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

  /** Forgets an account and deletes its file; its journal lines are void from then on. */
  async removeAccount(accountId: string): Promise<void> {
    this.loaded.delete(accountId);
    this.dirty.delete(accountId);
    this.unreplayed?.delete(accountId);
    this.unjournaled = this.unjournaled.filter((line) => line.accountId !== accountId);
    this.unjournaled.push({ accountId, removed: true });
    // The removal reaches the journal before the file goes, so a crash in between can't bring the entries back.
    await this.flush();
    await fs.promises.rm(this.fileOf(accountId), { force: true });
  }

  /**
   * Writes what is pending now and resolves when every entry recorded so far is on disk (in the journal or its file),
   * or when writing failed (`lastWriteError`; the entries stay in memory for the next try).
   */
  async flush(): Promise<void> {
    // A write under way may have started before the latest records: let it end, then write the rest.
    if (this.draining) await this.draining;
    if (this.unjournaled.length === 0 && !this.compactRequested) return;
    this.startDrain();
    await this.draining;
  }

  /** Rewrites the account files the journal names and empties it (otherwise done once it passes `maxJournalBytes`). */
  async compact(): Promise<void> {
    this.compactRequested = true;
    await this.flush();
  }

  private append(
    accountId: string,
    data: AccountHistory,
    entry: HistoryEntry,
    counted?: { day: string; calls: Partial<Record<WeChatCall, number>> },
  ): void {
    data.entries.push(entry);
    if (data.entries.length > this.maxEntries) data.entries.splice(0, data.entries.length - this.maxEntries);
    this.unjournaled.push({ accountId, entry, ...counted });
    this.dirty.add(accountId);
    this.scheduleWrite();
  }

  private pruneDays(data: AccountHistory, today: string): void {
    const oldest = wechatDay(Date.parse(`${today}T00:00:00Z`) - this.keepDays * 24 * 60 * 60 * 1000);
    for (const day of Object.keys(data.dailyCalls)) if (day < oldest) delete data.dailyCalls[day];
  }

  private load(accountId: string): AccountHistory {
    const cached = this.loaded.get(accountId);
    if (cached) return cached;
    const data = this.readFile(accountId);
    this.unreplayed ??= this.journal.read();
    const lines = this.unreplayed.get(accountId);
    if (lines) {
      this.unreplayed.delete(accountId);
      this.replay(data, lines);
      this.dirty.add(accountId);
    }
    this.loaded.set(accountId, data);
    return data;
  }

  /**
   * Lays journal lines over the file's content. Idempotent, as a crash between a compaction's file writes and its
   * emptying of the journal needs: an entry already there is skipped, counts only ever go up.
   */
  private replay(data: AccountHistory, lines: JournalLine[]): void {
    const known = new Set(data.entries.map((entry) => entry.id));
    let alreadyThere = false;
    for (const line of lines) {
      if ('removed' in line) continue;
      if (known.has(line.entry.id)) alreadyThere = true;
      else {
        known.add(line.entry.id);
        data.entries.push(line.entry);
      }
      if (line.day && line.calls) {
        const counts = (data.dailyCalls[line.day] ??= {});
        for (const [call, count] of Object.entries(line.calls) as [WeChatCall, number][]) {
          counts[call] = Math.max(counts[call] ?? 0, count);
        }
      }
    }
    // Normally the journal only extends the file; after that crash, older journal entries may follow newer ones.
    if (alreadyThere) data.entries.sort((a, b) => a.at - b.at);
    if (data.entries.length > this.maxEntries) data.entries.splice(0, data.entries.length - this.maxEntries);
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
      if (this.unjournaled.length > 0) this.scheduleWrite();
    });
  }

  private async drain(): Promise<void> {
    try {
      await ensurePrivateDirAsync(this.dir);
    } catch (error) {
      this.lastWriteError = asError(error);
    }
    while (this.unjournaled.length > 0) {
      const lines = this.unjournaled.splice(0);
      try {
        await this.journal.append(lines);
      } catch (error) {
        // Kept in memory (a full disk); the next write tries again.
        this.unjournaled.unshift(...lines);
        this.lastWriteError = asError(error);
        return;
      }
    }
    if (this.compactRequested || this.journal.size > this.maxJournalBytes) await this.compactNow();
  }

  /**
   * Every account the journal names gets its file rewritten, then the journal goes. Entries recorded meanwhile wait in
   * memory (this loop is the only writer) and start the next journal.
   */
  private async compactNow(): Promise<void> {
    this.compactRequested = false;
    for (const accountId of this.unreplayed?.keys() ?? []) this.load(accountId);
    const accountIds = [...this.dirty];
    this.dirty.clear();
    for (const [index, accountId] of accountIds.entries()) {
      const data = this.loaded.get(accountId);
      if (!data) continue;
      try {
        await writeFileAtomic(this.fileOf(accountId), JSON.stringify(data));
      } catch (error) {
        // The journal stays the record of what is not in the files: try again at the next compaction.
        accountIds.slice(index).forEach((id) => this.dirty.add(id));
        this.lastWriteError = asError(error);
        return;
      }
    }
    try {
      await this.journal.clear();
    } catch (error) {
      this.lastWriteError = asError(error); // replaying it again later is harmless
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
