/**
 * Copyable snippets for the tools WeChat developers paste tokens into. Pure functions, shared by the desk's copy
 * buttons and the CLI (`tokendesk postman-env`). Scripts fetch the token from TokenDesk's local endpoint rather than
 * from WeChat, so Postman, Apifox and Bruno never become a second refresher that invalidates everyone's token.
 */

import { DEFAULT_ENDPOINT_PORT } from '../endpoint/endpoint-port';

export interface SnippetContext {
  /** Account label or AppID: the alias the local endpoint answers to. */
  alias: string;
  accessToken: string;
  /** WeChat's API base the account talks to (for the curl example). */
  apiBase: string;
  /** The local endpoint's port. */
  endpointPort?: number;
}

export function endpointTokenUrl(context: Pick<SnippetContext, 'alias' | 'endpointPort'>): string {
  return `http://127.0.0.1:${context.endpointPort ?? DEFAULT_ENDPOINT_PORT}/v1/tokens/${encodeURIComponent(context.alias)}`;
}

export function accessTokenQuery(context: Pick<SnippetContext, 'accessToken'>): string {
  return `access_token=${context.accessToken}`;
}

/** A cheap call that proves the token works (get_api_domain_ip answers 40001 for a stale token). */
export function curlExample(context: SnippetContext): string {
  return `curl -s "${context.apiBase.replace(/\/$/, '')}/cgi-bin/get_api_domain_ip?access_token=${context.accessToken}"`;
}

/**
 * A Postman / Apifox pre-request script: asks the local endpoint for the current token and stores it in the
 * `access_token` variable. The endpoint key is the `tokendesk_key` variable, from the environment (type: secret) or
 * the collection (`pm.variables` reads either, and its `set` works with no environment selected).
 */
export function postmanPreRequestScript(context: Pick<SnippetContext, 'alias' | 'endpointPort'>): string {
  return [
    '// TokenDesk: take the managed access_token instead of fetching one (which would invalidate everyone else’s).',
    'pm.sendRequest({',
    `  url: '${endpointTokenUrl(context)}',`,
    "  header: { Authorization: 'Bearer ' + pm.variables.get('tokendesk_key') },",
    '}, (error, response) => {',
    "  if (error || response.code !== 200) throw new Error('TokenDesk endpoint: ' + (error || response.text()));",
    "  pm.variables.set('access_token', response.json().access_token);",
    '});',
  ].join('\n');
}

/**
 * Postman / Apifox in one step: a collection (v2.1, which both import) carrying the endpoint key, the pre-request
 * script and a first request that proves the token works. Nothing to paste by hand; `newman run` runs it as is.
 */
export function postmanSetupCollection(
  context: Pick<SnippetContext, 'alias' | 'apiBase' | 'endpointPort'> & { label: string; endpointKey: string },
): string {
  const collection = {
    info: {
      name: `TokenDesk · ${context.label}`,
      description: 'The access_token comes from TokenDesk’s local endpoint before each request: never fetch one here.',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    variable: [
      { key: 'tokendesk_key', value: context.endpointKey, type: 'string' },
      { key: 'wechat_api_base', value: context.apiBase.replace(/\/$/, ''), type: 'string' },
    ],
    event: [
      { listen: 'prerequest', script: { type: 'text/javascript', exec: postmanPreRequestScript(context).split('\n') } },
    ],
    item: [
      {
        name: 'get_api_domain_ip (checks the token)',
        request: { method: 'GET', url: '{{wechat_api_base}}/cgi-bin/get_api_domain_ip?access_token={{access_token}}' },
        event: [
          {
            listen: 'test',
            script: {
              type: 'text/javascript',
              exec: [
                "pm.test('WeChat accepts the token', () => {",
                '  pm.response.to.have.status(200);',
                "  pm.expect(pm.response.json()).to.not.have.property('errcode');",
                '});',
              ],
            },
          },
        ],
      },
    ],
  };
  return `${JSON.stringify(collection, null, 2)}\n`;
}

/** A Bruno `collection.bru` whose pre-request script takes the token from the endpoint (key: env var tokendesk_key). */
export function brunoCollectionFile(
  context: Pick<SnippetContext, 'alias' | 'endpointPort'> & { label: string },
): string {
  const script = brunoPreRequestScript(context)
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  return `meta {\n  name: TokenDesk · ${context.label}\n}\n\nscript:pre-request {\n${script}\n}\n`;
}

/** A Bruno pre-request script doing the same through Bruno's bundled axios. */
export function brunoPreRequestScript(context: Pick<SnippetContext, 'alias' | 'endpointPort'>): string {
  return [
    "const axios = require('axios');",
    `const response = await axios.get('${endpointTokenUrl(context)}', {`,
    "  headers: { Authorization: 'Bearer ' + bru.getEnvVar('tokendesk_key') },",
    '});',
    "bru.setVar('access_token', response.data.access_token);",
  ].join('\n');
}

/** A Postman environment file (import it in Postman or Apifox), with the endpoint key left for the user to paste. */
export function postmanEnvironment(context: SnippetContext & { label: string }): string {
  const environment = {
    name: `TokenDesk · ${context.label}`,
    values: [
      { key: 'access_token', value: context.accessToken, type: 'default', enabled: true },
      { key: 'wechat_api_base', value: context.apiBase, type: 'default', enabled: true },
      { key: 'tokendesk_url', value: endpointTokenUrl(context), type: 'default', enabled: true },
      { key: 'tokendesk_key', value: '', type: 'secret', enabled: true },
    ],
    _postman_variable_scope: 'environment',
  };
  return `${JSON.stringify(environment, null, 2)}\n`;
}
