import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A real `redis-server` (Debian's package) for tests: its own free 127.0.0.1 port, its own temp dir, no persistence.
 * Tests talk to it over real TCP with the same client the app uses, so they exercise real replies, TTLs, AUTH, ACL
 * users and keyspace notifications instead of a fake.
 */
export interface RedisServerOptions {
  /** `--requirepass`: the default user's password. */
  password?: string;
  /** ACL users, e.g. `{ name: 'desk', password: 'pw', rules: '~* +@all' }`. */
  users?: { name: string; password: string; rules?: string }[];
  /** `notify-keyspace-events`, e.g. `'K$gx'`; off (Redis's default) when absent. */
  keyspaceEvents?: string;
}

export interface RunningRedis {
  port: number;
  /** `redis://127.0.0.1:port` (no credentials). */
  url: string;
  stop(): Promise<void>;
}

const REDIS_SERVER = process.env.TOKENDESK_REDIS_SERVER ?? '/usr/bin/redis-server';

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RunningRedis> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-redis-'));
  const port = await freePort();
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'no',
    '--loglevel',
    'warning',
  ];
  if (options.password) args.push('--requirepass', options.password);
  if (options.keyspaceEvents) args.push('--notify-keyspace-events', options.keyspaceEvents);
  for (const user of options.users ?? []) {
    // On the command line a config directive's words are separate arguments.
    args.push('--user', user.name, 'on', `>${user.password}`, ...(user.rules ?? '~* &* +@all').split(' '));
  }
  const child = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    await waitUntilListening(child, port, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      await stopChild(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the port accepts a connection that answers PING (with or without AUTH: NOAUTH also proves it is up). */
async function waitUntilListening(child: ChildProcess, port: number, output: () => string): Promise<void> {
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `redis-server exited (${code ?? signal}): ${output()}`));
  for (let attempt = 0; attempt < 200; attempt++) {
    if (exited) throw new Error(exited);
    if (await answersPing(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server did not start on port ${port}: ${output()}`);
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('error', () => resolve(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(/^(\+PONG|-NOAUTH)/.test(data.toString()));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
