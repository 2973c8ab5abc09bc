import type { IncomingMessage } from 'node:http';
import type { EndpointExchange } from './exchange';
import { readBody } from './read-body';
import { recordedTokenTarget } from './redact-path';
import { resolveAlias } from './resolve-alias';
import { TokenUnavailableError, type EndpointAccount, type ManagedToken, type TokenSource } from './token-source';

/**
 * TokenDesk's own API for scripts and API clients (Postman, Apifox, Bruno):
 *   GET  /v1/tokens/:alias          → the current token
 *   POST /v1/tokens/:alias/refresh  → passive refresh: `{"access_token": "<the token that failed>"}`
 * Both need `Authorization: Bearer <local key>`.
 */
export interface TokenRouteContext {
  source: TokenSource;
  now: () => number;
  maxBodyBytes: number;
}

/** The /v1 answer: seconds left as `expires_in`, so a caller can cache it the way it would cache WeChat's answer. */
export function tokenBody(token: ManagedToken, account: EndpointAccount, now: number) {
  return {
    access_token: token.accessToken,
    expires_in: secondsLeft(token, now),
    expires_at: new Date(token.expiresAt).toISOString(),
    account: { label: account.label, app_id: account.appId, kind: account.kind },
    mode: account.mode,
  };
}

/**
 * The hot path's answer, serialised once per account, token and second: every caller polling the same token within a
 * second gets the very same text (JSON.stringify and toISOString were ~5 % of the endpoint process's CPU).
 */
const lastBodies = new WeakMap<EndpointAccount, { token: string; seconds: number; text: string }>();

function tokenBodyText(token: ManagedToken, account: EndpointAccount, now: number): string {
  const seconds = secondsLeft(token, now);
  const last = lastBodies.get(account);
  if (last?.token === token.accessToken && last.seconds === seconds) return last.text;
  const text = JSON.stringify(tokenBody(token, account, now));
  lastBodies.set(account, { token: token.accessToken, seconds, text });
  return text;
}

export function secondsLeft(token: ManagedToken, now: number): number {
  return Math.max(0, Math.floor((token.expiresAt - now) / 1000));
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** Whether the request carries the local key (checked in memory, constant time): it decides the caller's budget too. */
export function presentsLocalKey(request: Pick<IncomingMessage, 'headers'>, source: TokenSource): boolean {
  const key = BEARER.exec(request.headers.authorization ?? '')?.[1];
  return key !== undefined && source.verifyLocalKey(key);
}

function authorised(exchange: EndpointExchange): boolean {
  if (exchange.presentsLocalKey()) return true;
  exchange.error(
    401,
    'unauthorized',
    'Send the local key as "Authorization: Bearer <key>". `tokendesk endpoint --show-key` prints it; Settings shows it too.',
    {},
    { 'WWW-Authenticate': 'Bearer realm="TokenDesk"' },
  );
  return false;
}

function findAccount(
  exchange: EndpointExchange,
  context: TokenRouteContext,
  alias: string,
): EndpointAccount | undefined {
  const match = resolveAlias(context.source.listAccounts(), alias);
  exchange.setRecordedPath(
    recordedTokenTarget(
      match.kind === 'found' ? match.account.label : undefined,
      exchange.record.route === 'v1-refresh',
    ),
  );
  if (match.kind === 'found') {
    exchange.setAccount(match.account.id);
    return match.account;
  }
  // The alias is not echoed: whatever a caller puts in a URL never comes back in an answer.
  if (match.kind === 'ambiguous')
    exchange.error(409, 'ambiguous-account', 'Several accounts share this AppID; ask for one by its label.');
  else
    exchange.error(404, 'unknown-account', 'No account has this label or AppID. `tokendesk accounts list` shows them.');
  return undefined;
}

function tokenUnavailable(exchange: EndpointExchange, error: unknown): void {
  if (error instanceof TokenUnavailableError) {
    exchange.error(502, 'token-unavailable', 'WeChat did not give a token; errcode and errmsg say why.', {
      errcode: error.errcode,
      errmsg: error.errmsg,
      // The desk's health word (actionNeeded: a person must fix something; retrying: TokenDesk tries again itself).
      ...(error.health ? { health: error.health } : {}),
    });
  } else {
    exchange.error(500, 'internal', 'TokenDesk could not get the token; see its history for details.');
  }
}

/** Answers synchronously when the engine holds a valid token (the common case), so a hit costs no extra tick. */
export function getTokenRoute(
  exchange: EndpointExchange,
  context: TokenRouteContext,
  alias: string,
): void | Promise<void> {
  exchange.setRoute('v1-token');
  exchange.setRecordedPath(recordedTokenTarget(undefined, false));
  if (!authorised(exchange)) return;
  const account = findAccount(exchange, context, alias);
  if (!account) return;
  const held = context.source.currentToken(account.id);
  if (held) return exchange.jsonText(200, tokenBodyText(held, account, context.now()));
  return context.source.getToken(account.id).then(
    (token) => exchange.json(200, tokenBody(token, account, context.now())),
    (error: unknown) => tokenUnavailable(exchange, error),
  );
}

export async function refreshTokenRoute(
  exchange: EndpointExchange,
  context: TokenRouteContext,
  alias: string,
): Promise<void> {
  exchange.setRoute('v1-refresh');
  exchange.setRecordedPath(recordedTokenTarget(undefined, true));
  if (!authorised(exchange)) return;
  const body = await readBody(exchange.request, context.maxBodyBytes);
  if (!body.ok) {
    if (body.reason === 'too-large')
      exchange.error(
        413,
        'body-too-large',
        `The body may be at most ${context.maxBodyBytes} bytes.`,
        {},
        { Connection: 'close' },
      );
    return;
  }
  const failedToken = parseFailedToken(body.text);
  if (failedToken === undefined) {
    exchange.error(400, 'bad-request', 'Send {"access_token": "<the token WeChat refused>"} as JSON.');
    return;
  }
  const account = findAccount(exchange, context, alias);
  if (!account) return;
  try {
    const { token, refreshed } = await context.source.refreshIfCurrent(account.id, failedToken);
    exchange.json(200, { ...tokenBody(token, account, context.now()), refreshed });
  } catch (error) {
    tokenUnavailable(exchange, error);
  }
}

function parseFailedToken(text: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (
      parsed &&
      typeof parsed === 'object' &&
      'access_token' in parsed &&
      typeof parsed.access_token === 'string' &&
      parsed.access_token
    ) {
      return parsed.access_token;
    }
  } catch {
    // Falls through to the 400 below.
  }
  return undefined;
}
