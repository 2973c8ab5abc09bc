import type { Account } from '../accounts/account-schema';
import type { QuotaView } from '../contract/views';
import { systemClock, type Clock } from '../engine/clock';
import type { CheckVerdict, TokenEngine } from '../engine/token-engine';
import type { History } from '../history/history';
import { wechatMonth } from '../history/wechat-day';
import { UserError } from '../user-error';
import type { Vault } from '../vault/vault';
import type { WeChatClient } from '../wechat/client';
import type { Exchange, RidResult } from '../wechat/types';

export interface DiagnosticsOptions {
  engine: Pick<TokenEngine, 'checkToken' | 'getToken' | 'heldToken' | 'gateway'>;
  client: Pick<WeChatClient, 'getQuota' | 'clearQuotaV2' | 'lookupRid'>;
  vault: Pick<Vault, 'getSecret'>;
  history: Pick<History, 'tokenCallsToday'>;
  clock?: Clock;
}

/**
 * The diagnostic calls the desk and the CLI share: is the token accepted, the quota meter, clear_quota/v2, rid lookup.
 * Each goes through the engine's gateway, so it is recorded in the account's history, honours the shared blocks (an
 * IP lockout, clear_quota's 10 a month — the 11th is refused here, with the date it frees up), and a check that
 * shows our valid token refused is noticed as "refreshed elsewhere".
 */
export class Diagnostics {
  private readonly clock: Clock;

  constructor(private readonly options: DiagnosticsOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** get_api_domain_ip with the current token (see TokenEngine.checkToken for what a refusal means). */
  check(account: Account): Promise<{ exchange: Exchange; verdict: CheckVerdict }> {
    return this.options.engine.checkToken(account.id);
  }

  /** TokenDesk's own count of today's token calls and this month's quota clears; with `remote`, WeChat's meter too. */
  async quota(account: Account, remote: boolean): Promise<QuotaView> {
    const { engine, history, client } = this.options;
    const now = this.clock.now();
    const view: QuotaView = {
      localCallsToday: history.tokenCallsToday(account.id, now),
      clearsThisMonth: this.clearsThisMonth(account, now),
    };
    if (!remote) return view;
    const token = engine.heldToken(account.id);
    if (!token || token.expiresAt <= now) throw new UserError({ code: 'quota-needs-token', params: {} });
    const cgiPath = account.tokenMode === 'stable' ? '/cgi-bin/stable_token' : '/cgi-bin/token';
    const exchange = await engine.gateway.send(
      { accountId: account.id, appId: account.appId, call: 'quota-get', trigger: 'manual' },
      () => client.getQuota({ accessToken: token.accessToken, cgiPath, ...baseOf(account) }),
    );
    return { ...view, exchange, ...(exchange.result ? { remote: exchange.result } : {}) };
  }

  /** clear_quota/v2 with the AppSecret (it works when the token quota is gone); 10 a month, enforced. */
  async clearQuota(account: Account): Promise<Exchange> {
    if (account.kind === 'wecom') throw new UserError({ code: 'wecom-no-clear-quota', params: {} });
    const { engine, client, vault } = this.options;
    const target = { accountId: account.id, appId: account.appId, call: 'clear-quota-v2', trigger: 'manual' } as const;
    // Refused before the keychain is even asked: the 11th call of a month must not leave this machine.
    const refusal = engine.gateway.refusal(account.appId, target.call);
    if (refusal) throw refusal;
    const secret = await vault.getSecret(account.id);
    if (!secret) throw new UserError({ code: 'no-secret-stored', params: { secretName: 'AppSecret' } });
    return engine.gateway.send(target, () => client.clearQuotaV2({ appId: account.appId, secret, ...baseOf(account) }));
  }

  /** What WeChat received and answered for a rid (same account, last 7 days). */
  async lookupRid(account: Account, rid: string): Promise<Exchange<RidResult>> {
    const { engine, client } = this.options;
    const token = await engine.getToken(account.id);
    return engine.gateway.send(
      { accountId: account.id, appId: account.appId, call: 'rid-get', trigger: 'manual' },
      () => client.lookupRid({ accessToken: token.accessToken, rid, ...baseOf(account) }),
    );
  }

  /** Successful clears this WeChat month, as every process on the data dir counts them. */
  private clearsThisMonth(account: Account, now: number): number {
    const month = wechatMonth(now);
    return this.options.engine.gateway.blocks(account.appId).quotaClears.filter((at) => wechatMonth(at) === month)
      .length;
  }
}

function baseOf(account: Pick<Account, 'apiBase'>): { apiBase?: string } {
  return account.apiBase ? { apiBase: account.apiBase } : {};
}
