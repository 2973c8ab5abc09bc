import type net from 'node:net';
import type { Handlers } from '../contract/api-types';
import { events as contractEvents, invokes, type MethodName } from '../contract/ipc-contract';
import { TypedEmitter } from '../events/typed-emitter';
import { SettingsService } from '../settings/settings-service';
import { TokenDeskCore, type CoreEvents, type TokenDeskCoreOptions } from '../tokendesk-core';
import { claimRefresherSocket, connectToRefresher, releaseRefresherSocket } from './refresher-socket';
import { UserError } from '../user-error';
import { RemoteCore, serveContract, type Hello, type HostKind } from './socket-rpc';

export type HostRole = 'refresher' | 'follower';

export interface HostOptions extends TokenDeskCoreOptions {
  kind: HostKind;
  /** How often a follower whose refresher vanished tries to take over or reconnect (ms). Default 200. */
  failoverPollMs?: number;
  /** Called after every role change (the first one included), e.g. to tell the user who refreshes. */
  onRoleChange?: (role: HostRole, refresher: Omit<Hello, 'type' | 'protocol'>) => void;
}

/** The methods a follower answers itself: they are about this process and this screen, not about tokens. */
const LOCAL_METHODS = new Set<MethodName>(['getAppInfo', 'writeClipboard']);

/**
 * The one lifecycle every TokenDesk process runs: the app, the browser preview, `tokendesk serve` and each CLI
 * command. A host first claims the refresher role for its data dir (the local socket, see refresher-socket.ts) and
 * only then builds and starts a core — so no timer ever starts in a process that is not the refresher.
 *
 * - **Refresher**: runs the core (engine, scheduler, local endpoint) and serves the IPC contract on the socket.
 * - **Follower** (another process already refreshes): runs no core at all. Its `handlers` and `events` are the
 *   refresher's, reached over the socket, so its window shows the same tokens and every fetch happens in the
 *   refresher. When the refresher exits or dies the socket closes, and the follower claims the role itself (or
 *   follows whoever was faster) within a fraction of a second.
 * - **CLI** (`kind: 'cli'`): a follower if a refresher runs; otherwise it holds the role just for its command — a core
 *   without scheduler or endpoint — so two commands, or a command and a starting app, never fetch side by side.
 *
 * `handlers` and `events` stay the same objects across role changes: transports register them once.
 */
export class Host {
  readonly events = new TypedEmitter<CoreEvents>();
  readonly handlers: Handlers;
  /** The shared settings file, readable in any role (the shell asks it whether to notify, where to dock …). */
  readonly settings: SettingsService;
  private core?: TokenDeskCore;
  private remote?: RemoteCore;
  private server?: net.Server;
  private detachEvents: (() => void)[] = [];
  private currentRole: HostRole = 'follower';
  private refresherFacts?: Omit<Hello, 'type' | 'protocol'>;
  private readonly startedAt = Date.now();
  private disposed = false;
  private settling: Promise<void> = Promise.resolve();

  constructor(private readonly options: HostOptions) {
    this.settings = new SettingsService(options.store);
    const local = new TokenDeskCoreLocalHandlers(options);
    const handlers: Record<string, (...args: unknown[]) => unknown> = {};
    for (const method of Object.keys(invokes) as MethodName[]) {
      const call = (args: unknown[]) => {
        if (LOCAL_METHODS.has(method) && !this.core)
          return (local[method as keyof typeof local] as (...a: unknown[]) => unknown)(...args);
        const backend = this.core?.handlers ?? this.remote?.handlers;
        if (!backend) throw new Error(`The host is not started (${method}).`);
        return (backend[method] as (...a: unknown[]) => unknown)(...args);
      };
      handlers[method] = async (...args: unknown[]) => {
        try {
          return await call(args);
        } catch (error) {
          // The refresher stopped between our call and its answer (a CLI command that held the role just finished):
          // ask again once, of whoever took over — this process itself, or the next refresher.
          if (!(error instanceof UserError) || error.code !== 'refresher-gone' || this.disposed) throw error;
          await this.settled();
          return call(args);
        }
      };
    }
    this.handlers = handlers as unknown as Handlers;
  }

  get role(): HostRole {
    return this.currentRole;
  }

  /** Who refreshes for this data dir: this process, or the one this host follows. */
  get refresher(): Omit<Hello, 'type' | 'protocol'> | undefined {
    return this.refresherFacts;
  }

  /** The core, in the refresher role only (the shell reads settings and services from it). */
  get localCore(): TokenDeskCore | undefined {
    return this.core;
  }

  /** Becomes the refresher or a follower; a follower keeps watching for its refresher to go. */
  async start(): Promise<void> {
    await this.settle();
  }

  /** The machine woke from sleep: the refresher re-checks its deadlines. */
  resume(): void {
    this.core?.resume();
  }

  /** Gives up the role (a follower takes over) and stops everything; safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.settling.catch(() => undefined);
    this.detach();
    this.remote?.close();
    this.remote = undefined;
    // Followers are dropped and the role given up only after the core's last writes (see releaseRefresherSocket), so
    // whoever takes over reads them.
    const core = this.core;
    if (this.server) await releaseRefresherSocket(this.server, this.options.dataDir, async () => core?.dispose());
    else await core?.dispose();
    this.server = undefined;
    this.core = undefined;
  }

  /** Resolves once this host refreshes or follows someone again (after a failover). */
  private async settled(): Promise<void> {
    while (!this.disposed && !this.core && !this.remote) {
      await this.settling.catch(() => undefined);
      if (!this.core && !this.remote) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** One attempt after another until this host refreshes or follows someone (or is disposed). */
  private settle(): Promise<void> {
    this.settling = this.settling.then(async () => {
      const pollMs = this.options.failoverPollMs ?? 200;
      while (!this.disposed) {
        const claim = await claimRefresherSocket(this.options.dataDir);
        if (claim.claimed) return this.becomeRefresher(claim.server);
        const socket = await connectToRefresher(this.options.dataDir);
        const remote = socket ? await RemoteCore.over(socket) : undefined;
        if (remote) return this.becomeFollower(remote);
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    });
    return this.settling;
  }

  /**
   * The refresher went away. Taking over must not give up on a passing problem (the claim's mutex busy past its
   * wait, a data dir on a slow disk): keep trying, as a follower with no refresher can do nothing else.
   */
  private async failOver(): Promise<void> {
    while (!this.disposed) {
      try {
        return await this.settle();
      } catch (error) {
        console.error('[tokendesk] taking over as the refresher failed; trying again:', error);
        this.settling = Promise.resolve();
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  private async becomeRefresher(server: net.Server): Promise<void> {
    // Disposed while the claim was under way (a window closed during failover): give the role straight back.
    if (this.disposed) return releaseRefresherSocket(server, this.options.dataDir);
    this.detach();
    this.server = server;
    const core = new TokenDeskCore(this.options);
    const endpointPort = () => {
      const status = core.endpoint.status();
      return status.listening ? status.port : null;
    };
    this.refresherFacts = { pid: process.pid, kind: this.options.kind, startedAt: this.startedAt, endpointPort: null };
    // Answer on the socket at once; calls that come before the core's start wait in dispatch for its handlers.
    serveContract(server, core, () => ({
      ...this.refresherFacts!,
      endpointPort: endpointPort(),
    }));
    this.core = core;
    await core.start({
      schedule: this.options.kind !== 'cli',
      endpoint: this.options.kind !== 'cli',
      watchStore: this.options.kind !== 'cli',
    });
    this.forward(core.events);
    this.setRole('refresher');
    if (this.options.kind !== 'cli') this.announceEverything();
  }

  private becomeFollower(remote: RemoteCore): void {
    if (this.disposed) return remote.close();
    this.detach();
    this.remote = remote;
    this.refresherFacts = factsOf(remote.hello);
    this.forward(remote.events);
    this.setRole('follower');
    // A CLI command has no window to redraw.
    if (this.options.kind !== 'cli') this.announceEverything();
    void remote.closed.then(() => {
      if (this.disposed || this.remote !== remote) return;
      this.remote = undefined;
      void this.failOver();
    });
  }

  private forward(source: TypedEmitter<CoreEvents>): void {
    this.detachEvents = (Object.keys(contractEvents) as (keyof CoreEvents & string)[]).map((name) =>
      source.on(name, (payload) => this.events.emit(name, payload as never)),
    );
  }

  private detach(): void {
    this.detachEvents.splice(0).forEach((off) => off());
  }

  private setRole(role: HostRole): void {
    this.currentRole = role;
    this.options.onRoleChange?.(role, this.refresherFacts!);
  }

  /** After a role change the window's data may be stale: push fresh lists so every screen redraws. */
  private announceEverything(): void {
    void Promise.all([
      this.handlers.listAccounts(),
      this.handlers.getSettings(),
      this.handlers.getEndpointStatus(),
    ]).then(
      ([accounts, settings, endpoint]) => {
        this.events.emit('accountsChanged', accounts);
        this.events.emit('settingsChanged', settings);
        this.events.emit('endpointChanged', endpoint);
      },
      () => undefined,
    );
  }
}

/** What a follower answers from its own process. */
class TokenDeskCoreLocalHandlers implements Pick<Handlers, 'getAppInfo' | 'writeClipboard'> {
  constructor(private readonly options: HostOptions) {}

  getAppInfo = () => this.options.appInfo;

  writeClipboard = (text: string) => {
    if (!this.options.clipboard) return { written: false };
    this.options.clipboard.writeText(text);
    return { written: true };
  };
}

/** Builds a host and starts it (claims or follows). */
export async function createHost(options: HostOptions): Promise<Host> {
  const host = new Host(options);
  await host.start();
  return host;
}

/**
 * Asks the running refresher something over the socket without taking any role (a read-only look, such as
 * `accounts list` showing the live health); undefined when no refresher runs.
 */
export async function askRefresher<T>(
  dataDir: string,
  ask: (remote: RemoteCore) => Promise<T>,
): Promise<T | undefined> {
  const socket = await connectToRefresher(dataDir);
  const remote = socket ? await RemoteCore.over(socket) : undefined;
  if (!remote) return undefined;
  try {
    return await ask(remote);
  } finally {
    remote.close();
  }
}

/** Who refreshes for this data dir right now, without taking any role; undefined when nobody does. */
export function whoRefreshes(dataDir: string): Promise<Omit<Hello, 'type' | 'protocol'> | undefined> {
  return askRefresher(dataDir, async (remote) => factsOf(remote.hello));
}

/** What a hello says about the refresher, without the wire's own fields. */
function factsOf(hello: Hello): Omit<Hello, 'type' | 'protocol'> {
  const { type: _type, protocol: _protocol, ...facts } = hello;
  return facts;
}
