import type { Account } from './accounts/account-schema';
import type { AccountView } from './contract/views';
import type { CoreServices } from './core-services';
import { TOKEN_CALLS, type HistoryEntry } from './history/history-entry';
import type { TeamMode } from './team/team-mode';
import { UserError } from './user-error';
import { VaultUnavailableError } from './vault/vault';
import type { Exchange } from './wechat/types';

/**
 * What the renderer (and the tray, the CLI's `accounts list`, a follower) sees of each account: its settings, the
 * engine's state and token, the exchange behind a failure, and team mode's parts. Also knows which accounts have a
 * secret in the keychain — asked once at start and kept up to date, as asking per view would be slow and prompt-prone.
 */
export class AccountViews {
  private secretIds = new Set<string>();

  constructor(
    private readonly services: Pick<CoreServices, 'accounts' | 'engine' | 'history' | 'vault'>,
    private readonly team: Pick<TeamMode, 'viewParts' | 'publishView'>,
  ) {}

  /** Every account's view, sorted as the accounts are. */
  list(): AccountView[] {
    return this.services.accounts.list().map((account) => this.view(account));
  }

  /** The account, or the refusal a person understands when it was removed (in another window, by the CLI). */
  require(accountId: string): Account {
    const account = this.services.accounts.get(accountId);
    if (!account) throw new UserError({ code: 'account-gone', params: {} });
    return account;
  }

  view(account: Account): AccountView {
    const { engine, history } = this.services;
    const { id, label, kind, appId, environment, tokenMode, autoRefresh, marginSeconds, apiBase, notes } = account;
    const state = engine.getState(id) ?? { status: 'idle' as const, since: account.updatedAt };
    const token = engine.heldToken(id);
    const recent = history.list(id, { limit: 50 });
    const tokenExchanges = recent.filter(
      (entry): entry is Extract<HistoryEntry, { kind: 'exchange' }> =>
        entry.kind === 'exchange' && TOKEN_CALLS.includes(entry.exchange.call),
    );
    // "Last exchange" is the token's: a diagnostic (a check, a quota read, an IP probe) has its own panel.
    const last = tokenExchanges[0];
    // The failure behind an error / pause: the newest failed token call.
    const failure =
      state.status === 'error' || state.status === 'paused'
        ? tokenExchanges.find((entry) => entry.exchange.outcome.kind !== 'ok')
        : undefined;
    return {
      id,
      label,
      kind,
      appId,
      environment,
      tokenMode,
      autoRefresh,
      marginSeconds,
      apiBase,
      notes,
      secretSet: this.secretIds.has(id),
      state,
      ...(token
        ? {
            token: {
              value: token.accessToken,
              obtainedAt: token.obtainedAt,
              expiresAt: token.expiresAt,
              mode: token.mode,
            },
          }
        : {}),
      ...(last ? { lastExchange: last.exchange } : {}),
      // Anything new in the history (a diagnostic too): the timeline reloads when this changes.
      ...(recent[0] ? { latestHistoryId: recent[0].id } : {}),
      ...(failure ? { lastFailure: failure.exchange } : {}),
      ...(failure ? ipBeforeLastSuccess(tokenExchanges, failure.id) : {}),
      // A followed account: its source, and its state and token from the team store instead of the engine.
      ...(account.source ? { source: account.source } : {}),
      ...(account.follow ? { follow: account.follow } : {}),
      ...this.team.viewParts(account),
      ...this.team.publishView(account),
    };
  }

  /** A save that stored a secret (or an account that lost its own). */
  noteSecret(accountId: string, stored: boolean): void {
    if (stored) this.secretIds.add(accountId);
    else this.secretIds.delete(accountId);
  }

  /** Accounts another process added or changed: ask the keychain about just those (a full listing costs seconds). */
  async learnSecrets(accountIds: string[]): Promise<void> {
    for (const id of accountIds) {
      const secret = await this.services.vault.getSecret(id).catch(() => undefined);
      this.noteSecret(id, secret !== undefined);
    }
  }

  /** One keychain listing, at start. */
  async reloadSecrets(): Promise<void> {
    try {
      this.secretIds = await this.services.vault.accountsWithSecret();
    } catch (error) {
      // The desk still opens without a keychain; each account's state then says the secret can't be read.
      if (!(error instanceof VaultUnavailableError)) throw error;
    }
  }
}

function reportedIp(exchange: Exchange): string | undefined {
  return exchange.outcome.kind === 'wechat-error'
    ? (exchange.outcome.facts.ip ?? exchange.outcome.facts.fromIp)
    : undefined;
}

/**
 * WeChat names the caller's IP only when it refuses it. If an earlier refusal named IP X and a success followed (X
 * had been whitelisted), while the current failure names Y ≠ X, the egress IP changed since the last success — the
 * commonest reason a working account starts failing with 40164. `exchanges`: the token calls, newest first.
 */
function ipBeforeLastSuccess(
  exchanges: readonly Extract<HistoryEntry, { kind: 'exchange' }>[],
  failureId: string,
): { lastSuccessIp?: string } {
  const failureIndex = exchanges.findIndex((entry) => entry.id === failureId);
  const current = failureIndex >= 0 ? reportedIp(exchanges[failureIndex]!.exchange) : undefined;
  if (!current) return {};
  const successIndex = exchanges.findIndex(
    (entry, index) => index > failureIndex && entry.exchange.outcome.kind === 'ok',
  );
  if (successIndex < 0) return {};
  const earlier = exchanges
    .slice(successIndex + 1)
    .map((entry) => reportedIp(entry.exchange))
    .find(Boolean);
  return earlier && earlier !== current ? { lastSuccessIp: earlier } : {};
}
