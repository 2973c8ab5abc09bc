/**
 * Where a request that carries a credential (an AppSecret, a corpsecret, an access_token) may go: anywhere over
 * https, and over plain http only to this machine (a local proxy, the fake WeChat server). Account validation refuses
 * other http base URLs up front; the client checks again before sending, for what validation never saw — an account
 * saved by an older TokenDesk that only warned, or a TOKENDESK_API_BASE / --api-base override.
 */

/** 127.0.0.0/8, ::1 and localhost, as `URL.hostname` spells them (it has already normalised `127.1`, `[0:0::1]`). */
export function isLoopbackHostname(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** False for a plain-http URL off this machine (and for anything that is not http(s) at all). */
export function mayCarryCredentials(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'https:') return true;
  return parsed.protocol === 'http:' && isLoopbackHostname(parsed.hostname);
}
