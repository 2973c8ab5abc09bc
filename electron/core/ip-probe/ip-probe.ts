/**
 * "What IP does WeChat see?" — before a 40164 happens. WeChat names the caller's IP only in its records, so TokenDesk
 * provokes a cheap, harmless error with the account's token and reads the IP from WeChat's side:
 *
 * - Official Account / Mini Program: `openapi/quota/get` for a path that does not exist (76021, it changes nothing),
 *   then the error's rid through `openapi/rid/get`, whose `request.client_ip` is the IP WeChat saw
 *   (https://developers.weixin.qq.com/doc/oplatform/developers/dev/getRidInfo.html). If the probe itself is refused
 *   with 40164, its errmsg names the IP already.
 * - WeCom: every error's errmsg ends in `from ip: …`; `user/get` without a userid (41009) is the harmless error.
 *
 * IPv4 seen through an IPv6 socket (`::ffff:1.2.3.4`) is unwrapped: the whitelist needs `1.2.3.4`.
 */
import type { Account } from '../accounts/account-schema';
import { callWithManagedToken, type GatewaySend, type ManagedTokens } from '../console/token-retry';
import { unwrapMappedIpv4 } from '../wechat/catalogue';
import type { WeChatClient } from '../wechat/client';
import { runExchange, type TransportOptions } from '../wechat/exchange';
import type { Exchange } from '../wechat/types';
import type { IpProbeResult } from '../contract/api-tools-views';
import type { IpSightings } from './ip-sightings';

/** A cgi path no API has: quota/get answers 76021 "cgi_path not found". */
export const PROBE_CGI_PATH = '/cgi-bin/tokendesk/ip-probe';

export interface IpProbeOptions {
  tokens: ManagedTokens;
  client: Pick<WeChatClient, 'lookupRid'>;
  transport: TransportOptions;
  apiBase: (account: Account) => string;
  send: GatewaySend;
  sightings: IpSightings;
}

export class IpProbe {
  constructor(private readonly options: IpProbeOptions) {}

  async probe(account: Account): Promise<IpProbeResult> {
    const exchanges: Exchange[] = [];
    const found = new Map<Exchange, { raw: string; via: NonNullable<IpProbeResult['via']> }>();
    const seen = await callWithManagedToken(this.options.tokens, account.id, async (accessToken) => {
      const probe = await this.options.send(account, 'ip-probe', () => this.provoke(account, accessToken));
      exchanges.push(probe);
      const ip = await this.ipFrom(account, probe, accessToken, exchanges);
      if (ip) found.set(probe, ip);
      return probe;
    });
    const seenIp = found.get(seen.exchange);
    if (!seenIp) return { sightings: this.options.sightings.list(account.id), exchanges };
    const ip = unwrapMappedIpv4(seenIp.raw);
    const { changedFrom } = this.options.sightings.add(account.id, { ip, at: seen.exchange.startedAt });
    return {
      ip,
      ...(seenIp.raw !== ip ? { rawIp: seenIp.raw } : {}),
      via: seenIp.via,
      ...(changedFrom ? { changedFrom } : {}),
      sightings: this.options.sightings.list(account.id),
      exchanges,
    };
  }

  /** The harmless failing call, with the account's token. */
  private provoke(account: Account, accessToken: string): Promise<Exchange> {
    const base = this.options.apiBase(account);
    const wecom = account.kind === 'wecom';
    const url = new URL(`${base}${wecom ? '/cgi-bin/user/get' : '/cgi-bin/openapi/quota/get'}`);
    url.searchParams.set('access_token', accessToken);
    return runExchange(
      {
        call: 'ip-probe',
        family: wecom ? 'wecom' : 'wechat',
        errorContext: 'use',
        method: wecom ? 'GET' : 'POST',
        url: url.toString(),
        ...(wecom ? {} : { body: JSON.stringify({ cgi_path: PROBE_CGI_PATH }) }),
        secrets: [accessToken],
        // Success is not expected: an answer without an error tells nothing about the IP.
        readResult: () => ({}),
        expectedFields: 'an error with a rid',
      },
      this.options.transport,
    );
  }

  /** Reads the IP from the probe's error, looking its rid up when the errmsg doesn't name it. */
  private async ipFrom(
    account: Account,
    probe: Exchange,
    accessToken: string,
    exchanges: Exchange[],
  ): Promise<{ raw: string; via: NonNullable<IpProbeResult['via']> } | undefined> {
    const outcome = probe.outcome;
    if (outcome.kind !== 'wechat-error') return undefined;
    if (outcome.facts.fromIp) return { raw: outcome.facts.fromIp, via: 'wecom-errmsg' };
    if (outcome.facts.ip ?? outcome.facts.ipv6)
      return { raw: (outcome.facts.ip ?? outcome.facts.ipv6)!, via: 'whitelist-error' };
    if (account.kind === 'wecom' || !outcome.rid || outcome.errcode === 40001 || outcome.errcode === 42001)
      return undefined;
    const lookup = await this.options.send(account, 'rid-get', () =>
      this.options.client.lookupRid({ accessToken, rid: outcome.rid!, apiBase: this.options.apiBase(account) }),
    );
    exchanges.push(lookup);
    return lookup.result ? { raw: lookup.result.clientIp, via: 'rid-lookup' } : undefined;
  }
}
