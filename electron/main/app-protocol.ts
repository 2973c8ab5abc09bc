import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Net, Protocol } from 'electron';
import { contentSecurityPolicy } from '../core/security/content-security-policy';

/** The UI is served from app://tokendesk/ rather than file://, so it has a real origin the IPC check can pin. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tokendesk';

/** Must run before `app.ready`: lets app:// behave like https (secure context, fetch, relative URLs). */
export function registerAppSchemeAsPrivileged(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Resolves a request path inside `root`: null if it escapes it (`..`, encoded slashes), 'malformed' if its
 * percent-encoding is broken (`%E0%A4%A`), which decodeURIComponent would otherwise throw out of the handler.
 */
export function resolveInside(root: string, requestPath: string): string | null | 'malformed' {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return 'malformed';
  }
  const target = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  return target === root || target.startsWith(`${root}${path.sep}`) ? target : null;
}

/** Serves the built renderer from `rendererDir` on app://tokendesk/ with the CSP header. */
export function serveRenderer(protocol: Pick<Protocol, 'handle'>, net: Pick<Net, 'fetch'>, rendererDir: string): void {
  const root = path.resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file =
      url.host === APP_HOST ? resolveInside(root, url.pathname === '/' ? '/index.html' : url.pathname) : null;
    if (file === 'malformed') return new Response('Bad request', { status: 400 });
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', contentSecurityPolicy());
    return new Response(response.body, { status: response.status, headers });
  });
}
