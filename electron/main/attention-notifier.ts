import type { Notification as NotificationType } from 'electron';
import type { AccountView } from '../core/contract/views';
import type { CoreLocale } from '../core/i18n/core-messages';
import type { Host } from '../core/host/host';
import { attentionMessage } from './attention';

/** Native notifications when an account needs a person (paused, error, expired, refreshed elsewhere), if enabled. */
export function notifyOnAttention(
  Notification: typeof NotificationType,
  core: Pick<Host, 'events' | 'settings'>,
  locale: () => CoreLocale,
  onClick: () => void,
): () => void {
  const previous = new Map<string, AccountView>();
  return core.events.on('accountsUpdated', (changed) => {
    for (const account of changed) {
      const message = attentionMessage(previous.get(account.id), account, locale());
      previous.set(account.id, account);
      if (!message || !core.settings.get().notifications || !Notification.isSupported()) continue;
      const notification = new Notification({ title: 'TokenDesk', body: message });
      notification.on('click', onClick);
      notification.show();
    }
  });
}
