/**
 * The fake's state: accounts, the tokens they were issued, daily quotas and the rid store, all driven by an injected
 * clock so a test can run a whole token life in milliseconds. HTTP lives in server.ts; this module only decides.
 *
 * Semantics, with sources:
 * - classic /cgi-bin/token: each fetch mints a new token; the previous one keeps working for 5 minutes
 *   (https://developers.weixin.qq.com/doc/service/guide/dev/api — "公众平台后台会保证在5分钟内，新老access_token都可用").
 * - stable /cgi-bin/stable_token: normal mode returns the same token while valid, renewed in its last 5 minutes; force
 *   refresh invalidates the previous token, needs ≥ 30 s between force refreshes ("否则不会刷新": the current token
 *   comes back unchanged) and is limited to 20 a day; isolated from classic tokens
 *   (https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html).
 * - WeCom gettoken: "有效期内重复获取返回相同结果", one token per app secret
 *   (https://developer.work.weixin.qq.com/document/path/91039).
 */
import type { AccountKind } from '../../electron/core/wechat/types';
import { beijingDay, beijingMonth, newAccessToken } from './wechat-format';

export interface FakeAccount {
  /** AppID, or the CorpID for a WeCom account (WeCom accounts are keyed by CorpID + secret: one per app). */
  appId: string;
  secret: string;
  /** Default officialAccount. */
  kind?: AccountKind;
  /** Classic /cgi-bin/token calls allowed per day; default 2000, 200 for test accounts. */
  dailyTokenQuota?: number;
  /** When set, only these IPs (exact or IPv4 CIDR) may call: 40164 for WeChat, 60020 for WeCom business APIs. */
  ipWhitelist?: string[];
}

export const CLASSIC_OVERLAP_MS = 300_000;
export const STABLE_RENEWAL_WINDOW_MS = 300_000;
export const FORCE_REFRESH_MIN_GAP_MS = 30_000;
export const FORCE_REFRESHES_PER_DAY = 20;
export const STABLE_DAILY_QUOTA = 500_000;
export const CLEARS_PER_MONTH = 10;
/** The fake's one business API; WeChat's real per-API limits vary by account size. */
export const MENU_GET_DAILY_QUOTA = 10_000;
export const RID_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

type TokenFlavour = 'classic' | 'stable' | 'wecom';

interface IssuedToken {
  token: string;
  account: AccountState;
  flavour: TokenFlavour;
  issuedAt: number;
  expiresAt: number;
  /** When set, the token stops working at this instant (superseded classic token, force-refreshed stable token). */
  invalidAt?: number;
}

export interface AccountState {
  config: Required<Omit<FakeAccount, 'ipWhitelist'>> & Pick<FakeAccount, 'ipWhitelist'>;
  latest: Partial<Record<TokenFlavour, IssuedToken>>;
  usageDay: string;
  /** Successful calls today, by cgi path. */
  usage: Map<string, number>;
  forceRefreshesToday: number;
  lastForceRefreshAt?: number;
  clearsMonth: string;
  clearsThisMonth: number;
}

export interface RidRecord {
  appId?: string;
  createdAt: number;
  invoke_time: number;
  cost_in_ms: number;
  request_url: string;
  request_body: string;
  response_body: string;
  client_ip: string;
}

export type Minted = { token: string; expiresIn: number };
export type Refusal = { errcode: number };
export type TokenCheck = { account: AccountState; flavour: TokenFlavour } | Refusal;

export class FakeWorld {
  private readonly accounts: AccountState[] = [];
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly rids = new Map<string, RidRecord>();
  private sequence = 80;

  constructor(
    private readonly now: () => number,
    private readonly expiresInSeconds: number,
  ) {}

  addAccount(account: FakeAccount): AccountState {
    const kind = account.kind ?? 'officialAccount';
    const state: AccountState = {
      config: { ...account, kind, dailyTokenQuota: account.dailyTokenQuota ?? (kind === 'testAccount' ? 200 : 2000) },
      latest: {},
      usageDay: beijingDay(this.now()),
      usage: new Map(),
      forceRefreshesToday: 0,
      clearsMonth: beijingMonth(this.now()),
      clearsThisMonth: 0,
    };
    this.accounts.push(state);
    return state;
  }

  /** Official Account / Mini Program / test account by AppID. */
  wechatAccount(appId: string): AccountState | undefined {
    return this.accounts.find((account) => account.config.kind !== 'wecom' && account.config.appId === appId);
  }

  weComAccounts(corpId: string): AccountState[] {
    return this.accounts.filter((account) => account.config.kind === 'wecom' && account.config.appId === corpId);
  }

  /** Every account with this AppID / CorpID, of any kind (for whitelist changes). */
  accountsWithId(appId: string): AccountState[] {
    return this.accounts.filter((account) => account.config.appId === appId);
  }

  classicToken(account: AccountState): Minted | Refusal {
    if (!this.consumeQuota(account, '/cgi-bin/token', account.config.dailyTokenQuota)) return { errcode: 45009 };
    const now = this.now();
    const previous = account.latest.classic;
    if (previous) previous.invalidAt = Math.min(previous.invalidAt ?? Infinity, now + CLASSIC_OVERLAP_MS);
    return this.mint(account, 'classic');
  }

  stableToken(account: AccountState, forceRefresh: boolean): Minted | Refusal {
    const now = this.now();
    if (!this.consumeQuota(account, '/cgi-bin/stable_token', STABLE_DAILY_QUOTA)) return { errcode: 45009 };
    const current = account.latest.stable;
    const currentUsable = current !== undefined && this.isUsable(current, now);
    if (forceRefresh) {
      const tooSoon =
        account.lastForceRefreshAt !== undefined && now - account.lastForceRefreshAt < FORCE_REFRESH_MIN_GAP_MS;
      if (tooSoon && current && currentUsable) return this.present(current);
      if (account.forceRefreshesToday >= FORCE_REFRESHES_PER_DAY) return { errcode: 45009 };
      account.forceRefreshesToday += 1;
      account.lastForceRefreshAt = now;
      if (current) current.invalidAt = now;
      return this.mint(account, 'stable');
    }
    if (current && currentUsable && now < current.expiresAt - this.renewalWindowMs()) return this.present(current);
    return this.mint(account, 'stable');
  }

  weComToken(account: AccountState): Minted {
    const current = account.latest.wecom;
    if (current && this.isUsable(current, this.now())) return this.present(current);
    return this.mint(account, 'wecom');
  }

  /** 41001 missing, 40001 unknown or invalidated, 42001 expired; otherwise the token's account. */
  checkToken(token: string | null): TokenCheck {
    if (!token) return { errcode: 41001 };
    const issued = this.tokens.get(token);
    if (!issued) return { errcode: 40001 };
    const now = this.now();
    if (issued.invalidAt !== undefined && issued.invalidAt <= issued.expiresAt && now >= issued.invalidAt)
      return { errcode: 40001 };
    if (now >= issued.expiresAt) return { errcode: 42001 };
    return { account: issued.account, flavour: issued.flavour };
  }

  /** Whose token this is, even when it no longer works (for per-account call counters). */
  tokenOwner(token: string | null): AccountState | undefined {
    return token ? this.tokens.get(token)?.account : undefined;
  }

  /** quota/get's numbers for a cgi path, or undefined for a path the fake does not meter. */
  quota(account: AccountState, cgiPath: string): { daily_limit: number; used: number; remain: number } | undefined {
    const limit = this.dailyLimit(account, cgiPath);
    if (limit === undefined) return undefined;
    this.rollDay(account);
    const used = account.usage.get(cgiPath) ?? 0;
    return { daily_limit: limit, used, remain: Math.max(0, limit - used) };
  }

  /** clear_quota/v2: resets today's counters (token, stable, force refreshes); 10 a month, then 48006. */
  clearQuota(account: AccountState): Refusal | undefined {
    const month = beijingMonth(this.now());
    if (account.clearsMonth !== month) {
      account.clearsMonth = month;
      account.clearsThisMonth = 0;
    }
    if (account.clearsThisMonth >= CLEARS_PER_MONTH) return { errcode: 48006 };
    account.clearsThisMonth += 1;
    account.usage.clear();
    account.forceRefreshesToday = 0;
    return undefined;
  }

  /** Counts a metered call that is about to succeed (business APIs like menu/get), false when the day's quota is gone. */
  consumeQuota(account: AccountState, cgiPath: string, limit: number): boolean {
    this.rollDay(account);
    const used = account.usage.get(cgiPath) ?? 0;
    if (used >= limit) return false;
    account.usage.set(cgiPath, used + 1);
    return true;
  }

  recordRid(rid: string, record: RidRecord): void {
    this.rids.set(rid, record);
  }

  /** rid/get: 76002 malformed, 76001 unknown or older than 7 days, 76003 another account's rid. */
  lookupRid(rid: unknown, requester: AccountState): RidRecord | Refusal {
    if (typeof rid !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/i.test(rid)) return { errcode: 76002 };
    const record = this.rids.get(rid);
    // The getRidInfo doc's notes give 76001 for rids older than 7 days (its table also lists 76004; we follow the notes).
    if (!record || this.now() - record.createdAt > RID_RETENTION_MS) return { errcode: 76001 };
    if (record.appId !== requester.config.appId) return { errcode: 76003 };
    return record;
  }

  private dailyLimit(account: AccountState, cgiPath: string): number | undefined {
    if (cgiPath === '/cgi-bin/token') return account.config.dailyTokenQuota;
    if (cgiPath === '/cgi-bin/stable_token') return STABLE_DAILY_QUOTA;
    if (cgiPath === '/cgi-bin/menu/get') return MENU_GET_DAILY_QUOTA;
    return undefined;
  }

  private rollDay(account: AccountState): void {
    const day = beijingDay(this.now());
    if (account.usageDay === day) return;
    account.usageDay = day;
    account.usage.clear();
    account.forceRefreshesToday = 0;
  }

  /** WeChat renews a stable token in its last 300 s; a fake configured with very short lives renews in the last half. */
  private renewalWindowMs(): number {
    return Math.min(STABLE_RENEWAL_WINDOW_MS, (this.expiresInSeconds * 1000) / 2);
  }

  private isUsable(token: IssuedToken, now: number): boolean {
    return now < token.expiresAt && (token.invalidAt === undefined || now < token.invalidAt);
  }

  private mint(account: AccountState, flavour: TokenFlavour): Minted {
    const now = this.now();
    this.sequence += 1;
    const issued: IssuedToken = {
      token: newAccessToken(this.sequence),
      account,
      flavour,
      issuedAt: now,
      expiresAt: now + this.expiresInSeconds * 1000,
    };
    this.tokens.set(issued.token, issued);
    account.latest[flavour] = issued;
    return { token: issued.token, expiresIn: this.expiresInSeconds };
  }

  /** The current token with the seconds it has left, as stable_token and WeCom report it. */
  private present(issued: IssuedToken): Minted {
    return { token: issued.token, expiresIn: Math.ceil((issued.expiresAt - this.now()) / 1000) };
  }
}
