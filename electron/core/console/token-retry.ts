/**
 * A call made with the account's managed token, as a server SDK makes it: when WeChat refuses the token (40001 "not
 * latest", WeCom 40014, 42001 expired), TokenDesk's engine is told which token failed — it renews only if that is
 * still the current one (passive refresh: a hundred callers reporting the same failure cause one fetch) — and the
 * call is retried once with the token it hands back.
 */
import type { Account } from '../accounts/account-schema';
import { UserError } from '../user-error';
import type { CachedToken } from '../vault/vault';
import type { Exchange, WeChatCall } from '../wechat/types';

/**
 * Sends one exchange the way every WeChat call goes: through the engine's gateway (its call rules may refuse it — an
 * IP lockout — and it records the exchange in the account's history).
 */
export type GatewaySend = <T>(
  account: Account,
  call: WeChatCall,
  run: () => Promise<Exchange<T>>,
) => Promise<Exchange<T>>;

/** The engine's side of it; a TokenEngine fits. */
export interface ManagedTokens {
  getToken(accountId: string): Promise<CachedToken>;
  refreshIfCurrent(accountId: string, failedToken: string): Promise<{ token: CachedToken; refreshed: boolean }>;
}

/** WeChat's answers to a call made with a token that is no longer the current one. */
export const TOKEN_REFUSED_CODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

export interface TokenCallResult<T> {
  /** The answer shown: the retry's when there was one. */
  exchange: Exchange<T>;
  /** The refused first attempt, when the call was retried with a renewed token. */
  refused?: Exchange<T>;
}

export function tokenRefused(exchange: Exchange): boolean {
  return exchange.outcome.kind === 'wechat-error' && TOKEN_REFUSED_CODES.has(exchange.outcome.errcode);
}

/**
 * Runs `call` with the current token; after a token refusal, once more with the renewed one (both attempts are
 * exchanges of their own, in the history). A renewal that fails (a classic account paused rather than fight another
 * refresher) leaves the refused answer as the result: the account's state says why.
 */
export async function callWithManagedToken<T>(
  tokens: ManagedTokens,
  accountId: string,
  call: (accessToken: string) => Promise<Exchange<T>>,
): Promise<TokenCallResult<T>> {
  const token = await tokens.getToken(accountId);
  const first = await call(token.accessToken);
  if (!tokenRefused(first)) return { exchange: first };
  let renewed: CachedToken;
  try {
    const answer = await tokens.refreshIfCurrent(accountId, token.accessToken);
    if (answer.token.accessToken === token.accessToken) return { exchange: first };
    renewed = answer.token;
  } catch (error) {
    // The engine's refusals (paused, locked, out of budget) are UserErrors; anything else is a bug to surface.
    if (!(error instanceof UserError)) throw error;
    return { exchange: first };
  }
  const second = await call(renewed.accessToken);
  return { exchange: second, refused: first };
}
