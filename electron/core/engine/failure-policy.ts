import { nextWechatMidnight } from '../history/wechat-day';
import type { CoreMessage } from '../i18n/core-messages';
import type { Exchange } from '../wechat/types';

/** Why a token fetch failed, and whether the engine may try again by itself. */
export interface FetchFailure {
  /** True for failures that can pass without a person fixing something: retried with backoff. */
  retryable: boolean;
  /** What happened and what to do, as a catalogue message (each edge words it in its language). */
  reason: CoreMessage;
  errcode?: number;
  /** WeChat's errmsg, for callers that pass a WeChat-shaped error on (the local endpoint). */
  errmsg?: string;
  /** 8950x: WeChat refuses this IP until then. */
  lockedUntil?: number;
}

/**
 * Credential, IP, lockout and quota errors: retrying can't help and can make things worse (WeCom blocks an IP after
 * ~2000 failed gettoken calls an hour; 8950x lockouts grow). The catalogue calls WeCom's 45009 transient, but a token
 * fetch that hits a frequency limit must not add to it, so these codes win over the catalogue's flag.
 */
const NEVER_RETRIED = new Set([40001, 40013, 40125, 40164, 40243, 45009, 60020, 89501, 89503, 89506, 89507]);

export function classifyFailure(exchange: Exchange, now: number): FetchFailure {
  const outcome = exchange.outcome;
  switch (outcome.kind) {
    case 'ok':
      throw new Error('classifyFailure called with a successful exchange');
    case 'network-error':
      // Nothing was sent (a plain-http base off this machine): only a person changing the base URL can fix that.
      if (outcome.reason === 'insecure')
        return { retryable: false, reason: { code: 'insecure-base-paused', params: { detail: outcome.message } } };
      return {
        retryable: true,
        reason: { code: 'network-retrying', params: { reason: outcome.reason, detail: outcome.message } },
      };
    case 'bad-response':
      // A gateway's 502 page, a truncated body, a 5xx: WeChat's edge having a bad moment, or a wrong base URL.
      return {
        retryable: true,
        reason: { code: 'bad-response-retrying', params: { detail: outcome.message } },
      };
    case 'wechat-error': {
      const { errcode, errmsg, entry, facts } = outcome;
      const retryable = !NEVER_RETRIED.has(errcode) && entry?.transient === true;
      const refusal = { errcode, errmsg, family: exchange.call === 'wecom-token' ? 'wecom' : 'wechat' } as const;
      const reason: CoreMessage = retryable
        ? { code: 'wechat-retrying', params: refusal }
        : errcode === 45009
          ? { code: 'quota-paused', params: { ...refusal, resetsAt: nextWechatMidnight(now) } }
          : { code: 'wechat-paused', params: refusal };
      const failure: FetchFailure = { retryable, errcode, errmsg, reason };
      if (facts.lockoutSeconds !== undefined) failure.lockedUntil = now + facts.lockoutSeconds * 1000;
      return failure;
    }
  }
}
