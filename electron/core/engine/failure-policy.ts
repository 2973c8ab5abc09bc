import { nextWechatMidnight } from '../history/wechat-day';
import type { Exchange } from '../wechat/types';

/** Why a token fetch failed, and whether the engine may try again by itself. */
export interface FetchFailure {
  /** True for failures that can pass without a person fixing something: retried with backoff. */
  retryable: boolean;
  /** English, says what happened and what to do. */
  reason: string;
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
      return {
        retryable: true,
        reason: `Network error (${outcome.reason}): ${outcome.message}. Retrying with backoff.`,
      };
    case 'bad-response':
      // A gateway's 502 page, a truncated body, a 5xx: WeChat's edge having a bad moment, or a wrong base URL.
      return {
        retryable: true,
        reason: `Unexpected answer: ${outcome.message}. Retrying with backoff; if it persists, check the account's base URL.`,
      };
    case 'wechat-error': {
      const { errcode, errmsg, entry, facts } = outcome;
      const retryable = !NEVER_RETRIED.has(errcode) && entry?.transient === true;
      const described = entry
        ? `${entry.meaning.en} ${entry.action.en}`
        : `WeChat answered errcode ${errcode} (${errmsg}).`;
      const failure: FetchFailure = {
        retryable,
        errcode,
        errmsg,
        reason: retryable ? `${described} Retrying with backoff.` : described,
      };
      if (facts.lockoutSeconds !== undefined) failure.lockedUntil = now + facts.lockoutSeconds * 1000;
      if (errcode === 45009 && !retryable) {
        failure.reason = `${described} The daily quota resets at 00:00 Beijing time (${new Date(nextWechatMidnight(now)).toISOString()}).`;
      }
      if (!retryable) failure.reason += ' Auto-refresh is paused until you refresh by hand or change the account.';
      return failure;
    }
  }
}
