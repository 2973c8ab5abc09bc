import { coreMessageOf } from '../../../electron/core/contract/bridge';
import { formatCoreMessage } from '../../../electron/core/i18n/core-messages';
import type { UiLanguage } from './messages';

/** A failed call's reason in the UI language: the core's catalogue message, or (not from the core) the Error's own. */
export function errorText(error: unknown, language: UiLanguage): string {
  const message = coreMessageOf(error);
  if (message) return formatCoreMessage(message, language);
  return error instanceof Error ? error.message : String(error);
}
