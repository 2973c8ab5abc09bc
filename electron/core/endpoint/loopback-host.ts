/**
 * DNS-rebinding guard: a page on attacker.example can make a browser resolve its own name to 127.0.0.1, but the
 * browser still sends `Host: attacker.example`. Only the loopback names, optionally with our own port, get through.
 */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec(hostHeader.toLowerCase());
  if (!match) return false;
  const [, name, givenPort] = match;
  if (!name || !LOOPBACK_NAMES.has(name)) return false;
  return givenPort === undefined || Number(givenPort) === port;
}
