import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { ensurePrivateDir } from '../store/private-files';

/**
 * "One refresher per data dir", held by the operating system: the refresher is whoever listens on the data dir's
 * local socket (a Unix domain socket in the data dir; a named pipe on Windows). A process that dies stops listening
 * at once — nothing like a pid/port record can outlive it and send a later caller to a stranger. On Unix the socket
 * file itself stays behind after a crash; a claim finds it refusing connections and replaces it, under a short mutex
 * so two claimants never both replace it.
 *
 * Only the same OS user can connect: the data dir is 0700 and the socket 0600.
 */

/** Unix socket paths are limited to ~107 bytes (sun_path); a deeper data dir gets its socket in a private run dir. */
const MAX_SOCKET_PATH = 100;

export function refresherSocketPath(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  const resolved = path.resolve(dataDir);
  const digest = createHash('sha256').update(resolved).digest('hex').slice(0, 24);
  if (platform === 'win32') return `\\\\.\\pipe\\tokendesk-${digest}`;
  const inDataDir = path.join(resolved, 'refresher.sock');
  if (Buffer.byteLength(inDataDir) <= MAX_SOCKET_PATH) return inDataDir;
  const runDir = path.join(process.env.XDG_RUNTIME_DIR || os.tmpdir(), `tokendesk-${os.userInfo().uid}`);
  return path.join(runDir, `${digest}.sock`);
}

export type ClaimResult = { claimed: true; server: net.Server } | { claimed: false };

/**
 * Tries to become the refresher: listens on the socket, replacing a dead one's leftover file. `{ claimed: false }`
 * when a live process listens there. The returned server has no connection handler yet: attach one before anything
 * connects matters little — connections queue until the caller handles them.
 */
export async function claimRefresherSocket(dataDir: string): Promise<ClaimResult> {
  ensurePrivateDir(dataDir);
  const socketPath = refresherSocketPath(dataDir);
  if (process.platform !== 'win32') ensurePrivateDir(path.dirname(socketPath));
  return underClaimMutex(dataDir, async () => {
    const first = await listen(socketPath);
    if (first.server) return { claimed: true, server: privateSocket(first.server, socketPath) };
    if (first.code !== 'EADDRINUSE') throw first.error;
    if (await somebodyListens(socketPath)) return { claimed: false };
    // A crashed refresher's socket file: nobody accepts on it. Replace it (still under the mutex).
    fs.rmSync(socketPath, { force: true });
    const second = await listen(socketPath);
    if (second.server) return { claimed: true, server: privateSocket(second.server, socketPath) };
    if (second.code === 'EADDRINUSE') return { claimed: false };
    throw second.error;
  });
}

/** Connects to the refresher; undefined when nobody listens (no refresher runs). */
export function connectToRefresher(dataDir: string, timeoutMs = 2_000): Promise<net.Socket | undefined> {
  const socketPath = refresherSocketPath(dataDir);
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(undefined);
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
}

/**
 * Stops listening (on Unix the socket file goes too: Node unlinks it on close) and runs `finish` — the core's last
 * writes — before anyone can claim the role: claimants wait on the same mutex, so the next refresher reads the
 * history and tokens this one wrote last.
 */
export async function releaseRefresherSocket(
  server: net.Server,
  dataDir: string,
  finish: () => Promise<void> = async () => undefined,
): Promise<void> {
  await underClaimMutex(dataDir, async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Open connections would keep `close` waiting, and would keep talking to a core that is going away.
    server.emit('tokendesk:drop-clients');
    await closed;
    await finish();
  });
}

function privateSocket(server: net.Server, socketPath: string): net.Server {
  // The data dir is already 0700; the mode on the socket file is the second lock on the door.
  if (process.platform !== 'win32') fs.chmodSync(socketPath, 0o600);
  return server;
}

type ListenOutcome = { server: net.Server } | { server?: undefined; code: string | undefined; error: Error };

function listen(socketPath: string): Promise<ListenOutcome> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve({ code: error.code, error }));
    server.listen(socketPath, () => {
      server.removeAllListeners('error');
      resolve({ server });
    });
  });
}

function somebodyListens(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/** The mutex only guards the stale-socket replacement; holding the role is the socket itself. */
async function underClaimMutex<T>(dataDir: string, action: () => Promise<T>): Promise<T> {
  const target = path.join(dataDir, 'refresher.claim');
  const release = await lockfile.lock(dataDir, {
    lockfilePath: target,
    realpath: false,
    stale: 10_000,
    update: 2_000,
    retries: { retries: 200, minTimeout: 20, maxTimeout: 100, factor: 1.5 },
  });
  try {
    return await action();
  } finally {
    await release();
  }
}
