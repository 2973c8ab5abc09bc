/** The page origins TokenDesk's own UI is served from. */
export interface TrustedOrigin {
  /** e.g. 'app:' in production, 'http:' for the Vite dev server. */
  protocol: string;
  /** e.g. 'tokendesk' in production, 'localhost:5173' for the Vite dev server. */
  host: string;
}

/** The parts of Electron's WebFrameMain the check reads (kept structural so tests need no Electron). */
export interface SenderFrameLike {
  url: string;
  parent: unknown;
}

/**
 * True only for our own page's main frame. Modelled on VS Code's validatedIpcMain: a sub-frame (an iframe some
 * content managed to load) or any other origin is refused before the call's arguments are even parsed.
 * Compares protocol + host rather than `URL.origin`, which is "null" for custom schemes such as app://.
 */
export function isTrustedSender(frame: SenderFrameLike | null | undefined, trusted: readonly TrustedOrigin[]): boolean {
  if (!frame) return false; // the frame navigated away or was destroyed while the call was in flight
  if (frame.parent !== null) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  return trusted.some((origin) => origin.protocol === url.protocol && origin.host === url.host);
}
