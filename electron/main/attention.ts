import type { AccountView } from '../core/contract/views';

const ATTENTION_STATES = new Set(['error', 'paused', 'expired']);

/**
 * Whether an account's change deserves a native notification: it just entered a state a person must act on
 * (paused for a credential / IP / quota problem, an error, an expired token) or was refreshed elsewhere. Repeats of
 * the same state don't notify again.
 */
export function attentionMessage(previous: AccountView | undefined, next: AccountView): string | undefined {
  const entered = ATTENTION_STATES.has(next.state.status) && previous?.state.status !== next.state.status;
  const elsewhere =
    next.state.refreshedElsewhereAt !== undefined &&
    next.state.refreshedElsewhereAt !== previous?.state.refreshedElsewhereAt;
  if (elsewhere) return `${next.label}: another party refreshed this AppID's token; ours no longer works.`;
  if (!entered) return undefined;
  const reason = next.state.reason ? `: ${next.state.reason}` : '';
  return `${next.label} is ${next.state.status}${reason}`;
}
