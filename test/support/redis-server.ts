import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

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
  /** TLS only (no plain port), with a fresh self-signed certificate for 127.0.0.1 that no client trusts. */
  tls?: boolean;
}

export interface RunningRedis {
  port: number;
  /** `redis://127.0.0.1:port` (`rediss://` with `tls`), no credentials. */
  url: string;
  stop(): Promise<void>;
}

const REDIS_SERVER = process.env.TOKENDESK_REDIS_SERVER ?? '/usr/bin/redis-server';

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RunningRedis> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-redis-'));
  const port = await freePort();
  const args = [
    ...(options.tls ? ['--port', '0', '--tls-port', String(port), ...selfSignedTls(dir)] : ['--port', String(port)]),
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
    await waitUntilListening(child, port, () => output, options.tls ?? false);
  } catch (error) {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    url: `${options.tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`,
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
async function waitUntilListening(
  child: ChildProcess,
  port: number,
  output: () => string,
  tls: boolean,
): Promise<void> {
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `redis-server exited (${code ?? signal}): ${output()}`));
  for (let attempt = 0; attempt < 200; attempt++) {
    if (exited) throw new Error(exited);
    if (await answersPing(port, tls)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server did not start on port ${port}: ${output()}`);
}

function answersPing(port: number, secure: boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = secure
      ? tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false })
      : net.connect(port, '127.0.0.1');
    socket.once('error', () => resolve(false));
    socket.once(secure ? 'secureConnect' : 'connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(/^(\+PONG|-NOAUTH)/.test(data.toString()));
    });
  });
}

/** A self-signed certificate for 127.0.0.1 (openssl, as an admin would make one), as redis-server TLS arguments. */
function selfSignedTls(dir: string): string[] {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return ['--tls-cert-file', cert, '--tls-key-file', key, '--tls-ca-cert-file', cert, '--tls-auth-clients', 'no'];
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
