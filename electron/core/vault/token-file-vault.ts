import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { writeFileAtomic } from '../history/atomic-file';
import { ensurePrivateDir } from '../store/private-files';
import { CachedTokenSchema, type CachedToken, type Vault } from './vault';

/**
 * Cached tokens in ONE encrypted file in the data dir, its key in the OS keychain; everything else (AppSecrets, the
 * endpoint key, Redis passwords) stays in the keychain as before.
 *
 * Why: the Secret Service (gnome-keyring) rewrites its whole keyring file on every write, so a write costs time in
 * proportion to the items already there — measured here, 54 ms per write with 1,000 items, and a cold start of 1,000
 * accounts wrote 1,000 tokens into a keyring of 2,000 items. A token is also short-lived data that changes every two
 * hours per account, unlike a secret. Here a burst of token changes costs one keychain read (the key) and one file
 * write; the tokens stay protected by the keychain (AES-256-GCM, the key never leaves it), and the file is 0600 in the
 * 0700 data dir.
 *
 * Writes are batched (a quiet period, bounded by a maximum delay) and each `setToken` / `deleteToken` resolves once
 * its change is on disk, so the engine's "settled" and a CLI command's exit still mean "written". Every write merges
 * this process's changes into the file as it is now, under a lock, so a CLI removing an account beside a running
 * refresher loses nothing.
 */

const FileSchema = z.object({
  version: z.literal(1),
  iv: z.string(),
  tag: z.string(),
  data: z.string(),
});

const TokensSchema = z.record(z.string(), z.unknown());

/** The keychain holds the file's key; only the Keytar-backed vault (or a test's) can. */
export type KeyHoldingVault = Vault & {
  getTokenCacheKey(): Promise<string | undefined>;
  setTokenCacheKey(key: string): Promise<void>;
  /** Accounts whose token an earlier TokenDesk kept as a keychain item of its own (one search). */
  accountsWithCachedToken(): Promise<Set<string>>;
};

export interface TokenFileVaultOptions {
  /** Quiet period before a batch is written (ms); default 50. */
  quietMs?: number;
  /** …at most this long after the first unwritten change (ms); default 500. */
  maxDelayMs?: number;
}

type Change = { token: CachedToken } | { token: null };

export class TokenFileVault implements Vault {
  private tokens?: Map<string, CachedToken>;
  private legacyIds?: Promise<Set<string>>;
  private reading?: Promise<Map<string, CachedToken>>;
  private readingStamp?: string;
  private stamp?: string;
  private key?: Buffer;
  private pending = new Map<string, Change>();
  private waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private quietTimer?: NodeJS.Timeout;
  private deadline?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();
  private readonly quietMs: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly inner: KeyHoldingVault,
    readonly file: string,
    options: TokenFileVaultOptions = {},
  ) {
    this.quietMs = options.quietMs ?? 50;
    this.maxDelayMs = options.maxDelayMs ?? 500;
  }

  getSecret(accountId: string) {
    return this.inner.getSecret(accountId);
  }
  setSecret(accountId: string, secret: string) {
    return this.inner.setSecret(accountId, secret);
  }
  deleteSecret(accountId: string) {
    return this.inner.deleteSecret(accountId);
  }
  accountsWithSecret() {
    return this.inner.accountsWithSecret();
  }
  getConnectionPassword(connectionId: string) {
    return this.inner.getConnectionPassword(connectionId);
  }
  setConnectionPassword(connectionId: string, password: string) {
    return this.inner.setConnectionPassword(connectionId, password);
  }
  deleteConnectionPassword(connectionId: string) {
    return this.inner.deleteConnectionPassword(connectionId);
  }
  getEndpointKey() {
    return this.inner.getEndpointKey();
  }
  setEndpointKey(key: string) {
    return this.inner.setEndpointKey(key);
  }
  deleteEndpointKey() {
    return this.inner.deleteEndpointKey();
  }

  async getToken(accountId: string): Promise<CachedToken | undefined> {
    const pending = this.pending.get(accountId);
    if (pending) return pending.token ?? undefined;
    const found = (await this.current()).get(accountId);
    if (found || this.stamp !== undefined) return found;
    // No file yet: a token an earlier TokenDesk kept as a keychain item of its own moves into the file. One search
    // says which accounts have one, so a cold start of a thousand accounts is not a thousand keychain reads.
    this.legacyIds ??= this.inner.accountsWithCachedToken().catch(() => new Set<string>());
    if (!(await this.legacyIds).has(accountId)) return undefined;
    const legacy = await this.inner.getToken(accountId).catch(() => undefined);
    if (legacy && legacy.expiresAt > Date.now()) {
      void this.change(accountId, { token: legacy })
        .then(() => this.inner.deleteToken(accountId))
        .catch(() => undefined);
    }
    return legacy;
  }

  async setToken(accountId: string, token: CachedToken): Promise<void> {
    await this.change(accountId, { token });
  }

  async deleteToken(accountId: string): Promise<boolean> {
    const existed = (await this.getToken(accountId)) !== undefined;
    await this.change(accountId, { token: null });
    return existed;
  }

  /** Writes whatever is pending now. */
  async flush(): Promise<void> {
    if (this.pending.size > 0) await this.writeBatch();
    await this.writing;
  }

  // ── reading ───────────────────────────────────────────────────────────────────────────────────────────────────

  /** The file's tokens, re-read when another process replaced it. */
  private async current(): Promise<Map<string, CachedToken>> {
    const stamp = fileStamp(this.file);
    if (this.tokens && stamp === this.stamp) return this.tokens;
    // One read per change of the file: a start asks for a thousand tokens at once, and each would decrypt it again.
    if (!this.reading || this.readingStamp !== stamp) {
      this.readingStamp = stamp;
      this.reading = this.read().then((tokens) => {
        if (this.readingStamp === stamp) {
          this.tokens = tokens;
          this.stamp = stamp;
        }
        return tokens;
      });
    }
    return this.reading;
  }

  private async read(): Promise<Map<string, CachedToken>> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.file, 'utf8');
    } catch {
      return new Map();
    }
    const key = await this.existingKey();
    // A file without its key (a reset keychain) can't be read by anyone: start empty, tokens are fetched again.
    if (!key) return new Map();
    return decrypt(text, key);
  }

  private async existingKey(): Promise<Buffer | undefined> {
    if (this.key) return this.key;
    const stored = await this.inner.getTokenCacheKey();
    if (stored) this.key = Buffer.from(stored, 'base64');
    return this.key;
  }

  private async keyForWriting(): Promise<Buffer> {
    const existing = await this.existingKey();
    if (existing) return existing;
    const key = randomBytes(32);
    await this.inner.setTokenCacheKey(key.toString('base64'));
    this.key = key;
    return key;
  }

  // ── writing ───────────────────────────────────────────────────────────────────────────────────────────────────

  private change(accountId: string, change: Change): Promise<void> {
    this.pending.set(accountId, change);
    const written = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => void this.writeBatch(), this.quietMs);
    this.deadline ??= setTimeout(() => void this.writeBatch(), this.maxDelayMs);
    return written;
  }

  private writeBatch(): Promise<void> {
    clearTimeout(this.quietTimer);
    clearTimeout(this.deadline);
    this.quietTimer = undefined;
    this.deadline = undefined;
    const batch = this.pending;
    const waiters = this.waiters;
    this.pending = new Map();
    this.waiters = [];
    if (batch.size === 0) return this.writing;
    this.writing = this.writing
      .then(() => this.merge(batch))
      .then(
        () => waiters.forEach((waiter) => waiter.resolve()),
        (error: unknown) => waiters.forEach((waiter) => waiter.reject(error)),
      );
    return this.writing;
  }

  /** Applies `batch` to the file as it is now, under the file's lock. */
  private async merge(batch: Map<string, Change>): Promise<void> {
    const key = await this.keyForWriting();
    ensurePrivateDir(path.dirname(this.file));
    const release = await lockfile.lock(this.file, {
      lockfilePath: `${this.file}.lock`,
      realpath: false,
      stale: 10_000,
      retries: { retries: 100, minTimeout: 10, maxTimeout: 100 },
    });
    try {
      this.tokens = undefined;
      const tokens = await this.current();
      for (const [accountId, change] of batch) {
        if (change.token) tokens.set(accountId, change.token);
        else tokens.delete(accountId);
      }
      await writeFileAtomic(this.file, encrypt(tokens, key));
      this.stamp = fileStamp(this.file);
    } finally {
      await release();
    }
  }
}

function encrypt(tokens: Map<string, CachedToken>, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(Object.fromEntries(tokens)), 'utf8'), cipher.final()]);
  return `${JSON.stringify({
    version: 1,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  })}\n`;
}

/** Anything unreadable (a hand edit, another key) reads as no tokens: the engine fetches new ones. */
function decrypt(text: string, key: Buffer): Map<string, CachedToken> {
  try {
    const file = FileSchema.parse(JSON.parse(text));
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(file.data, 'base64')), decipher.final()]).toString('utf8');
    const entries = Object.entries(TokensSchema.parse(JSON.parse(plain))).flatMap(([accountId, value]) => {
      const token = CachedTokenSchema.safeParse(value);
      return token.success ? [[accountId, token.data] as const] : [];
    });
    return new Map(entries);
  } catch {
    return new Map();
  }
}

function fileStamp(file: string): string | undefined {
  try {
    const stat = fs.statSync(file);
    return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  } catch {
    return undefined;
  }
}
