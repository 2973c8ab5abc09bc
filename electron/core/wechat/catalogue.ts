/**
 * What WeChat's error codes mean and what a developer should do about them, in both UI languages, plus parsers for the
 * facts WeChat hides in `errmsg` (rid, the caller's IP, lockout lengths).
 *
 * Pure data and pure functions: the renderer imports this module too, so no Node imports here.
 *
 * Sources: getAccessToken / getStableAccessToken error tables
 * (https://developers.weixin.qq.com/miniprogram/dev/server/API/mp-access-token/api_getaccesstoken.html,
 * https://developers.weixin.qq.com/doc/service/api/base/api_getstableaccesstoken.html), the global code list
 * (https://developers.weixin.qq.com/doc/oplatform/developers/troubleshooting), clearQuotaByAppSecret, getRidInfo
 * (https://developers.weixin.qq.com/doc/store/shop/API/apimgnt/api_getridinfo.html) and WeCom's gettoken / global
 * codes (https://developer.work.weixin.qq.com/document/path/91039, /90313). See also /work/shared/notes/wechat-api.md.
 */
import { catalogueEntries } from './catalogue-entries';
import type { CatalogueEntry, ErrorContext, ErrorFacts } from './types';

export type ErrorFamily = CatalogueEntry['family'];

/** Every entry, for a reference page in the UI. */
export const errorCatalogue: readonly CatalogueEntry[] = catalogueEntries;

/**
 * The catalogue entry for `errcode` in `family`. When a code means different things on a token fetch and on use
 * (WeChat 40001), `when` picks the reading; without it the 'use' reading is returned, since that is the common case
 * outside token fetches.
 */
export function lookupError(errcode: number, family: ErrorFamily, when?: ErrorContext): CatalogueEntry | undefined {
  const candidates = catalogueEntries.filter((entry) => entry.errcode === errcode && entry.family === family);
  return (
    candidates.find((entry) => entry.when === (when ?? 'use')) ??
    candidates.find((entry) => entry.when === undefined) ??
    candidates[0]
  );
}

const RID_PATTERN = /(?:^|[\s,])rid:\s*([0-9A-Za-z][\w-]*)/;
// ` hint: [KJZfAa0644e575]` (pre-2020 WeChat and WeCom today) and ` hints: [ req_id: kL8J90219sg58 ]` (about 2018).
const HINT_PATTERN = /hints?:\s*\[\s*(?:req_id:\s*)?([^\]\s]+)\s*\]/;

/** The request id WeChat appended to `errmsg`, in any of its forms: ` rid: …`, `, rid: …`, ` hint: [...]`. */
export function parseRid(errmsg: string): string | undefined {
  return RID_PATTERN.exec(errmsg)?.[1] ?? HINT_PATTERN.exec(errmsg)?.[1];
}

/** When a modern rid (`xxxxxxxx-xxxxxxxx-xxxxxxxx`) was issued, in epoch ms: its first group is the Unix time in hex. */
export function ridIssuedAt(rid: string): number | undefined {
  const match = /^([0-9a-f]{8})-[0-9a-f]{8}-[0-9a-f]{8}$/i.exec(rid);
  return match ? Number.parseInt(match[1]!, 16) * 1000 : undefined;
}

// `invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist rid: …`; older: `invalid ip 1.2.3.4, not in whitelist`.
const WHITELIST_PATTERN = /invalid ip\s+([0-9A-Fa-f.:]+?)(?:\s+ipv6\s+([0-9A-Fa-f.:]+?))?,?\s+not in whitelist/;
const FROM_IP_PATTERN = /from ip:\s*([0-9A-Fa-f.:]+[0-9A-Fa-f])/;
const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** 89506: refused twice within 24 h → that IP is blocked for 24 h; 89507: refused once within 1 h → blocked for 1 h. */
const LOCKOUT_SECONDS: Readonly<Record<number, number>> = { 89506: 24 * 60 * 60, 89507: 60 * 60 };

/** Facts worth showing next to an error: the IP WeChat saw, the WeCom `from ip:`, how long an IP lockout lasts. */
export function parseErrorFacts(errcode: number, errmsg: string): ErrorFacts {
  const facts: ErrorFacts = {};
  if (errcode === 40164) Object.assign(facts, parseWhitelistIps(errmsg));
  const fromIp = FROM_IP_PATTERN.exec(errmsg)?.[1];
  if (fromIp) facts.fromIp = unwrapMappedIpv4(fromIp);
  const lockoutSeconds = LOCKOUT_SECONDS[errcode];
  if (lockoutSeconds !== undefined) facts.lockoutSeconds = lockoutSeconds;
  return facts;
}

function parseWhitelistIps(errmsg: string): Pick<ErrorFacts, 'ip' | 'ipv6'> {
  const match = WHITELIST_PATTERN.exec(errmsg);
  if (!match) return {};
  const facts: Pick<ErrorFacts, 'ip' | 'ipv6'> = {};
  for (const raw of [match[1], match[2]]) {
    if (!raw) continue;
    const address = unwrapMappedIpv4(raw);
    if (IPV4.test(address)) facts.ip ??= address;
    else facts.ipv6 ??= address;
  }
  return facts;
}

/** `::ffff:1.2.3.4` is an IPv4 address seen through an IPv6 socket: the whitelist needs `1.2.3.4`. */
export function unwrapMappedIpv4(address: string): string {
  return MAPPED_IPV4.exec(address)?.[1] ?? address;
}
