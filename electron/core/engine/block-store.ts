import { forgetStamp, turnStamp } from '../store/turn-stamps';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const TimesSchema = z.array(z.number()).catch([]);
const UntilSchema = z.object({ until: z.number(), errcode: z.number() });

/** What WeChat (or TokenDesk's own rules) forbids for one AppID right now, and the counts the rules are made of. */
const AppBlocksSchema = z.object({
  /** 8950x: WeChat refuses calls from this IP for this AppID until then. */
  lockout: UntilSchema.optional().catch(undefined),
  /** 45009 on a token call: the AppID's daily token quota is gone until WeChat's day resets (or a clear_quota). */
  quotaExhausted: UntilSchema.optional().catch(undefined),
  /** Failed token calls (epoch ms): the per-account failure budget. */
  failures: TimesSchema,
  /** stable_token force_refresh calls (epoch ms): ≥ 30 s apart, 20 a WeChat day. */
  forceRefreshes: TimesSchema,
  /** Successful clear_quota/v2 calls (epoch ms): 10 a WeChat month. */
  quotaClears: TimesSchema,
  /** WeChat answered 48006 (clears used up) on clear_quota: refused locally until then. */
  quotaClearsExhaustedUntil: z.number().optional().catch(undefined),
});
export type AppBlocks = z.infer<typeof AppBlocksSchema>;

const BlocksFileSchema = z.object({
  version: z.literal(1),
  apps: z.record(z.string(), AppBlocksSchema),
});
type BlocksFile = z.infer<typeof BlocksFileSchema>;

/** Counts older than this are of no rule's use any more: clear_quota's month, the force rules' day, the budget's hour. */
const KEEP_MONTH_MS = 32 * 24 * 60 * 60_000;
const KEEP_DAY_MS = 24 * 60 * 60_000;

export const BLOCKS_FILE = 'blocks.json';

/**
 * The blocks every process working on a data dir honours: `<dataDir>/blocks.json`, keyed by AppID (WeChat's limits
 * are the AppID's, whichever account entry or process made the call). Checked on disk for each decision (its stamp
 * at most once per turn of the event loop, turn-stamps.ts; afresh before every write), so a lockout seen by the CLI
 * holds in the app, a restarted `serve` and the next CLI run; the file is parsed again only when its stamp (inode,
 * size, mtime) changed — every write is a new file renamed over it, so any write changes the inode —
 * since reading and validating it twice per token fetch was ~6 % of the engine bench's CPU (a thrown ENOENT each time
 * when there is no file). Writes are synchronous and atomic (temp file + rename, mode 0600), so a decision
 * and the write that follows it can't interleave with another call in this process. A missing or unreadable file
 * means no blocks: it only ever makes TokenDesk more careful, so losing it costs nothing a person relies on.
 */
export class BlockStore {
  private sequence = 0;
  private cached?: { stamp: string; file: BlocksFile };

  constructor(readonly file: string) {}

  static inDataDir(dataDir: string): BlockStore {
    return new BlockStore(path.join(dataDir, BLOCKS_FILE));
  }

  get(appId: string): AppBlocks {
    const blocks = this.read().apps[appId];
    // A copy: the parsed file is shared by every later read until the file changes.
    return blocks ? structuredClone(blocks) : emptyBlocks();
  }

  /** Read, change, write back: `change` mutates the AppID's blocks. */
  update(appId: string, change: (blocks: AppBlocks) => void, now: number): AppBlocks {
    // A write starts from the file as it is now, not as it was earlier in this turn: another process's block stays.
    forgetStamp(this.file);
    const file = structuredClone(this.read());
    const blocks = file.apps[appId] ?? emptyBlocks();
    change(blocks);
    file.apps[appId] = blocks;
    for (const [key, value] of Object.entries(file.apps)) {
      prune(value, now);
      if (isEmpty(value)) delete file.apps[key];
    }
    this.write(file);
    return blocks;
  }

  private read(): BlocksFile {
    const stamp = this.stamp();
    if (stamp === undefined) return { version: 1, apps: {} };
    if (this.cached?.stamp === stamp) return this.cached.file;
    const file = this.parse();
    this.cached = { stamp, file };
    return file;
  }

  /** Which version of the file is on disk; undefined when there is none. */
  private stamp(): string | undefined {
    return turnStamp(this.file, () => {
      try {
        const stat = fs.statSync(this.file, { throwIfNoEntry: false, bigint: true });
        return stat ? `${stat.ino}:${stat.size}:${stat.mtimeNs}` : undefined;
      } catch {
        return undefined;
      }
    });
  }

  private parse(): BlocksFile {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return { version: 1, apps: {} };
    }
    try {
      const parsed = BlocksFileSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // not JSON: as good as missing
    }
    return { version: 1, apps: {} };
  }

  private write(file: BlocksFile): void {
    this.sequence += 1;
    const temp = `${this.file}.${process.pid}.${this.sequence}.tmp`;
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(temp, JSON.stringify(file), { encoding: 'utf8', mode: 0o600 });
      fs.renameSync(temp, this.file);
      forgetStamp(this.file);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    }
  }
}

function emptyBlocks(): AppBlocks {
  return { failures: [], forceRefreshes: [], quotaClears: [] };
}

function prune(blocks: AppBlocks, now: number): void {
  blocks.failures = blocks.failures.filter((at) => at > now - KEEP_DAY_MS);
  blocks.forceRefreshes = blocks.forceRefreshes.filter((at) => at > now - KEEP_DAY_MS);
  blocks.quotaClears = blocks.quotaClears.filter((at) => at > now - KEEP_MONTH_MS);
  if (blocks.lockout && blocks.lockout.until <= now) delete blocks.lockout;
  if (blocks.quotaExhausted && blocks.quotaExhausted.until <= now) delete blocks.quotaExhausted;
  if (blocks.quotaClearsExhaustedUntil !== undefined && blocks.quotaClearsExhaustedUntil <= now)
    delete blocks.quotaClearsExhaustedUntil;
}

function isEmpty(blocks: AppBlocks): boolean {
  return (
    !blocks.lockout &&
    !blocks.quotaExhausted &&
    blocks.quotaClearsExhaustedUntil === undefined &&
    blocks.failures.length === 0 &&
    blocks.forceRefreshes.length === 0 &&
    blocks.quotaClears.length === 0
  );
}
