import type { TokenDeskApi } from '../../../electron/core/contract/api-types';
import { connectPreviewBridge } from './preview-bridge';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser preview, where the WebSocket bridge stands in. */
    tokendesk?: TokenDeskApi;
  }
}

let api: TokenDeskApi | undefined;

/** The core's API: the preload's in Electron, the WebSocket bridge in the browser preview. */
export function getApi(): TokenDeskApi {
  api ??= window.tokendesk ?? connectPreviewBridge(window.location, window.history, window.sessionStorage);
  return api;
}
