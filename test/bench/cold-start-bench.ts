// `npx tsx test/bench/cold-start-bench.ts [--accounts N] [--idle-seconds S]` (inside test/with-keyring.sh; needs
// `npm run build:node`). What a person with many accounts feels: a host started on a data dir of N accounts (secrets in
// the real keychain, imported with `tokendesk accounts import`) until it holds every token — `tokendesk serve`, then the
// preview — against a raw concurrent fetch of the same N tokens from the same fake at the engine's concurrency, in the
// same run (P7, goal ≤ 3×). Then the idle refresher: N valid tokens, S seconds, upstream calls and CPU (P5, goals 0
// calls and < 1 % of a core).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import type { AccountView } from '../../electron/core/contract/views';
import { DEFAULT_ENGINE_POLICY } from '../../electron/core/engine/token-engine';
import { connectToRefresher } from '../../electron/core/host/refresher-socket';
import { RemoteCore } from '../../electron/core/host/socket-rpc';
import { uniqueKeychainNamespace } from '../support/keychain-cleanup';
import { benchAccount } from './engine-bench-accounts';

const { values } = parseArgs({
  options: { accounts: { type: 'string', default: '1000' }, 'idle-seconds': { type: 'string', default: '60' } },
});
const N = Number(values.accounts);
const IDLE_SECONDS = Number(values['idle-seconds']);
const K = DEFAULT_ENGINE_POLICY.maxConcurrentFetches;
const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'dist-electron', 'cli', 'index.js');
const preview = path.join(root, 'dist-electron', 'preview', 'index.js');

async function startFake(): Promise<{ url: string; calls: () => Promise<number>; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'engine-bench-fake.ts'), String(N)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve) =>
    readline.createInterface({ input: child.stdout! }).once('line', resolve),
  );
  const { url } = JSON.parse(line) as { url: string };
  return {
    url,
    // The fake's own control API counts the token calls it answered.
    calls: async () => {
      const stats = (await (await fetch(`${url}/__fake/calls`)).json()) as Record<string, number>;
      return (stats['stable-token'] ?? 0) + (stats['classic-token'] ?? 0);
    },
    stop: () => child.stdin!.end(),
  };
}

/** N stable_token calls at concurrency K, the way any client would make them: the floor no host can beat. */
async function rawFetch(url: string): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: K }, async () => {
      while (next < N) {
        const { appId, secret } = benchAccount(next++);
        const response = await fetch(`${url}/cgi-bin/stable_token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ grant_type: 'client_credential', appid: appId, secret, force_refresh: false }),
        });
        const body = (await response.json()) as { access_token?: string };
        if (!body.access_token) throw new Error(`raw fetch failed: ${JSON.stringify(body)}`);
      }
    }),
  );
  return performance.now() - started;
}

function run(args: string[], env: NodeJS.ProcessEnv, input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['pipe', 'ignore', 'inherit'] });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tokendesk ${args.join(' ')} → ${code}`))));
    child.stdin!.end(input);
  });
}

/**
 * Starts a host process and waits until it holds a valid token for every account, as a window learns it: over the data
 * dir's socket, one `accounts:list`, then the pushed `accounts:updated` batches (applied in the order they arrive, the
 * order the host sent them). Polling the whole list instead made the host build and send 1,000 views four times a
 * second while it was starting; a re-list every two seconds remains as a safety net.
 */
async function untilAllHeld(
  command: string[],
  env: NodeJS.ProcessEnv,
  dataDir: string,
): Promise<{ ms: number; child: ChildProcess }> {
  const started = performance.now();
  const child = spawn(process.execPath, command, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (;;) {
    const socket = await connectToRefresher(dataDir, 500);
    const remote = socket ? await RemoteCore.over(socket) : undefined;
    if (remote) {
      try {
        const expiries = new Map<string, number>();
        let allHeldAt: number | undefined;
        const apply = (views: AccountView[]) => {
          for (const view of views) expiries.set(view.id, view.token?.expiresAt ?? 0);
          const now = Date.now();
          if (expiries.size === N && [...expiries.values()].every((expiresAt) => expiresAt > now))
            allHeldAt ??= performance.now();
        };
        remote.events.on('accountsUpdated', apply);
        while (allHeldAt === undefined) {
          apply((await remote.handlers.listAccounts()) as AccountView[]);
          for (let waited = 0; allHeldAt === undefined && waited < 2000; waited += 20)
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return { ms: allHeldAt - started, child };
      } finally {
        remote.close();
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** User + system CPU of a process in ms (Linux /proc; clock ticks are 100 Hz there). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const keychain = uniqueKeychainNamespace('cold-start');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-cold-'));
const fake = await startFake();
const env = {
  ...process.env,
  TOKENDESK_HOME: dataDir,
  TOKENDESK_API_BASE: fake.url,
  TOKENDESK_KEYCHAIN_SERVICE: keychain.prefix,
};
let failed = false;
try {
  console.log(
    `cold start: ${N} accounts, concurrency ${K}, ${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)}`,
  );
  const csv = ['label,kind,app_id,env,mode,secret']
    .concat(
      Array.from(
        { length: N },
        (_, i) => `bench-${i},officialAccount,${benchAccount(i).appId},test,stable,${benchAccount(i).secret}`,
      ),
    )
    .join('\n');
  let started = performance.now();
  await run(['accounts', 'import', '-'], env, csv);
  console.log(
    `  setup: import with ${N} secrets into the keychain took ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const raw = await rawFetch(fake.url);
  console.log(`  raw concurrent fetch of ${N} tokens: ${(raw / 1000).toFixed(2)} s`);

  const before = await fake.calls();
  const serve = await untilAllHeld([cli, 'serve', '--port', '0'], env, dataDir);
  const serveRatio = serve.ms / raw;
  console.log(
    `  P7 serve until every token is held: ${(serve.ms / 1000).toFixed(2)} s = ${serveRatio.toFixed(2)}× raw (goal ≤ 3×) ${serveRatio <= 3 ? 'met' : 'MISSED'}`,
  );
  console.log(`     upstream token calls: ${(await fake.calls()) - before}`);
  failed ||= serveRatio > 3;

  // P5: the same refresher, idle with every token valid (after the start's history and token writes settle).
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const idleCalls = await fake.calls();
  const cpuBefore = cpuMs(serve.child.pid!);
  started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
  const cpuShare = (cpuMs(serve.child.pid!) - cpuBefore) / (performance.now() - started);
  const calls = (await fake.calls()) - idleCalls;
  console.log(
    `  P5 idle ${IDLE_SECONDS} s with ${N} valid tokens: ${calls} upstream calls, ${(cpuShare * 100).toFixed(2)} % of a core (goals 0 and < 1 %) ${calls === 0 && cpuShare < 0.01 ? 'met' : 'MISSED'}`,
  );
  failed ||= calls !== 0 || cpuShare >= 0.01;
  await stop(serve.child);

  // The preview, cold as well: no cached tokens.
  fs.rmSync(path.join(dataDir, 'tokens.enc'), { force: true });
  const previewRun = await untilAllHeld([preview, '--data-dir', dataDir], env, dataDir);
  const previewRatio = previewRun.ms / raw;
  console.log(
    `  P7 preview until every token is held: ${(previewRun.ms / 1000).toFixed(2)} s = ${previewRatio.toFixed(2)}× raw (goal ≤ 3×) ${previewRatio <= 3 ? 'met' : 'MISSED'}`,
  );
  failed ||= previewRatio > 3;
  await stop(previewRun.child);
} finally {
  fake.stop();
  await keychain.cleanUp();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
