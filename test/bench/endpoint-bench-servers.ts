// The two servers the endpoint bench compares, in their own process so that autocannon (in the parent) does not
// share their event loop. Prints one JSON line with both ports, then serves until killed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocalEndpoint } from '../../electron/core/endpoint/local-endpoint';
import { MemoryTokenSource } from '../core/endpoint/memory-token-source';

export const BENCH_KEY = 'bench-local-key-0123456789abcdefghij';
const TOKEN = `BENCH-${'t'.repeat(150)}`;

const source = new MemoryTokenSource(
  [{ id: 'acc-bench', label: 'bench', appId: 'wx0123456789abcdef', kind: 'officialAccount', mode: 'stable' }],
  new Map([['acc-bench', 'bench-secret']]),
  BENCH_KEY,
);
source.tokens.set('acc-bench', { accessToken: TOKEN, expiresAt: Date.now() + 7_200_000 });
// The history port keeps only a count here: the bench measures the endpoint, not a storage backend.
source.recordRequest = () => undefined;

// Limits as shipped would turn most bench requests into 429s; the limiter still runs on every request.
const endpoint = await startLocalEndpoint({
  source,
  port: 0,
  addresses: ['127.0.0.1'],
  rateLimit: { perSecond: 1e9, burst: 1e9 },
});

const constantBody = JSON.stringify({
  access_token: TOKEN,
  expires_in: 7000,
  expires_at: new Date().toISOString(),
  account: { label: 'bench', app_id: 'wx0123456789abcdef', kind: 'officialAccount' },
  mode: 'stable',
});
const bare = http.createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(constantBody);
});
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));

console.log(JSON.stringify({ endpointPort: endpoint.port, barePort: (bare.address() as AddressInfo).port }));
