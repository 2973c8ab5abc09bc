// `npx tsx test/bench/engine-bench.ts [--accounts N] [--concurrency K] [--rounds R]`
// N accounts' tokens fetched through the TokenEngine (getToken, single-flight, history written to disk, concurrency
// capped at K by the engine) against raw `fetch` calls to the same fake endpoint at the same concurrency, in the same
// run, each round on fresh accounts so both sides mint new tokens. Prints the time ratio (goal ≤ 1.2×, the median
// of the rounds) and the engine's memory per account. The keychain is an in-memory Vault here: the bench measures
// the engine, not the OS keychain (whose cost per call is in test/core/vault's notes).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { AccountService } from '../../electron/core/accounts/account-service';
import type { Account } from '../../electron/core/accounts/account-schema';
import { TokenEngine } from '../../electron/core/engine/token-engine';
import { History } from '../../electron/core/history/history';
import { openNodeStore } from '../../electron/core/store/node-store';
import { WeChatClient } from '../../electron/core/wechat/client';
import { startFakeWeChat } from '../fake-wechat/server';
import { MemoryVault } from '../support/memory-vault';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '3' },
  },
});
const N = Number(values.accounts);
const K = Number(values.concurrency);
const ROUNDS = Number(values.rounds);

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

// Each side of each round gets its own fake server, so neither pays for the other's accounts in the fake's lookups.
let fake = await startFakeWeChat();
async function freshFake(): Promise<void> {
  await fake.close();
  fake = await startFakeWeChat();
}
const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-bench-'));
let serial = 0;

function freshAccounts(count: number): { appId: string; secret: string }[] {
  return Array.from({ length: count }, () => {
    serial += 1;
    const hex = serial.toString(16).padStart(16, '0');
    const account = { appId: `wx${hex}`, secret: `${hex}${hex}` };
    fake.addAccount(account);
    return account;
  });
}

async function pool<T>(items: T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function rawRound(): Promise<number> {
  await freshFake();
  const accounts = freshAccounts(N);
  const started = performance.now();
  await pool(accounts, K, async ({ appId, secret }) => {
    const response = await fetch(`${fake.url}/cgi-bin/stable_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: appId, secret, force_refresh: false }),
    });
    const json = (await response.json()) as { access_token?: string };
    if (!json.access_token) throw new Error(`raw fetch failed: ${JSON.stringify(json)}`);
  });
  return performance.now() - started;
}

/** The WeChatClient alone (no engine): separates the client's cost from the engine's in the printout. */
async function clientRound(): Promise<number> {
  await freshFake();
  const accounts = freshAccounts(N);
  const client = new WeChatClient({ apiBase: fake.url });
  const started = performance.now();
  await pool(accounts, K, async (account) => {
    const exchange = await client.stableToken(account);
    if (exchange.outcome.kind !== 'ok') throw new Error(`client call failed: ${JSON.stringify(exchange.outcome)}`);
  });
  return performance.now() - started;
}

async function engineRound(round: number): Promise<{ ms: number; withHistoryMs: number; bytesPerAccount: number }> {
  await freshFake();
  const accounts = freshAccounts(N);
  const dataDir = path.join(tempRoot, `engine-${round}`);
  const { store } = openNodeStore(dataDir);
  const vault = new MemoryVault();
  const now = Date.now();
  // One write of N stored accounts (AccountService.add would rewrite the file N times: setup, not what is measured).
  const stored: Account[] = accounts.map(({ appId }, index) => ({
    id: `bench-${round}-${index}`,
    label: `Bench ${round}-${index}`,
    kind: 'officialAccount',
    appId,
    environment: 'staging',
    tokenMode: 'stable',
    autoRefresh: false,
    marginSeconds: null,
    apiBase: null,
    notes: '',
    createdAt: now,
    updatedAt: now,
  }));
  store.set('accounts', stored);
  stored.forEach((account, index) => vault.secrets.set(account.id, accounts[index]!.secret));
  const service = new AccountService({ store, vault });
  const history = new History({ dir: path.join(dataDir, 'history') });
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const engine = new TokenEngine({
    client: new WeChatClient({ apiBase: fake.url }),
    accounts: service,
    vault,
    history,
    policy: { maxConcurrentFetches: K },
  });
  await engine.start();

  const started = performance.now();
  const tokens = await Promise.all(stored.map((account) => engine.getToken(account.id)));
  const ms = performance.now() - started;
  // The history reaches disk in the background, after the callers have their tokens; timed apart, not hidden.
  await history.flush();
  const withHistoryMs = performance.now() - started;

  await engine.settled();
  gc();
  const bytesPerAccount = (process.memoryUsage().heapUsed - heapBefore) / N;
  if (tokens.length !== N || fake.calls('stable-token') === 0) throw new Error('engine round did not fetch');
  engine.dispose();
  return { ms, withHistoryMs, bytesPerAccount };
}

try {
  await rawRound(); // warm-up: JIT, sockets
  await clientRound();
  const rows: { raw: number; client: number; engine: number; withHistory: number; bytesPerAccount: number }[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    // Alternate the order so neither side always runs on a warmer process.
    const raw = round % 2 === 0 ? await rawRound() : undefined;
    const engine = await engineRound(round);
    const client = await clientRound();
    rows.push({ raw: raw ?? (await rawRound()), client, engine: engine.ms, withHistory: engine.withHistoryMs, bytesPerAccount: engine.bytesPerAccount });
  }
  const ratios = rows.map((row) => row.engine / row.raw).sort((a, b) => a - b);
  const median = ratios[Math.floor(ratios.length / 2)]!;
  console.log(`${N} accounts, concurrency ${K}, ${ROUNDS} rounds, node ${process.version}, ${os.cpus().length} CPUs`);
  rows.forEach((row, index) =>
    console.log(
      `round ${index + 1}: raw fetch ${row.raw.toFixed(0).padStart(6)} ms   WeChatClient alone ${row.client.toFixed(0).padStart(6)} ms   engine ${row.engine.toFixed(0).padStart(6)} ms (ratio ${(row.engine / row.raw).toFixed(2)}×)   ` +
        `+ history on disk ${row.withHistory.toFixed(0).padStart(6)} ms (ratio ${(row.withHistory / row.raw).toFixed(2)}×)   heap ${(row.bytesPerAccount / 1024).toFixed(1)} KiB/account`,
    ),
  );
  const withHistory = rows.map((row) => row.withHistory / row.raw).sort((a, b) => a - b)[Math.floor(rows.length / 2)]!;
  console.log(`time ratio, tokens in hand (median) ${median.toFixed(2)}× (goal ≤ 1.2×): ${median <= 1.2 ? 'met' : 'NOT met'}`);
  console.log(`time ratio, history also written to disk (median) ${withHistory.toFixed(2)}×`);
  const clientRatio = rows.map((row) => row.client / row.raw).sort((a, b) => a - b)[Math.floor(rows.length / 2)]!;
  console.log(`of which the WeChatClient alone (median) ${clientRatio.toFixed(2)}× raw fetch`);
  const memory = rows.map((row) => row.bytesPerAccount).sort((a, b) => a - b)[Math.floor(rows.length / 2)]!;
  console.log(
    `engine memory per account (median, runtime + held token + history entry): ${(memory / 1024).toFixed(1)} KiB`,
  );
  process.exitCode = median <= 1.2 ? 0 : 1;
} finally {
  await fake.close();
  fs.rmSync(tempRoot, { recursive: true, force: true });
}
