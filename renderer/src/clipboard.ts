import type { TokenDeskApi } from '../../electron/core/contract/api-types';

/**
 * Copies through the main process (Electron's clipboard works even when the page lacks focus or permission); the
 * browser preview has no OS clipboard in its core, so the page's own Clipboard API takes over there.
 */
export async function copyText(api: TokenDeskApi, text: string): Promise<void> {
  const { written } = await api.writeClipboard(text);
  if (!written) await navigator.clipboard.writeText(text);
}
