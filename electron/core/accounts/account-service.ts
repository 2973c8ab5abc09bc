import { randomUUID } from 'node:crypto';
import { TypedEmitter } from '../events/typed-emitter';
import type { StoreBackend } from '../store/store-schema';
import { VaultUnavailableError, type Vault } from '../vault/vault';
import { CREDENTIAL_FIELDS, isFollowed, StoredAccountSchema, type Account, type AccountInput } from './account-schema';
import { validateAccount, type FieldProblem, type ValidationReport } from './account-validation';

export interface AccountEvents extends Record<string, unknown> {
  accountAdded: { account: Account };
  /** `credentialsChanged`: the AppID, kind, mode, base URL or secret changed, so any cached token was dropped. */
  accountUpdated: { account: Account; credentialsChanged: boolean };
  accountRemoved: { accountId: string };
}

export type SaveResult =
  { ok: true; account: Account; warnings: FieldProblem[] } | { ok: false; problems: FieldProblem[] };

export interface RemoveResult {
  removed: boolean;
  /** Set when the keychain could not be reached: the secret and token entries are still there (the message says why). */
  keychainCleanupFailed?: string;
}

export interface AccountServiceOptions {
  store: StoreBackend;
  vault: Vault;
  now?: () => number;
  newId?: () => string;
}

/**
 * Accounts CRUD over the `accounts` key of the settings file, with each AppSecret in the vault (never in the file).
 * Entries that fail validation on read are skipped for this run but kept on disk, so a newer version's or a hand-made
 * entry is never destroyed by an older TokenDesk.
 */
export class AccountService {
  readonly events = new TypedEmitter<AccountEvents>();
  private readonly store: StoreBackend;
  private readonly vault: Vault;
  private readonly now: () => number;
  private readonly newId: () => string;
  private parsed?: { raw: unknown[]; accounts: Account[] };
  /** The accounts as this process last announced them; set once `syncFromStore` is used. */
  private announced?: Map<string, Account>;

  constructor(options: AccountServiceOptions) {
    this.store = options.store;
    this.vault = options.vault;
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? randomUUID;
  }

  /** Every readable account, sorted by label. */
  list(): Account[] {
    const raw = this.readRaw();
    // The store hands back the same (frozen) array until the file changes: validate and sort once per change.
    if (raw !== this.parsed?.raw) {
      const accounts = raw
        .flatMap((entry) => {
          const parsed = StoredAccountSchema.safeParse(entry);
          return parsed.success ? [Object.freeze(parsed.data)] : [];
        })
        .sort((a, b) => a.label.localeCompare(b.label));
      this.parsed = { raw, accounts };
    }
    return [...this.parsed.accounts];
  }

  get(accountId: string): Account | undefined {
    return this.list().find((account) => account.id === accountId);
  }

  /**
   * Announces what another process (the CLI, a hand edit) changed in the settings file since the last look, as the
   * same events this process's own changes raise. `beforeAnnounce` learns the ids of accounts added or updated that
   * way first (their keychain entries may be new), so listeners see them complete.
   */
  async syncFromStore(beforeAnnounce: (accountIds: string[]) => Promise<void> = async () => undefined): Promise<void> {
    const current = new Map(this.list().map((account) => [account.id, account]));
    const before = this.announced;
    if (!before) {
      this.announced = current;
      return;
    }
    const added: Account[] = [];
    const updated: { account: Account; credentialsChanged: boolean }[] = [];
    for (const [id, account] of current) {
      const previous = before.get(id);
      if (!previous) added.push(account);
      else if (previous !== account && JSON.stringify(previous) !== JSON.stringify(account)) {
        const credentialsChanged = CREDENTIAL_FIELDS.some((field) => account[field] !== previous[field]);
        updated.push({ account, credentialsChanged });
      }
    }
    const removed = [...before.keys()].filter((id) => !current.has(id));
    if (added.length + updated.length + removed.length === 0) return;
    await beforeAnnounce([...added.map((account) => account.id), ...updated.map(({ account }) => account.id)]);
    // This process may have changed the file meanwhile (its own events are out already): compare again.
    const latest = this.announced ?? before;
    for (const account of added) {
      if (latest.has(account.id)) continue;
      latest.set(account.id, account);
      this.events.emit('accountAdded', { account });
    }
    for (const change of updated) {
      latest.set(change.account.id, change.account);
      this.events.emit('accountUpdated', change);
    }
    for (const accountId of removed) {
      if (!latest.delete(accountId)) continue;
      this.events.emit('accountRemoved', { accountId });
    }
  }

  /** Checks a form without saving; pass the id when editing (its own label is not a duplicate, the secret is optional). */
  validate(input: AccountInput, secret?: string, accountId?: string): ValidationReport {
    const { problems, warnings } = validateAccount(input, secret, this.context(accountId));
    return { problems, warnings };
  }

  /** Validates and saves a new account; the trimmed secret goes to the vault (a followed account has none). */
  async add(input: AccountInput, secret: string | undefined): Promise<SaveResult> {
    const result = validateAccount(input, secret, this.context(undefined));
    // A followed account (team mode) has no AppSecret; every other one has one by now.
    if (!result.account || (result.secret === undefined && !isFollowed(result.account))) {
      return { ok: false, problems: result.problems };
    }
    const now = this.now();
    const account: Account = { id: this.newId(), ...result.account, createdAt: now, updatedAt: now };
    const stored =
      result.secret !== undefined
        ? await this.storeSecret(account.id, result.secret)
        : await this.storeConnectionPassword(account.id, result.connectionPassword);
    if (stored) return { ok: false, problems: [stored] };
    try {
      this.writeRaw([...this.readRaw(), account]);
    } catch (error) {
      await this.vault.deleteSecret(account.id).catch(() => false);
      throw error;
    }
    this.announced?.set(account.id, account);
    this.events.emit('accountAdded', { account });
    return { ok: true, account, warnings: result.warnings };
  }

  /**
   * Adds many accounts with one write of the settings file (an import of a thousand would otherwise rewrite the file
   * a thousand times). Each row is validated against the existing labels and the rows before it; rows with problems
   * are skipped and reported, the rest saved. Secrets go to the keychain one by one, before the file names them.
   */
  async addMany(rows: { input: AccountInput; secret: string }[]): Promise<SaveResult[]> {
    const labels = this.list().map((account) => account.label);
    const results: SaveResult[] = [];
    const added: Account[] = [];
    for (const row of rows) {
      const result = validateAccount(row.input, row.secret, { otherLabels: labels, secretRequired: true });
      if (!result.account || result.secret === undefined) {
        results.push({ ok: false, problems: result.problems });
        continue;
      }
      const now = this.now();
      const account: Account = { id: this.newId(), ...result.account, createdAt: now, updatedAt: now };
      const stored = await this.storeSecret(account.id, result.secret);
      if (stored) {
        results.push({ ok: false, problems: [stored] });
        continue;
      }
      labels.push(account.label);
      added.push(account);
      results.push({ ok: true, account, warnings: result.warnings });
    }
    if (added.length === 0) return results;
    try {
      this.writeRaw([...this.readRaw(), ...added]);
    } catch (error) {
      await Promise.all(added.map((account) => this.vault.deleteSecret(account.id).catch(() => false)));
      throw error;
    }
    for (const account of added) {
      this.announced?.set(account.id, account);
      this.events.emit('accountAdded', { account });
    }
    return results;
  }

  /**
   * Replaces an account's fields with `input` (fields left out keep their values); a secret replaces the stored one,
   * none keeps it. Changing what decides the token (AppID, kind, mode, base URL, secret) drops the cached token.
   */
  async update(accountId: string, input: Partial<AccountInput>, secret?: string): Promise<SaveResult> {
    const existing = this.get(accountId);
    if (!existing)
      return {
        ok: false,
        problems: [{ field: 'label', message: { code: 'account-removed-meanwhile', params: {} } }],
      };
    const merged: AccountInput = { ...existing, ...input };
    const result = validateAccount(merged, secret, this.context(accountId));
    if (!result.account) return { ok: false, problems: result.problems };
    const account: Account = { ...existing, ...result.account, updatedAt: this.now() };
    const credentialsChanged =
      result.secret !== undefined || CREDENTIAL_FIELDS.some((field) => account[field] !== existing[field]);
    if (result.secret !== undefined) {
      const stored = await this.storeSecret(accountId, result.secret);
      if (stored) return { ok: false, problems: [stored] };
    }
    const storedPassword = await this.storeConnectionPassword(accountId, result.connectionPassword);
    if (storedPassword) return { ok: false, problems: [storedPassword] };
    if (credentialsChanged) await this.vault.deleteToken(accountId).catch(() => false);
    this.writeRaw(this.readRaw().map((raw) => (idOf(raw) === accountId ? { ...(raw as object), ...account } : raw)));
    this.announced?.set(account.id, this.get(accountId) ?? account);
    this.events.emit('accountUpdated', { account, credentialsChanged });
    return { ok: true, account, warnings: result.warnings };
  }

  /** Removes the account and its keychain entries (secret and cached token). */
  async remove(accountId: string): Promise<RemoveResult> {
    const raw = this.readRaw();
    if (!raw.some((entry) => idOf(entry) === accountId)) return { removed: false };
    let keychainCleanupFailed: string | undefined;
    try {
      await this.vault.deleteSecret(accountId);
      await this.vault.deleteToken(accountId);
      await this.vault.deleteConnectionPassword(accountId);
    } catch (error) {
      if (!(error instanceof VaultUnavailableError)) throw error;
      keychainCleanupFailed = error.message;
    }
    this.writeRaw(raw.filter((entry) => idOf(entry) !== accountId));
    this.announced?.delete(accountId);
    this.events.emit('accountRemoved', { accountId });
    return keychainCleanupFailed ? { removed: true, keychainCleanupFailed } : { removed: true };
  }

  private context(accountId: string | undefined) {
    const otherLabels = this.list()
      .filter((account) => account.id !== accountId)
      .map((account) => account.label);
    return { otherLabels, secretRequired: accountId === undefined };
  }

  /** A Redis password taken out of a followed account's URL goes to the keychain under the account's id. */
  private async storeConnectionPassword(
    accountId: string,
    password: string | undefined,
  ): Promise<FieldProblem | undefined> {
    if (password === undefined) return undefined;
    try {
      await this.vault.setConnectionPassword(accountId, password);
      return undefined;
    } catch (error) {
      if (error instanceof VaultUnavailableError)
        return {
          field: 'follow',
          message: { code: 'connection-password-save-failed', params: { detail: error.message } },
        };
      throw error;
    }
  }

  private async storeSecret(accountId: string, secret: string): Promise<FieldProblem | undefined> {
    try {
      await this.vault.setSecret(accountId, secret);
      return undefined;
    } catch (error) {
      if (error instanceof VaultUnavailableError)
        return { field: 'secret', message: { code: 'secret-save-failed', params: { detail: error.message } } };
      throw error;
    }
  }

  private readRaw(): unknown[] {
    const raw = this.store.get('accounts');
    return Array.isArray(raw) ? raw : [];
  }

  private writeRaw(entries: unknown[]): void {
    this.store.set('accounts', entries);
  }
}

function idOf(raw: unknown): unknown {
  return typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
}
