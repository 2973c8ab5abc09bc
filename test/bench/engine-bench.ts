// `npx tsx test/bench/engine-bench.ts [--accounts N] [--concurrency K] [--rounds R]`
// N accounts' tokens fetched through the TokenEngine (getToken, single-flight, concurrency capped at K by the
// engine) against raw `fetch` calls to the same fake endpoint at the same concurrency, in the same run; also the
// WeChatClient alone, to tell the client's cost from the engine's (the client's transport is undici's `request`, about
// a third of fetch's CPU per call: wechat/http-send.ts). Every measurement gets a fresh fake WeChat in a
// child process (so the fake's CPU and its account lookups are not measured) with fresh accounts, so every call
// mints a token. Prints the time ratio until every token is in hand and the history is on disk (goal ≤ 1.1×, median
// of the rounds), the time of the later compaction of the history journal into per-account files (background work),
// and the engine's heap per account. The keychain is an in-memory Vault: this measures the engine, not the OS keychain.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Account } from '../../electron/core/accounts/account-schema';
import { AccountService } from '../../electron/core/accounts/account-service';
import { BlockStore } from '../../electron/core/engine/block-store';
import { TokenEngine } from '../../electron/core/engine/token-engine';
import { History } from '../../electron/core/history/history';
import { openNodeStore } from '../../electron/core/store/node-store';
import { TokenDeskCore } from '../../electron/core/tokendesk-core';
import { WeChatClient } from '../../electron/core/wechat/client';
import { MemoryVault } from '../support/memory-vault';
import { benchAccount } from './engine-bench-accounts';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '5' },
  },
});
const N = Number(values.accounts);
const K = Number(values.concurrency);
const ROUNDS = Number(values.rounds);

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-bench-'));

type BenchAccount = { appId: string; secret: string };

/** Runs `measure` against a fake WeChat with N fresh accounts in a child process, closed afterwards. */
async function withFake<T>(measure: (url: string, accounts: BenchAccount[]) => Promise<T>): Promise<T> {
  const script = path.join(import.meta.dirname, 'engine-bench-fake.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, String(N)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const line = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the fake exited (${code})`)));
    });
    const { url } = JSON.parse(line) as { url: string };
    return await measure(
      url,
      Array.from({ length: N }, (_, index) => benchAccount(index)),
    );
  } finally {
    child.stdin!.end();
    await exited;
  }
}

async function pool<T>(items: T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** CPU ms this process spent since `start`: steadier than wall time on a machine other jobs share. */
const cpuMsSince = (start: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
};

interface Timing {
  ms: number;
  cpuMs: number;
}

function rawRound(): Promise<Timing> {
  return withFake(async (url, accounts) => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    await pool(accounts, K, async ({ appId, secret }) => {
      const response = await fetch(`${url}/cgi-bin/stable_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credential', appid: appId, secret, force_refresh: false }),
      });
      const json = (await response.json()) as { access_token?: string };
      if (!json.access_token) throw new Error(`raw fetch failed: ${JSON.stringify(json)}`);
    });
    return { ms: performance.now() - started, cpuMs: cpuMsSince(cpu) };
  });
}

/** The WeChatClient alone (no engine): separates the client's cost from the engine's in the printout. */
function clientRound(): Promise<Timing> {
  return withFake(async (url, accounts) => {
    const client = new WeChatClient({ apiBase: url });
    const started = performance.now();
    const cpu = process.cpuUsage();
    await pool(accounts, K, async (account) => {
      const exchange = await client.stableToken(account);
      if (exchange.outcome.kind !== 'ok') throw new Error(`client call failed: ${JSON.stringify(exchange.outcome)}`);
    });
    return { ms: performance.now() - started, cpuMs: cpuMsSince(cpu) };
  });
}

function engineRound(
  round: number,
): Promise<{ ms: number; withHistoryMs: number; cpuMs: number; compactMs: number; bytesPerAccount: number }> {
  return withFake(async (url, accounts) => {
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
    const client = new WeChatClient({ apiBase: url });
    const engine = new TokenEngine({
      client,
      accounts: service,
      vault,
      history,
      blocks: BlockStore.inDataDir(dataDir),
      policy: { maxConcurrentFetches: K },
    });
    await engine.load();

    const started = performance.now();
    const cpu = process.cpuUsage();
    const tokens = await Promise.all(stored.map((account) => engine.getToken(account.id)));
    const ms = performance.now() - started;
    // The history reaches disk (its journal) in the background, after the callers have their tokens: timed apart.
    await history.flush();
    const withHistoryMs = performance.now() - started;
    const cpuMs = cpuMsSince(cpu);
    // Rewriting the per-account files from the journal happens once it passes 4 MiB: timed on its own.
    const compactStarted = performance.now();
    await history.compact();
    const compactMs = performance.now() - compactStarted;

    await engine.settled();
    gc();
    const bytesPerAccount = (process.memoryUsage().heapUsed - heapBefore) / N;
    if (new Set(tokens.map((token) => token.accessToken)).size !== N)
      throw new Error('the engine did not fetch N tokens');
    engine.dispose();
    return { ms, withHistoryMs, cpuMs, compactMs, bytesPerAccount };
  });
}

/**
 * The whole refresher's heap per account: a TokenDeskCore (engine, history, accounts, team mode, endpoint controller,
 * coalesced pushes to one listener) holding N tokens, measured from before its settings file was even opened, so
 * the stored accounts and every fixed cost count too.
 */
function coreHeapPerAccount(): Promise<number> {
  return withFake(async (url, accounts) => {
    const dataDir = path.join(tempRoot, 'core-heap');
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const { store } = openNodeStore(dataDir);
    const vault = new MemoryVault();
    const now = Date.now();
    store.set(
      'accounts',
      accounts.map(({ appId }, index) => ({
        id: `core-${index}`,
        label: `Core ${index}`,
        kind: 'officialAccount',
        appId,
        environment: 'staging',
        tokenMode: 'stable',
        autoRefresh: true,
        marginSeconds: null,
        apiBase: null,
        notes: '',
        createdAt: now,
        updatedAt: now,
      })),
    );
    accounts.forEach(({ secret }, index) => vault.secrets.set(`core-${index}`, secret));
    const core = new TokenDeskCore({
      store,
      dataDir,
      vault,
      apiBase: url,
      appInfo: {
        name: 'TokenDesk',
        version: 'bench',
        runtime: 'preview',
        platform: process.platform,
        dataDir,
        locale: 'en',
      },
    });
    let pushed = 0;
    core.events.on('accountsUpdated', (views) => (pushed += views.length));
    await core.start({ schedule: false, endpoint: false, watchStore: false });
    await Promise.all(accounts.map((_, index) => core.services.engine.getToken(`core-${index}`)));
    await core.services.history.flush();
    await new Promise((resolve) => setTimeout(resolve, 200)); // the last coalesced push
    gc();
    const bytesPerAccount = (process.memoryUsage().heapUsed - heapBefore) / N;
    if (pushed < N) throw new Error(`the core pushed ${pushed} of ${N} accounts`);
    await core.dispose();
    return bytesPerAccount;
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

try {
  // Warm-up of every side, not counted: the engine's code paths take a few thousand calls to be fully optimised.
  for (let warmUp = 1; warmUp <= 3; warmUp += 1) {
    await rawRound();
    await clientRound();
    await engineRound(-warmUp);
  }
  const rows: {
    raw: number;
    client: number;
    engine: number;
    withHistory: number;
    rawCpu: number;
    engineCpu: number;
    compact: number;
    bytesPerAccount: number;
  }[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    // Rotate the order so no side always runs first (or right after another's garbage).
    const order = [0, 1, 2].map((offset) => (round + offset) % 3);
    const row = {
      raw: 0,
      client: 0,
      engine: 0,
      withHistory: 0,
      rawCpu: 0,
      engineCpu: 0,
      compact: 0,
      bytesPerAccount: 0,
    };
    for (const side of order) {
      if (side === 0) ({ ms: row.raw, cpuMs: row.rawCpu } = await rawRound());
      if (side === 1) row.client = (await clientRound()).ms;
      if (side === 2) {
        const engine = await engineRound(round);
        Object.assign(row, {
          engine: engine.ms,
          withHistory: engine.withHistoryMs,
          engineCpu: engine.cpuMs,
          compact: engine.compactMs,
          bytesPerAccount: engine.bytesPerAccount,
        });
      }
    }
    rows.push(row);
  }
  console.log(`${N} accounts, concurrency ${K}, ${ROUNDS} rounds, node ${process.version}, ${os.cpus().length} CPUs`);
  for (const [index, row] of rows.entries()) {
    console.log(
      `round ${index + 1}: raw fetch ${row.raw.toFixed(0).padStart(5)} ms   WeChatClient ${row.client.toFixed(0).padStart(5)} ms   ` +
        `engine ${row.engine.toFixed(0).padStart(5)} ms (${(row.engine / row.raw).toFixed(2)}×)   ` +
        `+ history on disk ${row.withHistory.toFixed(0).padStart(5)} ms (${(row.withHistory / row.raw).toFixed(2)}×)   ` +
        `CPU ${row.rawCpu.toFixed(0)} → ${row.engineCpu.toFixed(0)} ms (${(row.engineCpu / row.rawCpu).toFixed(2)}×)   ` +
        `heap ${(row.bytesPerAccount / 1024).toFixed(1)} KiB/account`,
    );
  }
  const ratio = median(rows.map((row) => row.withHistory / row.raw));
  console.log(
    `time ratio engine / raw fetch, tokens in hand and the history on disk (median): ${ratio.toFixed(2)}× (goal ≤ 1.1×): ${ratio <= 1.1 ? 'met' : 'NOT met'}`,
  );
  console.log(`  tokens in hand alone (median): ${median(rows.map((row) => row.engine / row.raw)).toFixed(2)}×`);
  console.log(
    `  CPU of this process, engine with history / raw fetch (median; steadier than wall time on a shared machine): ${median(rows.map((row) => row.engineCpu / row.rawCpu)).toFixed(2)}×`,
  );
  console.log(
    `  WeChatClient alone / raw fetch (median): ${median(rows.map((row) => row.client / row.raw)).toFixed(2)}× (its transport is undici's request, not fetch: wechat/http-send.ts)`,
  );
  console.log(
    `  the engine's own cost: engine with history / WeChatClient alone (median): ${median(rows.map((row) => row.withHistory / row.client)).toFixed(2)}×`,
  );
  console.log(
    `  later, in the background: the journal compacted into ${N} account files in ${median(rows.map((row) => row.compact)).toFixed(0)} ms (median; once per 4 MiB of journal)`,
  );
  console.log(
    `engine heap per account (median; runtime, held token, one history entry): ${(median(rows.map((row) => row.bytesPerAccount)) / 1024).toFixed(1)} KiB`,
  );
  const coreBytes = await coreHeapPerAccount();
  console.log(
    `refresher (TokenDeskCore) heap per account, tokens held: ${(coreBytes / 1024).toFixed(1)} KiB (goal ≤ 5 KiB): ${coreBytes <= 5 * 1024 ? 'met' : 'NOT met'}`,
  );
  process.exitCode = ratio <= 1.1 && coreBytes <= 5 * 1024 ? 0 : 1;
} finally {
  fs.rmSync(tempRoot, { recursive: true, force: true });
}
