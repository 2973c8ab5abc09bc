/**
 * What the API console, the IP probe and the JS-SDK tools exchange over the contract: argument schemas and result
 * shapes. Plain data and zod only (the renderer imports this file), the logic lives in console/, ip-probe/ and jssdk/.
 */
import { z } from 'zod';
import type { Exchange } from '../wechat/types';

export const CONSOLE_METHODS = ['GET', 'POST'] as const;
export type ConsoleMethod = (typeof CONSOLE_METHODS)[number];

export const ConsoleRequestSchema = z
  .object({
    method: z.enum(CONSOLE_METHODS),
    /** `/cgi-bin/menu/get`, optionally with `?query`, or a full URL on the account's API base. */
    path: z.string().min(1).max(2048),
    /** Extra query parameters, in order (a key may repeat). */
    query: z
      .array(z.tuple([z.string().max(256), z.string().max(4096)]))
      .max(64)
      .optional(),
    /** JSON text for POST; empty or absent for none. */
    body: z
      .string()
      .max(256 * 1024)
      .optional(),
  })
  .strict();
export type ConsoleRequest = z.infer<typeof ConsoleRequestSchema>;

/** A binary answer (an image): its content type and size; the bytes travel beside the exchange, not in the history. */
export interface BinaryBody {
  contentType: string;
  byteLength: number;
}

export interface ConsoleResult {
  /** The answer shown (the retry's, after a token refusal). Request redacted; `result` is set for binary answers. */
  exchange: Exchange<BinaryBody>;
  /** The first attempt, when WeChat refused the token and the call was retried with a renewed one. */
  refused?: Exchange<BinaryBody>;
  /** A binary answer's bytes, base64. */
  binaryBase64?: string;
}

export interface IpSighting {
  /** As the whitelist needs it: an IPv4 unwrapped from `::ffff:`, else the IPv6 address. */
  ip: string;
  /** Epoch ms of the probe. */
  at: number;
}

export interface IpProbeResult {
  /** The IP WeChat saw, as the whitelist needs it; absent when WeChat's answers did not reveal it. */
  ip?: string;
  /** The raw form WeChat gave when it differs (`::ffff:203.0.113.7`). */
  rawIp?: string;
  /** How it was learnt. */
  via?: 'rid-lookup' | 'whitelist-error' | 'wecom-errmsg';
  /** The IP seen by the previous probe, when it was a different one. */
  changedFrom?: string;
  /** Newest first, this probe's sighting included. */
  sightings: IpSighting[];
  /** The calls made, in order (the probe, the rid lookup). */
  exchanges: Exchange[];
}

export const TICKET_TYPES = ['jsapi', 'wx_card', 'wecom-corp', 'wecom-agent'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];
/** The tickets a JS-SDK signature is made with (wx_card signs card APIs differently). */
export const SIGNING_TICKET_TYPES = ['jsapi', 'wecom-corp', 'wecom-agent'] as const;

export interface HeldTicket {
  type: TicketType;
  ticket: string;
  /** Epoch ms: the start of the request that brought it. */
  obtainedAt: number;
  expiresAt: number;
}

/** A ticket, or WeChat's refusal (the exchange explains it); `exchange` is absent when the cached one was served. */
export interface TicketView {
  ticket?: HeldTicket;
  exchange?: Exchange;
}

export const SignRequestSchema = z
  .object({
    /** The page URL; anything from `#` on is dropped. */
    url: z.string().min(1).max(4096),
    nonceStr: z.string().min(1).max(64).optional(),
    /** Unix seconds. */
    timestamp: z.number().int().nonnegative().optional(),
    /** Default: jsapi (Official Account), wecom-corp (WeCom). */
    type: z.enum(SIGNING_TICKET_TYPES).optional(),
  })
  .strict();
export type SignRequest = z.infer<typeof SignRequestSchema>;

export interface JsSdkSignature {
  /** The four signed inputs, as signed. */
  jsapiTicket: string;
  nonceStr: string;
  timestamp: number;
  url: string;
  /** The exact string that was hashed (for comparing with a server's). */
  signedString: string;
  /** Lowercase hex SHA-1. */
  signature: string;
}

/** A signature with its ready `wx.config` / `wx.agentConfig` snippet, or the ticket refusal that prevented it. */
export interface SignView {
  signed?: JsSdkSignature;
  snippet?: string;
  ticket?: HeldTicket;
  exchange?: Exchange;
}
