/**
 * JS-SDK tickets, cached and renewed like tokens. A ticket lives `expires_in` (7200 s) and its API has a tight quota
 * (WeCom: 100 an hour per app), so each one is fetched once with the account's managed token and served from memory
 * until it is within the margin of its expiry; concurrent askers share one fetch.
 *
 * - Official Account: `jsapi` (wx.config) and `wx_card` (card APIs), GET /cgi-bin/ticket/getticket?type=…
 *   (https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html, appendix 1).
 * - WeCom: the corp ticket (wx.config), GET /cgi-bin/get_jsapi_ticket, and the app's ticket (wx.agentConfig),
 *   GET /cgi-bin/ticket/get?type=agent_config (https://developer.work.weixin.qq.com/document/path/96909).
 */
import type { Account } from '../accounts/account-schema';
import { TICKET_TYPES, type HeldTicket, type TicketType } from '../contract/api-tools-views';
import { callWithManagedToken, type GatewaySend, type ManagedTokens } from '../console/token-retry';
import { UserError } from '../user-error';
import { REDACTED } from '../wechat/redact';
import { isRecord, runExchange, type TransportOptions } from '../wechat/exchange';
import type { Exchange } from '../wechat/types';

/** The ticket types an account of this kind has, the one wx.config needs first. */
export function ticketTypesFor(kind: Account['kind']): readonly TicketType[] {
  return kind === 'wecom' ? ['wecom-corp', 'wecom-agent'] : ['jsapi', 'wx_card'];
}

export interface TicketResult {
  ticket: string;
  expiresIn: number;
}

export interface TicketAnswer {
  ticket: HeldTicket;
  /** The exchange that fetched it (the ticket in it redacted); absent when the cached one was served. */
  exchange?: Exchange<TicketResult>;
}

export interface TicketServiceOptions {
  tokens: ManagedTokens;
  transport: TransportOptions;
  /** The account's API base (see console/api-base.ts). */
  apiBase: (account: Account) => string;
  send: GatewaySend;
  /** A cached ticket is renewed once it has less than this left; default 300 s, as tokens. */
  marginSeconds?: number;
}

export class TicketService {
  private readonly held = new Map<string, HeldTicket>();
  private readonly inflight = new Map<string, Promise<TicketAnswer>>();

  constructor(private readonly options: TicketServiceOptions) {}

  /** A valid ticket of this type: the cached one unless it is within the margin (or `renew` is set). */
  get(account: Account, type: TicketType, renew = false): Promise<TicketAnswer> {
    if (!ticketTypesFor(account.kind).includes(type)) {
      throw new UserError({ code: 'ticket-type-mismatch', params: { type, kind: account.kind } });
    }
    const key = `${account.id} ${type}`;
    const cached = this.held.get(key);
    const now = this.options.transport.now();
    if (!renew && cached && now < cached.expiresAt - (this.options.marginSeconds ?? 300) * 1000)
      return Promise.resolve({ ticket: cached });
    let fetching = this.inflight.get(key);
    if (!fetching) {
      fetching = this.fetch(account, type).finally(() => this.inflight.delete(key));
      this.inflight.set(key, fetching);
    }
    return fetching;
  }

  /** The account's tickets held now and still valid, for countdowns. */
  list(accountId: string): HeldTicket[] {
    const now = this.options.transport.now();
    return TICKET_TYPES.flatMap((type) => {
      const ticket = this.held.get(`${accountId} ${type}`);
      return ticket && now < ticket.expiresAt ? [ticket] : [];
    });
  }

  /** Forgets an account's tickets (removed, or its credentials changed: the tickets were its old token's). */
  forget(accountId: string): void {
    for (const type of TICKET_TYPES) this.held.delete(`${accountId} ${type}`);
  }

  private async fetch(account: Account, type: TicketType): Promise<TicketAnswer> {
    // The gateway records what it is handed: the ticket is taken out first and kept here.
    const tickets = new Map<Exchange, string>();
    const { exchange } = await callWithManagedToken(this.options.tokens, account.id, (accessToken) =>
      this.options.send(account, 'ticket', async () => {
        const fetched = await this.request(account, type, accessToken);
        const redacted = redactTicket(fetched);
        if (fetched.result) tickets.set(redacted, fetched.result.ticket);
        return redacted;
      }),
    );
    const value = tickets.get(exchange);
    if (exchange.outcome.kind !== 'ok' || !exchange.result || value === undefined) throw new TicketFetchError(exchange);
    const ticket: HeldTicket = {
      type,
      ticket: value,
      obtainedAt: exchange.startedAt,
      expiresAt: exchange.startedAt + exchange.result.expiresIn * 1000,
    };
    this.held.set(`${account.id} ${type}`, ticket);
    return { ticket, exchange };
  }

  private request(account: Account, type: TicketType, accessToken: string): Promise<Exchange<TicketResult>> {
    const base = this.options.apiBase(account);
    const url = new URL(`${base}${TICKET_PATHS[type]}`);
    url.searchParams.set('access_token', accessToken);
    if (type === 'jsapi' || type === 'wx_card') url.searchParams.set('type', type);
    if (type === 'wecom-agent') url.searchParams.set('type', 'agent_config');
    return runExchange(
      {
        call: 'ticket',
        family: account.kind === 'wecom' ? 'wecom' : 'wechat',
        errorContext: 'use',
        method: 'GET',
        url: url.toString(),
        secrets: [accessToken],
        readResult: readTicket,
        expectedFields: 'ticket (a non-empty string) and expires_in (a number)',
      },
      this.options.transport,
    );
  }
}

/** WeChat (or the network) did not give a ticket; the exchange says how, explained by the catalogue. */
export class TicketFetchError extends Error {
  override readonly name = 'TicketFetchError';
  constructor(readonly exchange: Exchange) {
    const outcome = exchange.outcome;
    super(
      outcome.kind === 'wechat-error'
        ? `WeChat refused the ticket: ${outcome.errcode} ${outcome.errmsg}`
        : outcome.kind === 'ok'
          ? 'WeChat answered without a ticket.'
          : outcome.message,
    );
  }
}

const TICKET_PATHS: Readonly<Record<TicketType, string>> = {
  jsapi: '/cgi-bin/ticket/getticket',
  wx_card: '/cgi-bin/ticket/getticket',
  'wecom-corp': '/cgi-bin/get_jsapi_ticket',
  'wecom-agent': '/cgi-bin/ticket/get',
};

function readTicket(json: Record<string, unknown>): TicketResult | undefined {
  const { ticket, expires_in: expiresIn } = json;
  if (typeof ticket !== 'string' || ticket === '' || typeof expiresIn !== 'number') return undefined;
  return { ticket, expiresIn };
}

/**
 * The history is a file on disk: like a token, a ticket must not sit there in plain text (anyone holding it can sign
 * JS-SDK configs for the account's domains). The exchange shown to the caller keeps it.
 */
export function redactTicket<T>(exchange: Exchange<T>): Exchange<T> {
  const json = exchange.json;
  if (!isRecord(json) || typeof json.ticket !== 'string' || json.ticket === '') return exchange;
  const ticket = json.ticket;
  return {
    ...exchange,
    json: { ...json, ticket: REDACTED },
    ...(exchange.bodyText === undefined ? {} : { bodyText: exchange.bodyText.split(ticket).join(REDACTED) }),
    ...(isRecord(exchange.result) ? { result: { ...exchange.result, ticket: REDACTED } as T } : {}),
  };
}
