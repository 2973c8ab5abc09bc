import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { StoreBackend } from '../store/store-schema';
import { UserError } from '../user-error';
import type { Vault } from '../vault/vault';
import { FORMAT_NAMES, keysFor, PUBLISHABLE_FORMATS, type RedisTokenLocation } from './redis-formats';
import { splitRedisUrl } from './redis-url';

/**
 * Where the desk publishes the tokens it manages: a Redis (typically a developer's local one) in a chosen SDK's format,
 * so a local backend built on that SDK reads the desk's token and never fetches its own. Stored under the settings
 * file's `publishTargets` key, one validated entry at a time (an unreadable entry is skipped and kept); the password
 * of a target's Redis lives in the keychain under `publish:<target id>`.
 */

const STORE_KEY = 'publishTargets';

export const PublishTargetSchema = z.object({
  id: z.string().min(1),
  accountId: z.string().min(1),
  /** redis:// or rediss:// without a password. */
  url: z.string().min(1),
  format: z.enum(PUBLISHABLE_FORMATS),
  keyPrefix: z.string().nullable(),
  keyTemplate: z.string().nullable(),
  valueField: z.string().nullable(),
  createdAt: z.number(),
});
export type PublishTarget = z.infer<typeof PublishTargetSchema>;

export interface PublishTargetInput {
  url: string;
  format: string;
  keyPrefix?: string | null;
  keyTemplate?: string | null;
  valueField?: string | null;
}

export function passwordIdOf(target: Pick<PublishTarget, 'id'>): string {
  return `publish:${target.id}`;
}

export class PublishTargets {
  constructor(
    private readonly store: StoreBackend,
    private readonly vault: Vault,
    private readonly now: () => number = Date.now,
    private readonly newId: () => string = randomUUID,
  ) {}

  list(accountId?: string): PublishTarget[] {
    return this.raw().flatMap((entry) => {
      const parsed = PublishTargetSchema.safeParse(entry);
      return parsed.success && (accountId === undefined || parsed.data.accountId === accountId) ? [parsed.data] : [];
    });
  }

  /** Adds a target for a managed account; a password in the URL goes to the keychain. */
  async add(accountId: string, input: PublishTargetInput): Promise<PublishTarget> {
    if (!(PUBLISHABLE_FORMATS as readonly string[]).includes(input.format)) {
      throw new UserError({ code: 'publish-format-refused', params: { choices: PUBLISHABLE_FORMATS.join(', ') } });
    }
    const { url, password } = splitRedisUrl(input.url);
    const target: PublishTarget = {
      id: this.newId(),
      accountId,
      url,
      format: input.format as PublishTarget['format'],
      keyPrefix: input.keyPrefix?.trim() || null,
      keyTemplate: input.keyTemplate?.trim() || null,
      valueField: input.valueField?.trim() || null,
      createdAt: this.now(),
    };
    // Custom has no key of its own; EasyWeChat's key ends in the AppSecret, which the desk of a managed account must
    // not write into Redis for it: the person gives the exact key their backend reads.
    const needsExactKey = target.format === 'custom' || target.format === 'easywechat';
    if (needsExactKey && (!target.keyTemplate || /[*?]/.test(target.keyTemplate))) {
      throw new UserError({ code: 'team-key-template-needed', params: { format: FORMAT_NAMES[target.format] } });
    }
    if (password !== undefined) await this.vault.setConnectionPassword(passwordIdOf(target), password);
    this.store.set(STORE_KEY, [...this.raw(), target]);
    return target;
  }

  /** Removes every target of the account (and their passwords); returns how many there were. */
  async removeFor(accountId: string): Promise<number> {
    const gone = this.list(accountId);
    for (const target of gone) await this.vault.deleteConnectionPassword(passwordIdOf(target)).catch(() => false);
    const ids = new Set(gone.map((target) => target.id));
    this.store.set(
      STORE_KEY,
      this.raw().filter((entry) => !ids.has((entry as { id?: unknown } | null)?.id as string)),
    );
    return gone.length;
  }

  private raw(): unknown[] {
    const value = this.store.get(STORE_KEY);
    return Array.isArray(value) ? value : [];
  }
}

/** The Redis location a target writes to, for an account of this kind and AppID. */
export function targetLocation(
  target: PublishTarget,
  account: { kind: RedisTokenLocation['kind']; appId: string },
): RedisTokenLocation {
  return {
    format: target.format,
    kind: account.kind,
    appId: account.appId,
    keyPrefix: target.keyPrefix,
    keyTemplate: target.keyTemplate,
    valueField: target.valueField,
  };
}

/** The key a target writes, for display (`publish list`). */
export function targetKey(target: PublishTarget, account: { kind: RedisTokenLocation['kind']; appId: string }): string {
  const keys = keysFor(targetLocation(target, account));
  return 'key' in keys.token ? keys.token.key : keys.token.pattern;
}
