import type { TokenDeskApi } from '../../../electron/core/contract/api-types';
import { buildBridge } from '../../../electron/core/contract/bridge';
import type { Envelope } from '../../../electron/core/contract/contract-kit';
import { encodeInvoke, type ServerMessage } from '../../../electron/core/contract/preview-protocol';

/**
 * `window.tokendesk` for the browser preview: the same contract, carried over the preview server's WebSocket.
 * The key comes from the URL the server printed (`?key=…`).
 */
export function connectPreviewBridge(location: Location): TokenDeskApi {
  const key = new URLSearchParams(location.search).get('key') ?? '';
  const socket = new WebSocket(`ws://${location.host}/ws?key=${encodeURIComponent(key)}`);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener(
      'close',
      () => reject(new Error('The TokenDesk preview refused the connection: open the URL it printed, key included.')),
      { once: true },
    );
  });
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 0;

  socket.addEventListener('message', (message: MessageEvent<string>) => {
    const data = JSON.parse(message.data) as ServerMessage;
    if (data.type === 'result') {
      pending.get(data.id)?.(data.envelope);
      pending.delete(data.id);
    } else {
      listeners.get(data.channel)?.forEach((listener) => listener(data.payload));
    }
  });
  socket.addEventListener('close', () => {
    const lost: Envelope<never> = {
      ok: false,
      error: { code: 'internal', message: 'Lost the connection to the TokenDesk preview; is it still running?' },
    };
    pending.forEach((resolve) => resolve(lost));
    pending.clear();
  });

  return buildBridge({
    invoke: async (channel, args) => {
      await opened;
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(encodeInvoke(id, channel, args));
      });
    },
    subscribe: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => set.delete(listener);
    },
  });
}
