import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Host, type HostOptions } from '../../../electron/core/host/host';
import {
  claimRefresherSocket,
  connectToRefresher,
  refresherSocketPath,
  releaseRefresherSocket,
} from '../../../electron/core/host/refresher-socket';
import { RemoteCore } from '../../../electron/core/host/socket-rpc';
import { openNodeStore } from '../../../electron/core/store/node-store';
import { MemoryVault } from '../../support/memory-vault';
import { useTempDirs } from '../../support/temp-dir';

/** Hosts in one test process, each as a separate TokenDesk would build it (its own store handle, same data dir). */
function hostOptions(dataDir: string, vault: MemoryVault, kind: HostOptions['kind']): HostOptions {
  return {
    kind,
    dataDir,
    store: openNodeStore(dataDir).store,
    vault,
    failoverPollMs: 50,
    appInfo: {
      name: 'TokenDesk',
      version: '0.0.0-test',
      runtime: 'preview',
      platform: process.platform,
      dataDir,
      locale: 'en',
    },
  };
}

describe('refresher socket', () => {
  const tempDir = useTempDirs();
  const servers: { server: net.Server; dataDir: string }[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(({ server, dataDir }) => releaseRefresherSocket(server, dataDir)));
  });

  it('gives the role to one claimant at a time, and again once it is released', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const first = await claimRefresherSocket(dataDir);
    expect(first.claimed).toBe(true);
    if (first.claimed) servers.push({ server: first.server, dataDir });
    expect((await claimRefresherSocket(dataDir)).claimed).toBe(false);
    const held = servers.pop()!;
    await releaseRefresherSocket(held.server, held.dataDir);
    expect(await connectToRefresher(dataDir)).toBeUndefined();
    const again = await claimRefresherSocket(dataDir);
    expect(again.claimed).toBe(true);
    if (again.claimed) servers.push({ server: again.server, dataDir });
  });

  it('two claims racing for a dead refresher’s leftover socket: exactly one wins', async () => {
    const dataDir = path.join(tempDir(), 'data');
    fs.mkdirSync(dataDir, { recursive: true });
    // A leftover file nobody listens on: what a refresher killed with SIGKILL leaves on Unix.
    const leftover = refresherSocketPath(dataDir);
    const holder = spawn(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(leftover)}, () => console.log('up'))`,
    ]);
    await new Promise((resolve) => holder.stdout.once('data', resolve));
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    expect(fs.existsSync(leftover)).toBe(true);
    const claims = await Promise.all([1, 2, 3].map(() => claimRefresherSocket(dataDir)));
    const winners = claims.filter((claim) => claim.claimed);
    expect(winners).toHaveLength(1);
    for (const claim of winners) if (claim.claimed) servers.push({ server: claim.server, dataDir });
  });

  it('keeps a deep data dir’s socket in a private run dir (Unix socket paths are short)', () => {
    const deep = path.join(tempDir(), 'x'.repeat(120));
    const socketPath = refresherSocketPath(deep, 'linux');
    expect(Buffer.byteLength(socketPath)).toBeLessThanOrEqual(107);
    expect(socketPath).not.toContain(deep);
    expect(refresherSocketPath(deep, 'win32')).toMatch(/^\\\\\.\\pipe\\tokendesk-[0-9a-f]{24}$/);
  });
});

describe('Host', () => {
  const tempDir = useTempDirs();
  const hosts: Host[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.dispose()));
  });

  async function started(options: HostOptions): Promise<Host> {
    const host = new Host(options);
    hosts.push(host);
    await host.start();
    return host;
  }

  it('the first host refreshes; the second follows it and sees the same accounts', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const vault = new MemoryVault();
    const refresher = await started(hostOptions(dataDir, vault, 'serve'));
    const follower = await started(hostOptions(dataDir, vault, 'preview'));
    expect(refresher.role).toBe('refresher');
    expect(follower.role).toBe('follower');
    expect(follower.refresher).toMatchObject({ kind: 'serve', pid: process.pid });
    expect(follower.localCore).toBeUndefined();

    const pushed = new Promise((resolve) => follower.events.on('accountsChanged', resolve));
    const saved = await follower.handlers.addAccount(
      {
        label: 'Shop',
        kind: 'officialAccount',
        appId: 'wx0123456789abcdef',
        environment: 'test',
        tokenMode: 'stable',
        autoRefresh: false,
        marginSeconds: null,
        apiBase: null,
        notes: '',
      },
      'a'.repeat(32),
    );
    expect(saved.ok).toBe(true);
    // Added through the follower, done by the refresher, pushed back to the follower.
    await pushed;
    expect((await refresher.handlers.listAccounts()).map((account) => account.label)).toEqual(['Shop']);
    expect((await follower.handlers.listAccounts())[0]?.secretSet).toBe(true);
  });

  it('arguments a follower passes on are checked by the refresher’s contract', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const vault = new MemoryVault();
    await started(hostOptions(dataDir, vault, 'serve'));
    const follower = await started(hostOptions(dataDir, vault, 'preview'));
    await expect(
      (follower.handlers.getToken as unknown as (id: unknown) => Promise<unknown>)({ not: 'an id' }),
    ).rejects.toThrow(/argument/);
  });

  it('a follower takes over when its refresher goes, and keeps its handlers and events', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const vault = new MemoryVault();
    const refresher = await started(hostOptions(dataDir, vault, 'serve'));
    const roles: string[] = [];
    const follower = await started({
      ...hostOptions(dataDir, vault, 'preview'),
      onRoleChange: (role) => roles.push(role),
    });
    const handlers = follower.handlers;
    const tookOver = new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (follower.role === 'refresher') {
          clearInterval(timer);
          resolve();
        }
      }, 10);
    });
    await refresher.dispose();
    await tookOver;
    expect(roles).toEqual(['follower', 'refresher']);
    expect(follower.handlers).toBe(handlers);
    expect(await follower.handlers.listAccounts()).toEqual([]);
    // And it is now the one a newcomer follows.
    const newcomer = await started(hostOptions(dataDir, vault, 'cli'));
    expect(newcomer.role).toBe('follower');
    expect(newcomer.refresher?.kind).toBe('preview');
  });

  it('a call cut off by its refresher stopping is asked again of whoever takes over', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const vault = new MemoryVault();
    const refresher = await started(hostOptions(dataDir, vault, 'cli'));
    const command = await started(hostOptions(dataDir, vault, 'cli'));
    expect(command.role).toBe('follower');
    // The refresher is slow to answer this one call, and finishes its own command meanwhile.
    const core = refresher.localCore!;
    const answer = core.handlers.getSettings;
    let asked!: () => void;
    const reached = new Promise<void>((resolve) => (asked = resolve));
    core.handlers.getSettings = () => {
      asked();
      return new Promise((resolve) => setTimeout(() => resolve(answer()), 1_000));
    };
    const settings = command.handlers.getSettings();
    await reached;
    await refresher.dispose();
    expect(await settings).toMatchObject({ endpointEnabled: false });
    expect(command.role).toBe('refresher');
  });

  it('the socket drops a client that sends something other than the contract', async () => {
    const dataDir = path.join(tempDir(), 'data');
    await started(hostOptions(dataDir, new MemoryVault(), 'serve'));
    const socket = await connectToRefresher(dataDir);
    const remote = await RemoteCore.over(socket!);
    expect(remote?.hello.kind).toBe('serve');
    socket!.write('{"type":"invoke","id":"x"}\n');
    await remote!.closed;
    expect(socket!.destroyed).toBe(true);
  });
});
