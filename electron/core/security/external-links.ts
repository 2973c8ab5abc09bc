/**
 * The one rule for links that leave TokenDesk: only https URLs (WeChat's consoles and docs) open, in the user's
 * browser. Returns the normalised URL to open, or null when the link must not be opened.
 */
export function safeExternalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return null;
  return url.toString();
}
