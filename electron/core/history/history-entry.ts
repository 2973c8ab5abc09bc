import { REDACTED, redactJsonBody, redactValue } from '../wechat/redact';
import type { EndpointRequestRecord } from '../endpoint/token-source';
import type { Exchange, WeChatCall } from '../wechat/types';

/** What made TokenDesk call WeChat. */
export type ExchangeTrigger =
  | 'schedule' // background refresh at expires-at minus margin
  | 'retry' // a transient failure's backoff ran out
  | 'demand' // getToken found no valid token
  | 'manual' // the user (or the CLI) asked for a refresh
  | 'force' // stable_token force_refresh
  | 'check' // get_api_domain_ip with our token
  | 'report'; // a caller reported our token failing (passive refresh): the check, and the fetch it may confirm

export type HistoryEntry =
  | { kind: 'exchange'; id: string; accountId: string; at: number; trigger: ExchangeTrigger; exchange: Exchange }
  /**
   * WeChat refused our token while it should still have been valid: someone else refreshed it. `detectedBy` says how
   * we learned it (a check we made, or a caller's report); `exchangeId` points at the check that showed it.
   */
  | {
      kind: 'refreshed-elsewhere';
      id: string;
      accountId: string;
      at: number;
      detectedBy: 'check' | 'report';
      errcode: number;
      exchangeId?: string;
    }
  /** A request to the local endpoint (already redacted by the endpoint), kept in its own log, not the account's. */
  | { kind: 'endpoint-request'; id: string; accountId: string; at: number; request: EndpointRequestRecord };

/** What an account's own history holds. */
export type AccountHistoryEntry = Exclude<HistoryEntry, { kind: 'endpoint-request' }>;

/** The history key of the local endpoint's request log (account ids are UUIDs, so it can't clash). */
export const ENDPOINT_LOG = 'local-endpoint';

/** Calls that spend the token quotas the meter shows. */
export const TOKEN_CALLS: readonly WeChatCall[] = [
  'classic-token',
  'stable-token',
  'stable-token-force',
  'wecom-token',
];

/**
 * The history keeps exchanges on disk, where a live access_token must not sit in plain text (the keychain holds the
 * cached one). Requests are already redacted by the client; this also redacts the token in the response body.
 */
export function redactForHistory(exchange: Exchange): Exchange {
  const redacted: Exchange = { ...exchange };
  if (exchange.json !== undefined) redacted.json = redactValue(exchange.json);
  // Bodies without a token stay byte-for-byte as received; redactJsonBody also covers a truncated, invalid body.
  if (/access_token|"ticket"/.test(exchange.bodyText ?? '')) redacted.bodyText = redactJsonBody(exchange.bodyText!);
  if (isTokenResult(exchange.result)) redacted.result = { ...exchange.result, accessToken: REDACTED };
  return redacted;
}

function isTokenResult(result: unknown): result is { accessToken: string } {
  return (
    typeof result === 'object' &&
    result !== null &&
    typeof (result as { accessToken?: unknown }).accessToken === 'string'
  );
}
