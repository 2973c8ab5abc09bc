/**
 * What the API console may send, checked before anything leaves: a method, a path on the account's API base (or a
 * full URL on that base), query parameters and a JSON body. The managed token is added by TokenDesk; a request that
 * carries its own `access_token`, points at another host or has a body that is not JSON is refused with a message
 * that says what to change. Pure functions: the renderer uses them to check a request as it is typed.
 */
import type { ConsoleMethod, ConsoleRequest } from '../contract/api-tools-views';
import { UserError } from '../user-error';

/** A request ready to send: its URL without the token, and its body. */
export interface PreparedRequest {
  method: ConsoleMethod;
  /** The URL on the account's base, without access_token. */
  url: string;
  /** The path alone (`/cgi-bin/menu/get`), for the history and the API list. */
  path: string;
  body?: string;
}

const PATH_PATTERN = /^\/[A-Za-z0-9_\-./]*$/;

/** Checks and builds the request on `apiBase` (no trailing slash); throws a UserError that says what to fix. */
export function prepareRequest(request: ConsoleRequest, apiBase: string): PreparedRequest {
  const base = new URL(apiBase);
  const typed = request.path.trim();
  let target: URL;
  try {
    target = /^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? new URL(typed) : new URL(withSlash(typed), 'http://path.invalid');
  } catch {
    throw new UserError({ code: 'console-path-invalid', params: { path: typed } });
  }
  let path = target.pathname;
  if (target.origin !== 'http://path.invalid') {
    const basePath = base.pathname.replace(/\/+$/, '');
    if (target.origin !== base.origin || !path.startsWith(`${basePath}/`))
      throw new UserError({ code: 'console-foreign-host', params: { host: target.host, base: apiBase } });
    path = path.slice(basePath.length);
  }
  if (!PATH_PATTERN.test(path) || target.hash !== '')
    throw new UserError({ code: 'console-path-invalid', params: { path: typed } });

  const query = new URLSearchParams(target.search);
  for (const [key, value] of request.query ?? []) if (key.trim() !== '') query.append(key.trim(), value);
  if (query.has('access_token'))
    throw new UserError({ code: 'console-path-invalid', params: { path: `${path}?${query.toString()}` } });

  const body = request.body?.trim() ? request.body : undefined;
  if (body !== undefined) {
    if (request.method === 'GET') throw new UserError({ code: 'console-body-needs-post', params: {} });
    try {
      JSON.parse(body);
    } catch (error) {
      throw new UserError({
        code: 'console-body-not-json',
        params: { detail: error instanceof Error ? error.message : String(error) },
      });
    }
  }
  const search = query.toString();
  const url = `${apiBase}${path}${search ? `?${search}` : ''}`;
  return { method: request.method, url, path, ...(body === undefined ? {} : { body }) };
}

/** The URL with the token added last, as WeChat's docs write it (`…?access_token=ACCESS_TOKEN&…` works too). */
export function withToken(url: string, accessToken: string): string {
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}access_token=${encodeURIComponent(accessToken)}`;
}

function withSlash(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}
