import type { Notification as NotificationType } from 'electron';
import type { AccountView } from '../core/contract/views';
import type { TokenDeskCore } from '../core/tokendesk-core';
import { attentionMessage } from './attention';

/** Native notifications when an account needs a person (paused, error, expired, refreshed elsewhere), if enabled. */
export function notifyOnAttention(
  Notification: typeof NotificationType,
  core: TokenDeskCore,
  onClick: () => void,
): () => void {
  const previous = new Map<string, AccountView>();
  return core.events.on('accountChanged', (account) => {
    const message = attentionMessage(previous.get(account.id), account);
    previous.set(account.id, account);
    if (!message || !core.services.settings.get().notifications || !Notification.isSupported()) return;
    const notification = new Notification({ title: 'TokenDesk', body: message });
    notification.on('click', onClick);
    notification.show();
  });
}
