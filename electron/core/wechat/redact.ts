/**
 * Redaction of secret-bearing values in what TokenDesk shows or stores about a request. The AppID stays visible (it
 * identifies the account and is not a secret); AppSecrets, WeCom corpsecrets and access_tokens sent in requests
 * become `***`. A token in a *response* body is what the user came for and is left alone (see Exchange.bodyText).
 */

export const REDACTED = '***';

/** Field names whose values are credentials, in query strings and JSON bodies alike. */
// `ticket`: a JS-SDK ticket signs pages for the account as a token calls its APIs (getticket through the console).
const SECRET_FIELDS = new Set(['secret', 'corpsecret', 'appsecret', 'access_token', 'ticket']);

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

const SECRET_JSON_FIELD = /("(?:secret|corpsecret|appsecret|access_token|ticket)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

function redactJsonLikeText(text: string): string {
  return redactUrl(text.replace(SECRET_JSON_FIELD, `$1"${REDACTED}"`));
}

/**
 * Replaces every occurrence of the given secrets in free text (error messages from the network stack, an upstream's
 * body), as a last line of defence for text whose structure redactUrl/redactJsonBody cannot know. A secret is also
 * looked for as a URL or a JSON string would carry it, so an echo of the request in either form is caught too.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return secretForms(secrets).reduce((result, form) => result.split(form).join(REDACTED), text);
}

/**
 * A copy of parsed JSON with the secrets scrubbed out of every string in it, keys included and at any depth: an
 * upstream (or something posing as one) may echo a credential in `errmsg`, `msg` or any nested field, under any name.
 * Returns the very same value when there was nothing to scrub, so callers can tell whether anything changed.
 */
export function scrubJsonSecrets(value: unknown, secrets: readonly string[]): unknown {
  const forms = secretForms(secrets);
  if (forms.length === 0) return value;
  const scrubText = (text: string) => forms.reduce((result, form) => result.split(form).join(REDACTED), text);
  const walk = (inner: unknown): unknown => {
    if (typeof inner === 'string') return scrubText(inner);
    if (Array.isArray(inner)) {
      const items = inner.map(walk);
      return items.some((item, index) => item !== inner[index]) ? items : inner;
    }
    if (inner !== null && typeof inner === 'object') {
      const entries = Object.entries(inner);
      const scrubbed = entries.map(([key, item]) => [scrubText(key), walk(item)] as const);
      const changed = scrubbed.some(([key, item], index) => key !== entries[index]![0] || item !== entries[index]![1]);
      return changed ? Object.fromEntries(scrubbed) : inner;
    }
    return inner;
  };
  return walk(value);
}

function secretForms(secrets: readonly string[]): string[] {
  const forms = secrets
    .filter((secret) => secret.length > 0)
    .flatMap((secret) => [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  // Longest first, so a form that contains another is replaced whole.
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}
