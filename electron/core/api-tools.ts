/**
 * The desk's tools beyond tokens, wired once for every host (app, preview, CLI through the refresher): the API console,
 * "what IP does WeChat see", JS-SDK tickets and signatures. Each WeChat call goes through the engine's gateway (call
 * rules, history) with the managed token, and a token refusal renews passively and retries once.
 */
import type { Account } from './accounts/account-schema';
import type { Handlers } from './contract/api-types';
import type { SignView, TicketType, TicketView } from './contract/api-tools-views';
import { apiBaseFor } from './console/api-base';
import { ApiConsole } from './console/api-console';
import type { GatewaySend } from './console/token-retry';
import type { CoreServices } from './core-services';
import type { Clock } from './engine/clock';
import { IpProbe } from './ip-probe/ip-probe';
import { IpSightings } from './ip-probe/ip-sightings';
import { agentConfigSnippet, signJsSdk, wxConfigSnippet } from './jssdk/signature';
import { TicketFetchError, TicketService } from './jssdk/ticket-service';
import { DEFAULT_TIMEOUT_MS } from './wechat/client';
import type { TransportOptions } from './wechat/exchange';
import { undiciSend, type HttpSend } from './wechat/http-send';

export type ApiToolHandlers = Pick<
  Handlers,
  'callApi' | 'probeIp' | 'listIpSightings' | 'getTicket' | 'listTickets' | 'signJsSdk'
>;

export interface ApiToolsOptions {
  services: Pick<CoreServices, 'engine' | 'client' | 'accounts'>;
  dataDir: string;
  /** The host's API base override (`--api-base`). */
  apiBase?: string;
  /** The console's transport; default undici's request, like the WeChat client (wechat/http-send.ts). */
  fetch?: HttpSend;
  clock?: Clock;
  /** The account, or the core's "it no longer exists" UserError. */
  requireAccount: (accountId: string) => Account;
}

export class ApiTools {
  readonly handlers: ApiToolHandlers;
  readonly sightings: IpSightings;
  private readonly tickets: TicketService;
  private readonly unsubscribe: () => void;

  constructor(options: ApiToolsOptions) {
    const { engine, client, accounts } = options.services;
    const transport: TransportOptions = {
      fetch: options.fetch ?? undiciSend,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      now: options.clock ? () => options.clock!.now() : Date.now,
    };
    const apiBase = (account: Account) => apiBaseFor(account, options.apiBase);
    const send: GatewaySend = (account, call, run) =>
      engine.gateway.send({ accountId: account.id, appId: account.appId, call, trigger: 'manual' }, run);
    const shared = { tokens: engine, transport, apiBase, send };
    const apiConsole = new ApiConsole(shared);
    this.sightings = IpSightings.inDataDir(options.dataDir);
    const ipProbe = new IpProbe({ ...shared, client, sightings: this.sightings });
    this.tickets = new TicketService(shared);
    const tickets = this.tickets;
    // A ticket was fetched with the old credentials' token; a removed account's IP history goes with it.
    const offUpdated = accounts.events.on('accountUpdated', ({ account, credentialsChanged }) => {
      if (credentialsChanged) tickets.forget(account.id);
    });
    const offRemoved = accounts.events.on('accountRemoved', ({ accountId }) => {
      tickets.forget(accountId);
      this.sightings.remove(accountId);
    });
    this.unsubscribe = () => {
      offUpdated();
      offRemoved();
    };

    const account = options.requireAccount;
    this.handlers = {
      callApi: (accountId, request) => apiConsole.call(account(accountId), request),
      probeIp: (accountId) => ipProbe.probe(account(accountId)),
      listIpSightings: (accountId) => this.sightings.list(account(accountId).id),
      getTicket: (accountId, type, renew) => this.ticket(account(accountId), type, renew),
      listTickets: (accountId) => tickets.list(account(accountId).id),
      signJsSdk: async (accountId, request) => {
        const target = account(accountId);
        const type = request.type ?? (target.kind === 'wecom' ? 'wecom-corp' : 'jsapi');
        const view: SignView = await this.ticket(target, type, false);
        if (!view.ticket) return view;
        const signed = signJsSdk({
          ticket: view.ticket.ticket,
          url: request.url,
          ...(request.nonceStr ? { nonceStr: request.nonceStr } : {}),
          ...(request.timestamp !== undefined ? { timestamp: request.timestamp } : {}),
        });
        const snippet =
          type === 'wecom-agent' ? agentConfigSnippet(target.appId, signed) : wxConfigSnippet(target.appId, signed);
        return { ...view, signed, snippet };
      },
    };
  }

  /** Stops following account changes and waits for the IP history to be written. */
  async dispose(): Promise<void> {
    this.unsubscribe();
    await this.sightings.flush();
  }

  /** A ticket, or WeChat's refusal as data (the exchange explains it in the UI's language). */
  private async ticket(account: Account, type: TicketType, renew: boolean): Promise<TicketView> {
    try {
      return await this.tickets.get(account, type, renew);
    } catch (error) {
      if (error instanceof TicketFetchError) return { exchange: error.exchange };
      throw error;
    }
  }
}
