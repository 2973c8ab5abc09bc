/** Query parameters whose values are credentials; their values never reach a log or the history. */
const SECRET_PARAMS = new Set([
  'secret',
  'corpsecret',
  'appsecret',
  'access_token',
  'key',
  'token',
  'suite_secret',
  'component_appsecret',
]);

/**
 * The request target as it may be logged: each secret-bearing query value becomes `***`. A target that does not
 * parse is replaced whole, since we cannot tell what in it is a secret.
 */
export function redactRequestTarget(target: string): string {
  let url: URL;
  try {
    url = new URL(target, 'http://localhost');
  } catch {
    return '(unparseable request target)';
  }
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_PARAMS.has(name.toLowerCase())) url.searchParams.set(name, '***');
  }
  const query = url.searchParams.toString();
  return `${url.pathname}${query ? `?${query}` : ''}`;
}
