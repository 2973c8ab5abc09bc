import { TypedEmitter } from '../events/typed-emitter';
import type { History } from '../history/history';
import { TOKEN_CALLS, type ExchangeTrigger, type HistoryEntry } from '../history/history-entry';
import { nextWechatMidnight, nextWechatMonthStart } from '../history/wechat-day';
import type { Exchange, WeChatCall } from '../wechat/types';
import type { AppBlocks, BlockStore } from './block-store';
import { callRefusal, type CallRulesPolicy } from './call-rules';
import type { Clock } from './clock';
import type { RefreshRefusedError } from './engine-errors';

/** Who a call is for, why it is made, and what may cancel it. */
export interface GatewayCall {
  accountId: string;
  appId: string;
  call: WeChatCall;
  trigger: ExchangeTrigger;
  /** Aborted when the account's credentials change or it is removed: the exchange is then neither recorded nor learnt from. */
  signal?: AbortSignal;
}

export interface GatewayEvents extends Record<string, unknown> {
  /** An exchange was recorded in the account's history. */
  exchange: { accountId: string; entry: HistoryEntry; exchange: Exchange };
}

/** WeChat refuses 48006 when the month's clear_quota allowance is used up. */
const CLEARS_USED_UP = 48006;

/**
 * The one door to WeChat. Every call TokenDesk makes (token fetches, checks, the quota meter, clear_quota, rid
 * lookups) goes through `send`, which first asks the shared blocks whether the call is allowed (call-rules.ts), then
 * records the exchange in the account's history, and learns from the answer what every process must honour next
 * (a lockout, an exhausted quota, a failure, a force refresh or a quota clear spent).
 */
export class WeChatGateway {
  readonly events = new TypedEmitter<GatewayEvents>();

  constructor(
    private readonly options: { history: History; blocks: BlockStore; clock: Clock; policy: CallRulesPolicy },
  ) {}

  /** Why this call may not be made now, or undefined when it may. */
  refusal(appId: string, call: WeChatCall): RefreshRefusedError | undefined {
    const { blocks, clock, policy } = this.options;
    return callRefusal(blocks.get(appId), call, clock.now(), policy);
  }

  /** The AppID's blocks as every process sees them now. */
  blocks(appId: string): AppBlocks {
    return this.options.blocks.get(appId);
  }

  /** Makes the call unless a rule refuses it (throws the RefreshRefusedError); `run` performs the request. */
  async send<T>(target: GatewayCall, run: (signal?: AbortSignal) => Promise<Exchange<T>>): Promise<Exchange<T>> {
    const refusal = this.refusal(target.appId, target.call);
    if (refusal) throw refusal;
    const exchange = await run(target.signal);
    if (target.signal?.aborted) return exchange;
    this.learn(target.appId, exchange);
    const entry = this.options.history.record(target.accountId, exchange, target.trigger);
    this.events.emit('exchange', { accountId: target.accountId, entry, exchange });
    return exchange;
  }

  private learn(appId: string, exchange: Exchange): void {
    const { call, outcome, startedAt } = exchange;
    const now = this.options.clock.now();
    const errcode = outcome.kind === 'wechat-error' ? outcome.errcode : undefined;
    const lockoutSeconds = outcome.kind === 'wechat-error' ? outcome.facts.lockoutSeconds : undefined;
    const tokenCall = TOKEN_CALLS.includes(call);
    const changes: ((blocks: AppBlocks) => void)[] = [];
    if (lockoutSeconds !== undefined && errcode !== undefined)
      changes.push((blocks) => (blocks.lockout = { until: now + lockoutSeconds * 1000, errcode }));
    if (tokenCall && outcome.kind !== 'ok') changes.push((blocks) => blocks.failures.push(startedAt));
    // WeCom's 45009 is a frequency limit, not a daily quota: its backoff and pause handle it.
    if (tokenCall && errcode === 45009 && call !== 'wecom-token')
      changes.push((blocks) => (blocks.quotaExhausted = { until: nextWechatMidnight(now), errcode }));
    if (call === 'stable-token-force') changes.push((blocks) => blocks.forceRefreshes.push(startedAt));
    if (call === 'clear-quota-v2' && outcome.kind === 'ok')
      changes.push((blocks) => blocks.quotaClears.push(startedAt));
    if (call === 'clear-quota-v2' && errcode === CLEARS_USED_UP)
      changes.push((blocks) => (blocks.quotaClearsExhaustedUntil = nextWechatMonthStart(now)));
    // A token handed out, or a quota cleared, proves the daily quota is back (cleared here or by another tool).
    const quotaBack = outcome.kind === 'ok' && (tokenCall || call === 'clear-quota-v2');
    if (quotaBack && this.options.blocks.get(appId).quotaExhausted)
      changes.push((blocks) => delete blocks.quotaExhausted);
    if (changes.length === 0) return;
    this.options.blocks.update(appId, (blocks) => changes.forEach((change) => change(blocks)), now);
  }
}
