import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Envelope } from '../core/contract/contract-kit';
import type { Handlers } from '../core/contract/api-types';
import { dispatch } from '../core/contract/dispatch';
import { events, invokes } from '../core/contract/ipc-contract';
import type { Servable } from '../core/host/socket-rpc';
import { isTrustedSender, type TrustedOrigin } from './trusted-sender';

export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

const refused: Envelope<never> = {
  ok: false,
  error: { code: 'refused', params: {} },
};

/**
 * The one place IPC handlers are registered: every contract entry gets the same sender check (our origin, main
 * frame) and the same argument parsing (in `dispatch`) before the core runs. Returns a function that unregisters all.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  handlers: Handlers,
  trustedOrigins: readonly TrustedOrigin[],
  onRefused: (channel: string, url: string | undefined) => void = (channel, url) =>
    console.warn(`[tokendesk] refused ${channel} from ${url ?? 'a destroyed frame'}`),
): () => void {
  const channels = Object.values(invokes).map((entry) => entry.channel);
  for (const channel of channels) {
    ipcMain.handle(channel, (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, ...args: unknown[]) => {
      if (!isTrustedSender(event.senderFrame, trustedOrigins)) {
        onRefused(channel, event.senderFrame?.url);
        return refused;
      }
      return dispatch(handlers, channel, args);
    });
  }
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel));
}

/** Forwards every core event to a window's page, on the event's contract channel. Returns an unsubscribe. */
export function forwardEvents(
  core: Pick<Servable, 'events'>,
  webContents: Pick<WebContents, 'send' | 'isDestroyed'>,
): () => void {
  const unsubscribes = Object.entries(events).map(([name, entry]) =>
    core.events.on(name as keyof typeof events, (payload) => {
      if (!webContents.isDestroyed()) webContents.send(entry.channel, payload);
    }),
  );
  return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
}
