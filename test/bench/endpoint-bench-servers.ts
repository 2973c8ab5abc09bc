// The two servers the endpoint bench compares, in their own process so that autocannon (in the parent) does not
// share their event loop. Prints one JSON line with both ports, then serves until killed.
// The endpoint runs over the real stack (the hosts' CoreServices on a temp data dir, the endpoint adapter,
// every request logged to the history on disk through the request log, as EndpointController wires it) against the
// fake WeChat server; only the vault is in memory, so the bench needs no keyring session.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createCoreServices } from '../../electron/core/core-services';
import { createEngineTokenSource } from '../../electron/core/endpoint/engine-token-source';
import { startLocalEndpoint } from '../../electron/core/endpoint/local-endpoint';
import { EndpointRequestLog } from '../../electron/core/endpoint/request-log';
import { openNodeStore } from '../../electron/core/store/node-store';
import { startFakeWeChat } from '../fake-wechat/server';
import { MemoryVault } from '../support/memory-vault';

const BENCH_KEY = 'bench-local-key-0123456789abcdefghij';
const APP_ID = 'wx0123456789abcdef';
const SECRET = '0123456789abcdef0123456789abcdef';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-bench-'));
process.on('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
process.on('SIGTERM', () => process.exit(0));

const fake = await startFakeWeChat({ accounts: [{ appId: APP_ID, secret: SECRET }] });
const { accounts, engine, history, vault } = createCoreServices({
  dataDir,
  store: openNodeStore(dataDir).store,
  vault: new MemoryVault(),
  apiBase: fake.url,
});
const added = await accounts.add(
  { label: 'bench', kind: 'officialAccount', appId: APP_ID, environment: 'test' },
  SECRET,
);
if (!added.ok) throw new Error(JSON.stringify(added.problems));
await engine.load();
await engine.settled();
const requestLog = new EndpointRequestLog({ write: (record) => history.recordEndpointRequest(record) });
const source = createEngineTokenSource({
  engine,
  accounts,
  vault,
  localKey: BENCH_KEY,
  recordRequest: (record) => requestLog.add(record),
});
// Limits as shipped would turn most bench requests into 429s; the limiter still runs on every request.
const endpoint = await startLocalEndpoint({
  source,
  port: 0,
  addresses: ['127.0.0.1'],
  rateLimit: { perSecond: 1e9, burst: 1e9 },
});

// The same body the endpoint sends, as a constant.
const constantBody = await (
  await fetch(`http://127.0.0.1:${endpoint.port}/v1/tokens/bench`, {
    headers: { Authorization: `Bearer ${BENCH_KEY}` },
  })
).text();
const bare = http.createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(constantBody);
});
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));

console.log(
  JSON.stringify({ endpointPort: endpoint.port, barePort: (bare.address() as AddressInfo).port, benchKey: BENCH_KEY }),
);
