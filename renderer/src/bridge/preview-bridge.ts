import type { TokenDeskApi } from '../../../electron/core/contract/api-types';
import { buildBridge, ContractError } from '../../../electron/core/contract/bridge';
import type { Envelope } from '../../../electron/core/contract/contract-kit';
import { encodeInvoke, type ServerMessage } from '../../../electron/core/contract/preview-protocol';

/** Where the tab keeps the key once the address bar no longer shows it, so a reload still connects. */
const KEY_STORAGE = 'tokendesk-preview-key';

/**
 * `window.tokendesk` for the browser preview: the same contract, carried over the preview server's WebSocket.
 * The key comes from the URL the server printed (`?key=…`). Once the socket is open the key leaves the address bar
 * (and so the history, a shared screen, a copied link); the tab keeps it in sessionStorage, which dies with the tab.
 */
export function connectPreviewBridge(
  location: Location,
  history: Pick<History, 'replaceState' | 'state'>,
  storage: Pick<Storage, 'getItem' | 'setItem'>,
): TokenDeskApi {
  const fromUrl = new URLSearchParams(location.search).get('key');
  const key = fromUrl ?? storage.getItem(KEY_STORAGE) ?? '';
  const socket = new WebSocket(`ws://${location.host}/ws?key=${encodeURIComponent(key)}`);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener(
      'open',
      () => {
        if (fromUrl !== null) {
          storage.setItem(KEY_STORAGE, fromUrl);
          history.replaceState(history.state, '', withoutKey(location));
        }
        resolve();
      },
      { once: true },
    );
    socket.addEventListener('close', () => reject(new ContractError({ code: 'preview-refused', params: {} })), {
      once: true,
    });
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
      error: { code: 'preview-connection-lost', params: {} },
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

function withoutKey(location: Location): string {
  const params = new URLSearchParams(location.search);
  params.delete('key');
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ''}${location.hash}`;
}
