/**
 * Which IP WeChat saw each account's calls come from, over time (`<data dir>/ip-sightings.json`): the newest few per
 * account, so the desk can say "WeChat saw 203.0.113.7; until yesterday it was 198.51.100.2" — the commonest reason a
 * whitelisted account starts failing with 40164 is an egress IP that changed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { IpSighting } from '../contract/api-tools-views';
import { writeFileAtomic } from '../history/atomic-file';
import { ensurePrivateDirAsync } from '../store/private-files';

/** Sightings kept per account, newest first. */
export const SIGHTINGS_PER_ACCOUNT = 20;

export class IpSightings {
  private loaded?: Record<string, IpSighting[]>;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  static inDataDir(dataDir: string): IpSightings {
    return new IpSightings(path.join(dataDir, 'ip-sightings.json'));
  }

  /** Newest first. */
  list(accountId: string): IpSighting[] {
    return [...(this.load()[accountId] ?? [])];
  }

  /** Adds a sighting; returns the IP seen before it, when that one differs (the IP changed). */
  add(accountId: string, sighting: IpSighting): { changedFrom?: string } {
    const all = this.load();
    const previous = all[accountId]?.[0];
    all[accountId] = [sighting, ...(all[accountId] ?? [])].slice(0, SIGHTINGS_PER_ACCOUNT);
    this.persist();
    return previous && previous.ip !== sighting.ip ? { changedFrom: previous.ip } : {};
  }

  remove(accountId: string): void {
    const all = this.load();
    if (!(accountId in all)) return;
    delete all[accountId];
    this.persist();
  }

  /** Resolves once every change so far is on disk. */
  flush(): Promise<void> {
    return this.writing;
  }

  private load(): Record<string, IpSighting[]> {
    if (this.loaded) return this.loaded;
    this.loaded = {};
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return this.loaded; // none yet
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        for (const [accountId, list] of Object.entries(parsed)) {
          if (Array.isArray(list)) this.loaded[accountId] = list.filter(isSighting);
        }
        return this.loaded;
      }
    } catch {
      // fall through: unreadable
    }
    // Kept aside rather than overwritten: nothing is lost, the sightings start afresh.
    fs.renameSync(this.file, this.file.replace(/\.json$/, `.unreadable-${Date.now()}.json`));
    return this.loaded;
  }

  private persist(): void {
    const text = JSON.stringify(this.loaded);
    this.writing = this.writing
      .then(() => ensurePrivateDirAsync(path.dirname(this.file)))
      .then(() => writeFileAtomic(this.file, text))
      .catch(() => undefined); // a full disk: the sightings still work in memory
  }
}

function isSighting(value: unknown): value is IpSighting {
  const candidate = value as Partial<IpSighting> | null;
  return typeof candidate?.ip === 'string' && typeof candidate.at === 'number';
}
