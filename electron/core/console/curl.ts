/**
 * "Copy as curl" for a console exchange. Without the token, the command reads it from `$ACCESS_TOKEN`, so it can be
 * pasted into a chat or a ticket and run after `export ACCESS_TOKEN=$(tokendesk token <label>)`; with the token, it
 * runs as is. Pure: the renderer builds both from the exchange's (redacted) request.
 */
import { REDACTED } from '../wechat/redact';
import type { RedactedRequest } from '../wechat/types';

/** POSIX shell single quotes: safe for any text. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * `request.url` carries `access_token=***` (as the client redacts it). With `accessToken` the real token goes in;
 * without, the URL is double-quoted around a `${ACCESS_TOKEN}` reference (and everything else escaped for that).
 */
export function curlCommand(request: RedactedRequest, accessToken?: string): string {
  const marker = `access_token=${REDACTED}`;
  const url =
    accessToken === undefined
      ? `"${request.url.replace(/["\\$`]/g, '\\$&').replace(marker, 'access_token=${ACCESS_TOKEN}')}"`
      : shellQuote(request.url.replace(marker, `access_token=${encodeURIComponent(accessToken)}`));
  const parts = ['curl', '-sS'];
  if (request.method !== 'GET') parts.push('-X', request.method);
  parts.push(url);
  if (request.body !== undefined)
    parts.push('-H', shellQuote('Content-Type: application/json'), '--data-raw', shellQuote(request.body));
  return parts.join(' ');
}
