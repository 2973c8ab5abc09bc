/**
 * The fake's JS-SDK tickets: Official Account `jsapi` and `wx_card` tickets (/cgi-bin/ticket/getticket), WeCom's corp
 * ticket (/cgi-bin/get_jsapi_ticket) and agent ticket (/cgi-bin/ticket/get?type=agent_config).
 *
 * From the docs (https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html, appendix 1;
 * https://developer.work.weixin.qq.com/document/path/96909): a ticket lives `expires_in` (7200 s); WeCom allows 400
 * ticket fetches per corp and 100 per app in an hour, then 45009. The docs don't say whether asking again while a
 * ticket is valid gives the same one; the fake answers like WeCom's gettoken does (the same one), see README.
 */
import { randomBytes } from 'node:crypto';

export type TicketKind = 'jsapi' | 'wx_card' | 'wecom-corp' | 'wecom-agent';

export const WECOM_TICKETS_PER_APP_HOUR = 100;
export const WECOM_TICKETS_PER_CORP_HOUR = 400;
const HOUR_MS = 60 * 60 * 1000;

interface IssuedTicket {
  ticket: string;
  expiresAt: number;
}

export class TicketBook {
  private readonly tickets = new Map<string, IssuedTicket>();
  /** Fetch instants per WeCom app (`corp secret`) and per corp, for the hourly limits. */
  private readonly wecomFetches = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    private readonly expiresInSeconds: number,
  ) {}

  /** The account's current ticket of this kind (a new one when none is valid). `owner` identifies the app. */
  issue(owner: string, kind: TicketKind): { ticket: string; expiresIn: number } {
    const key = `${owner} ${kind}`;
    const now = this.now();
    let issued = this.tickets.get(key);
    if (!issued || now >= issued.expiresAt) {
      // Real tickets are ~86 base64url-ish characters (the docs' example: `bxLdikRXVbTPdHSM05e5u5sUoXNKd8-41Z…`).
      issued = { ticket: randomBytes(64).toString('base64url'), expiresAt: now + this.expiresInSeconds * 1000 };
      this.tickets.set(key, issued);
    }
    return { ticket: issued.ticket, expiresIn: Math.ceil((issued.expiresAt - now) / 1000) };
  }

  /** Counts a WeCom ticket fetch; false when the app's or the corp's hourly limit is reached. */
  allowWeComFetch(corpId: string, appSecret: string): boolean {
    const now = this.now();
    const recent = (key: string) => (this.wecomFetches.get(key) ?? []).filter((at) => now - at < HOUR_MS);
    const app = recent(`${corpId} ${appSecret}`);
    const corp = recent(corpId);
    if (app.length >= WECOM_TICKETS_PER_APP_HOUR || corp.length >= WECOM_TICKETS_PER_CORP_HOUR) return false;
    this.wecomFetches.set(`${corpId} ${appSecret}`, [...app, now]);
    this.wecomFetches.set(corpId, [...corp, now]);
    return true;
  }
}
