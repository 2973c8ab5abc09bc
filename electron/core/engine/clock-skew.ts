import type { Exchange } from '../wechat/types';

/**
 * How far WeChat's clock (its `Date` response header) is ahead of ours (negative: behind), in ms; undefined when the
 * answer carried no usable date. The header has whole seconds, sent at some instant between our request's start and
 * its end: its middle is the best guess, and the remaining second of doubt is far below any skew worth a warning.
 * Token lifetimes are counted on our clock, but WeChat's daily quotas and a person comparing timestamps use real
 * time: a clock off by minutes shows up here.
 */
export function clockSkewMs(exchange: Exchange): number | undefined {
  if (exchange.serverDate === undefined) return undefined;
  const serverMs = Date.parse(exchange.serverDate);
  if (Number.isNaN(serverMs)) return undefined;
  return Math.round(serverMs + 500 - (exchange.startedAt + exchange.finishedAt) / 2);
}
