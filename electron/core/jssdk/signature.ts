/**
 * The JS-SDK signature `wx.config` (and WeCom's `wx.config` / `wx.agentConfig`) needs, as WeChat's JS-SDK docs define
 * it (https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html, appendix 1;
 * https://developer.work.weixin.qq.com/document/path/96909): SHA-1 of
 * `jsapi_ticket=…&noncestr=…&timestamp=…&url=…` — keys in ASCII order, values raw (no URL-encoding), and the page URL
 * without its `#…` fragment (the page can't see the fragment's effect on the server, and WeChat strips it too).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { JsSdkSignature } from '../contract/api-tools-views';

export interface SignatureInput {
  ticket: string;
  /** The page URL; anything from `#` on is dropped. */
  url: string;
  /** A random string; TokenDesk makes a 16-character one when absent. */
  nonceStr?: string;
  /** Unix seconds; now when absent. */
  timestamp?: number;
}

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A 16-character letters-and-digits nonce, the form of the docs' example (`Wm3WZYTPz0wzccnW`). */
export function randomNonceStr(length = 16): string {
  return Array.from(randomBytes(length), (byte) => NONCE_ALPHABET[byte % NONCE_ALPHABET.length]).join('');
}

/** The page URL as it is signed: without `#` and what follows. */
export function urlForSignature(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

export function signJsSdk(input: SignatureInput, now: () => number = Date.now): JsSdkSignature {
  const fields = {
    jsapi_ticket: input.ticket,
    noncestr: input.nonceStr ?? randomNonceStr(),
    timestamp: String(input.timestamp ?? Math.floor(now() / 1000)),
    url: urlForSignature(input.url),
  };
  const signedString = Object.entries(fields)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  return {
    jsapiTicket: fields.jsapi_ticket,
    nonceStr: fields.noncestr,
    timestamp: Number(fields.timestamp),
    url: fields.url,
    signedString,
    signature: createHash('sha1').update(signedString, 'utf8').digest('hex'),
  };
}

/**
 * A ready `wx.config({...})` for the page: the signature's inputs plus the AppID (WeCom: the CorpID). `jsApiList`
 * is the APIs the page will call; the docs require the list, so an empty one is written as a reminder to fill it.
 */
export function wxConfigSnippet(appId: string, signed: JsSdkSignature, jsApiList: readonly string[] = []): string {
  const config = {
    debug: false,
    appId,
    timestamp: signed.timestamp,
    nonceStr: signed.nonceStr,
    signature: signed.signature,
    jsApiList,
  };
  const body = Object.entries(config)
    .map(([key, value]) => `  ${key}: ${JSON.stringify(value)},`)
    .join('\n');
  return `wx.config({\n${body}\n});`;
}

/**
 * WeCom's `wx.agentConfig({...})`, signed with the app's agent_config ticket. TokenDesk does not know the app's
 * AgentId (the token needs only the CorpID and the app's Secret), so the snippet leaves it for the page to fill.
 */
export function agentConfigSnippet(corpId: string, signed: JsSdkSignature, jsApiList: readonly string[] = []): string {
  const lines = [
    `  corpid: ${JSON.stringify(corpId)},`,
    `  agentid: "", // the app's AgentId: WeCom admin → App Management → the app`,
    `  timestamp: ${signed.timestamp},`,
    `  nonceStr: ${JSON.stringify(signed.nonceStr)},`,
    `  signature: ${JSON.stringify(signed.signature)},`,
    `  jsApiList: ${JSON.stringify(jsApiList)},`,
  ];
  return `wx.agentConfig({\n${lines.join('\n')}\n});`;
}
