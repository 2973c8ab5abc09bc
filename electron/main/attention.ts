import { accountHealth } from '../core/contract/health';
import type { AccountView } from '../core/contract/views';
import { formatCoreMessage, type CoreLocale } from '../core/i18n/core-messages';
import { SHELL_LABELS } from '../core/i18n/shell-labels';

const ATTENTION_STATES = new Set(['error', 'paused', 'expired']);

/**
 * Whether an account's change deserves a native notification: it just entered a state a person must act on
 * (paused for a credential / IP / quota problem, an error, an expired token) or was refreshed elsewhere. Repeats of
 * the same state don't notify again. Worded in the UI language, the reason from the core's catalogue.
 */
export function attentionMessage(
  previous: AccountView | undefined,
  next: AccountView,
  locale: CoreLocale,
): string | undefined {
  const labels = SHELL_LABELS[locale];
  const entered = ATTENTION_STATES.has(next.state.status) && previous?.state.status !== next.state.status;
  const elsewhere =
    next.state.refreshedElsewhereAt !== undefined &&
    next.state.refreshedElsewhereAt !== previous?.state.refreshedElsewhereAt;
  if (elsewhere) return labels.notifyRefreshedElsewhere(next.label);
  if (!entered) return undefined;
  const health = accountHealth(next, Date.now());
  const state = health.kind === 'expired' && !health.hasToken ? labels.noToken : labels.health[health.kind];
  return labels.notifyState(next.label, state, next.state.reason && formatCoreMessage(next.state.reason, locale));
}
