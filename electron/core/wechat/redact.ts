/**
 * Redaction of secret-bearing values in what TokenDesk shows or stores about a request. The AppID stays visible (it
 * identifies the account and is not a secret); AppSecrets, WeCom corpsecrets and access_tokens sent in requests
 * become `***`. A token in a *response* body is what the user came for and is left alone (see Exchange.bodyText).
 */

export const REDACTED = '***';

/** Field names whose values are credentials, in query strings and JSON bodies alike. */
const SECRET_FIELDS = new Set(['secret', 'corpsecret', 'appsecret', 'access_token']);

const SECRET_QUERY_PARAM = /(^|[?&])(secret|corpsecret|appsecret|access_token)=([^&#]*)/gi;

/**
 * A URL (or a bare query string such as rid/get's `request_url`) with credential values replaced by `***`.
 * Works on the text so the rest of the URL stays byte-for-byte as sent.
 */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_PARAM, (_match, lead: string, name: string) => `${lead}${name}=${REDACTED}`);
}

/** A JSON body with credential fields (at any depth) replaced by `***`; non-JSON text is redacted field-by-pattern. */
export function redactJsonBody(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return redactJsonLikeText(body);
  }
  return JSON.stringify(redactValue(parsed));
}

/** A copy of a parsed JSON value with credential fields replaced by `***`. */
export function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        SECRET_FIELDS.has(key.toLowerCase()) ? REDACTED : redactValue(inner),
      ]),
    );
  }
  return value;
}

const SECRET_JSON_FIELD = /("(?:secret|corpsecret|appsecret|access_token)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

function redactJsonLikeText(text: string): string {
  return redactUrl(text.replace(SECRET_JSON_FIELD, `$1"${REDACTED}"`));
}

/**
 * Replaces every literal occurrence of the given secrets in free text (error messages from the network stack, say),
 * as a last line of defence for text whose structure redactUrl/redactJsonBody cannot know.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return secrets
    .filter((secret) => secret.length > 0)
    .reduce((result, secret) => result.split(secret).join(REDACTED), text);
}
