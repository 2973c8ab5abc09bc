import { UserError } from '../user-error';

/**
 * Redis URLs as a person types them, checked without any network code (the account form in the renderer uses this
 * too). The password is taken out so that only the keychain ever holds it.
 */

export interface SplitRedisUrl {
  /** The URL as stored: the password removed, the rest as given. */
  url: string;
  /** The password the URL carried, to move to the keychain; undefined when it carried none. */
  password?: string;
}

/** Validates a `redis://` / `rediss://` URL and takes the password out of it. Throws a UserError that says what to fix. */
export function splitRedisUrl(input: string): SplitRedisUrl {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new UserError({ code: 'redis-url-invalid', params: { input: maskPassword(input) } });
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new UserError({ code: 'redis-url-scheme', params: { scheme: url.protocol } });
  }
  if (!url.hostname) throw new UserError({ code: 'redis-url-invalid', params: { input: maskPassword(input) } });
  dbIndexOf(url);
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  url.password = '';
  return { url: url.toString().replace(/\/$/, ''), ...(password !== undefined ? { password } : {}) };
}

/** The db index a URL names (`/3`), 0 when none. */
export function dbIndexOf(url: URL): number {
  const path = url.pathname.replace(/^\//, '');
  if (path === '') return 0;
  if (!/^\d{1,2}$/.test(path)) {
    throw new UserError({ code: 'redis-url-db', params: { value: path } });
  }
  return Number(path);
}

/** The URL with its password (if any) replaced by `***`, for messages and logs. */
export function maskPassword(input: string): string {
  return input.replace(/^(rediss?:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}
