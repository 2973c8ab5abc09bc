import type { Envelope } from './contract-kit';
import { subscribeName } from './contract-kit';
import type { TokenDeskApi } from './api-types';
import { events, invokes } from './ipc-contract';

/** How a bridge reaches the core: Electron IPC in the preload, a WebSocket in the browser preview. */
export interface BridgeTransport {
  invoke(channel: string, args: unknown[]): Promise<Envelope<unknown>>;
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds `window.tokendesk` from the contract: one method per invoke entry, one `onX` per event. A refused or failed
 * call rejects with an Error carrying the core's message (Electron's contextBridge keeps only an Error's message, so
 * the message is all the page can rely on).
 */
export function buildBridge(transport: BridgeTransport): TokenDeskApi {
  const api: Record<string, unknown> = {};
  for (const [method, entry] of Object.entries(invokes)) {
    api[method] = async (...args: unknown[]) => {
      const envelope = await transport.invoke(entry.channel, args);
      if (envelope.ok) return envelope.value;
      throw new Error(envelope.error.message);
    };
  }
  for (const [name, entry] of Object.entries(events)) {
    api[subscribeName(name)] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${subscribeName(name)} needs a function`);
      return transport.subscribe(entry.channel, (payload) => listener(payload));
    };
  }
  return api as TokenDeskApi;
}
