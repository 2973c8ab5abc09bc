import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalEndpoint, type LocalEndpoint } from '../../../electron/core/endpoint/local-endpoint';
import { rawRequest, rawSocketExchange } from '../../support/raw-http';
import { MemoryTokenSource } from './memory-token-source';

const CANARY_SECRET = 'canarySECRETf00dfacecafe1234';
const CANARY_CORPSECRET = 'canaryCORPSECRETbeefbeef5678';
const LOCAL_KEY = 'canaryLOCALKEYdeadbeef9abc';
const SECRETS = [CANARY_SECRET, CANARY_CORPSECRET, LOCAL_KEY];

/** Pieces a fuzzed request is built from: real route names and parameter names, secrets, and noise. */
const piece = fc.oneof(
  fc.constantFrom(
    '/v1/tokens/',
    'shop-oa',
    'wx1111111111111111',
    'ww3333333333333333',
    '/refresh',
    '/cgi-bin/token',
    '/cgi-bin/stable_token',
    '/cgi-bin/gettoken',
    '?',
    '&',
    '=',
    'grant_type=client_credential',
    'appid=',
    'secret=',
    'corpid=',
    'corpsecret=',
    'secr%65t=',
    '%',
    '%00',
    '%ZZ',
    '..',
    '//',
    '#',
    CANARY_SECRET,
    CANARY_CORPSECRET,
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const target = fc.array(piece, { maxLength: 10 }).map((parts) => `/${parts.join('')}`);
const body = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 200 }),
  fc
    .record({
      grant_type: fc.constantFrom('client_credential', 'x'),
      appid: fc.constantFrom('wx1111111111111111', ''),
      secret: fc.constantFrom(CANARY_SECRET, 'bad'),
      force_refresh: fc.boolean(),
    })
    .map((value) => JSON.stringify(value)),
  fc.json({ maxDepth: 3 }),
  fc.constant(`{"access_token":"${'A'.repeat(20_000)}"}`),
);
const headers = fc.record(
  {
    Host: fc.constantFrom(
      '127.0.0.1:PORT',
      'localhost:PORT',
      'attacker.example',
      `${CANARY_SECRET}.example`,
      '[::1]:PORT',
    ),
    Authorization: fc.constantFrom(`Bearer ${LOCAL_KEY}`, 'Bearer wrong', LOCAL_KEY, `Bearer ${CANARY_SECRET}`, ''),
    'Content-Type': fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
    Origin: fc.constantFrom('https://attacker.example', 'null'),
  },
  { requiredKeys: ['Host'] },
);

describe('local endpoint under fuzzed requests', () => {
  let endpoint: LocalEndpoint;
  const source = new MemoryTokenSource(
    [
      { id: 'acc-oa', label: 'shop-oa', appId: 'wx1111111111111111', kind: 'officialAccount', mode: 'stable' },
      { id: 'acc-wecom', label: 'corp', appId: 'ww3333333333333333', kind: 'wecom', mode: 'wecom' },
    ],
    new Map([
      ['acc-oa', CANARY_SECRET],
      ['acc-wecom', CANARY_CORPSECRET],
    ]),
    LOCAL_KEY,
  );
  source.tokens.set('acc-oa', { accessToken: 'TOKEN-OA', expiresAt: Date.now() + 7_200_000 });
  source.tokens.set('acc-wecom', { accessToken: 'TOKEN-WECOM', expiresAt: Date.now() + 7_200_000 });

  beforeAll(async () => {
    endpoint = await startLocalEndpoint({ source, port: 0, rateLimit: { perSecond: 1e6, burst: 1e6 } });
  });
  afterAll(() => endpoint.close());

  it('answers every request without crashing and never returns a secret', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'OPTIONS', 'DELETE', 'HEAD'),
        target,
        headers,
        body,
        async (method, path, headerValues, bodyText) => {
          const headerLines = Object.entries(headerValues)
            .map(([name, value]) => `${name}: ${value.replace('PORT', String(endpoint.port))}`)
            .join('\r\n');
          const payload = Buffer.from(bodyText, 'utf8');
          const request = Buffer.concat([
            Buffer.from(
              `${method} ${path} HTTP/1.1\r\n${headerLines}\r\nContent-Length: ${payload.length}\r\nConnection: close\r\n\r\n`,
              'latin1',
            ),
            payload,
          ]);
          const answer = await rawSocketExchange(endpoint.port, request);
          // Node's parser answers 400 to what is not HTTP; everything else is ours. Either way there is an answer.
          expect(answer).toMatch(/^HTTP\/1\.1 \d{3} /);
          for (const secret of SECRETS) expect(answer).not.toContain(secret);
        },
      ),
      { numRuns: 400 },
    );
    // Still serving, and nothing secret reached the history either.
    const after = await rawRequest({
      port: endpoint.port,
      path: '/v1/tokens/shop-oa',
      headers: { Authorization: `Bearer ${LOCAL_KEY}` },
    });
    expect(after.status).toBe(200);
    const history = JSON.stringify(source.records);
    for (const secret of SECRETS) expect(history).not.toContain(secret);
    expect(source.records.length).toBeGreaterThan(100);
  });
});
