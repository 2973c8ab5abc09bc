import fs from 'node:fs';
import type { WeChatCall } from '../wechat/types';
import type { HistoryEntry } from './history-entry';

export const JOURNAL_FILE = 'journal.jsonl';

/** One line of the journal: an entry (with its WeChat day's call counts after it, for a call), or a removal. */
export type JournalLine =
  | { accountId: string; entry: HistoryEntry; day?: string; calls?: Partial<Record<WeChatCall, number>> }
  | { accountId: string; removed: true };

/**
 * The history's append-only journal, `<dir>/journal.jsonl`. A burst of 1,000 exchanges (every account refreshing at
 * start) is one append of 1,000 lines — about 4 ms here — where writing 1,000 per-account files (temp file + rename
 * each) took over a second of the engine's process. The per-account files are rewritten from it later, in one
 * compaction (history.ts). Replaying is idempotent: entries are deduplicated by id and counts are maxima.
 */
export class HistoryJournal {
  private bytes = 0;

  constructor(readonly file: string) {}

  /** Bytes on disk (after `read`, plus what this process appended). */
  get size(): number {
    return this.bytes;
  }

  /**
   * The lines on disk, per account, oldest first. A torn last line (a crash mid-append) is skipped; a removal drops the
   * account's earlier lines.
   */
  read(): Map<string, JournalLine[]> {
    const byAccount = new Map<string, JournalLine[]>();
    // existsSync first: no journal is the common case, and a thrown ENOENT costs ~0.5 ms.
    if (!fs.existsSync(this.file)) return byAccount;
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return byAccount;
    }
    this.bytes = Buffer.byteLength(text);
    for (const raw of text.split('\n')) {
      const line = parseLine(raw);
      if (!line) continue;
      if ('removed' in line) byAccount.delete(line.accountId);
      else if (byAccount.has(line.accountId)) byAccount.get(line.accountId)!.push(line);
      else byAccount.set(line.accountId, [line]);
    }
    return byAccount;
  }

  async append(lines: readonly JournalLine[]): Promise<void> {
    const text = lines.map((line) => `${JSON.stringify(line)}\n`).join('');
    await fs.promises.appendFile(this.file, text, { encoding: 'utf8', mode: 0o600 });
    this.bytes += Buffer.byteLength(text);
  }

  /** Every line is in the account files now. */
  async clear(): Promise<void> {
    await fs.promises.rm(this.file, { force: true });
    this.bytes = 0;
  }
}

function parseLine(raw: string): JournalLine | undefined {
  if (raw.trim() === '') return undefined;
  try {
    const line = JSON.parse(raw) as Partial<JournalLine> & { entry?: { id?: unknown } };
    if (typeof line.accountId !== 'string') return undefined;
    if ('removed' in line && line.removed === true) return { accountId: line.accountId, removed: true };
    if (typeof line.entry?.id === 'string') return line as JournalLine;
  } catch {
    // a torn line: skipped
  }
  return undefined;
}
