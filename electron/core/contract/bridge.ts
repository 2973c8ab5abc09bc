import { isCoreMessageCode, type CoreMessage } from '../i18n/core-messages';
import type { Envelope, EnvelopeError } from './contract-kit';
import { subscribeName } from './contract-kit';
import type { TokenDeskApi } from './api-types';
import { events, invokes } from './ipc-contract';

/** How a bridge reaches the core: Electron IPC in the preload, a WebSocket in the browser preview. */
export interface BridgeTransport {
  invoke(channel: string, args: unknown[]): Promise<Envelope<unknown>>;
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

/**
 * A refused or failed call: the core's catalogue message, for the page to render in its language (`coreMessageOf`).
 * Electron's contextBridge keeps only an Error's `message` on its way into the page, so the message *is* the catalogue
 * message, as JSON — never prose to show as it is.
 */
export class ContractError extends Error {
  override readonly name = 'ContractError';
  constructor(error: EnvelopeError) {
    super(JSON.stringify({ code: error.code, params: error.params }));
  }
}

/** The catalogue message a call failed with, read back from a ContractError (or its contextBridge copy). */
export function coreMessageOf(error: unknown): CoreMessage | undefined {
  if (!(error instanceof Error) || !error.message.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(error.message) as { code?: unknown; params?: unknown };
    if (!isCoreMessageCode(parsed.code) || typeof parsed.params !== 'object' || parsed.params === null)
      return undefined;
    return parsed as CoreMessage;
  } catch {
    return undefined;
  }
}

/** Builds `window.tokendesk` from the contract: one method per invoke entry, one `onX` per event. */
export function buildBridge(transport: BridgeTransport): TokenDeskApi {
  const api: Record<string, unknown> = {};
  for (const [method, entry] of Object.entries(invokes)) {
    api[method] = async (...args: unknown[]) => {
      const envelope = await transport.invoke(entry.channel, args);
      if (envelope.ok) return envelope.value;
      throw new ContractError(envelope.error);
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
