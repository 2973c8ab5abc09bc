import fs from 'node:fs';
import path from 'node:path';
import { AccountService } from '../../../electron/core/accounts/account-service';
import type { AccountInput } from '../../../electron/core/accounts/account-schema';
import { BlockStore } from '../../../electron/core/engine/block-store';
import { RefreshScheduler } from '../../../electron/core/engine/refresh-scheduler';
import { type EnginePolicy, type EngineEvents, TokenEngine } from '../../../electron/core/engine/token-engine';
import { History } from '../../../electron/core/history/history';
import { openNodeStore } from '../../../electron/core/store/node-store';
import { WeChatClient } from '../../../electron/core/wechat/client';
import type { AccountKind } from '../../../electron/core/wechat/types';
import { startFakeWeChat, type FakeWeChat, type FakeWeChatOptions } from '../../fake-wechat/server';
import { FakeClock } from '../../support/fake-clock';
import { MemoryVault } from '../../support/memory-vault';

/** The canary AppSecret prefix: every secret in engine tests starts with it, and none may ever leak. */
export const CANARY = 'cafebabe';
/** 2026-11-26 00:00:00 Beijing time: a WeChat day starts here. */
export const DAY_START = Date.UTC(2026, 10, 25, 16, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

let serial = 0;

export interface WorldAccount {
  label: string;
  kind?: AccountKind;
  input?: Partial<AccountInput>;
}

export interface CreatedAccount {
  id: string;
  appId: string;
  secret: string;
}

type EventName = 'stateChanged' | 'tokenChanged' | 'exchange';
type Recorded = { [K in EventName]: { name: K; at: number; payload: EngineEvents[K] } }[EventName];

/**
 * The engine as the app builds it — real AccountService over a real settings file, real History files, the real
 * blocks file, the real WeChatClient over HTTP — against the fake WeChat server, with one fake clock shared by the
 * server and the engine. Only the keychain is an in-memory Vault (the real one is covered by test/core/vault).
 */
export class EngineWorld {
  readonly events: Recorded[] = [];
  private readonly others: TokenEngine[] = [];
  engine!: TokenEngine;
  scheduler!: RefreshScheduler;
  history!: History;
  accounts!: AccountService;
  client!: WeChatClient;

  private constructor(
    readonly clock: FakeClock,
    readonly fake: FakeWeChat,
    readonly dataDir: string,
    readonly vault: MemoryVault,
    private readonly engineOptions: { policy?: Partial<EnginePolicy>; random?: () => number; timeoutMs?: number },
  ) {}

  static async create(
    dataDir: string,
    options: {
      start?: number;
      fake?: FakeWeChatOptions;
      policy?: Partial<EnginePolicy>;
      random?: () => number;
      timeoutMs?: number;
      /** How far WeChat's clock (its `Date` header, its token lives) runs ahead of the engine's. */
      serverClockAheadMs?: number;
    } = {},
  ): Promise<EngineWorld> {
    const clock = new FakeClock(options.start ?? DAY_START);
    const ahead = options.serverClockAheadMs ?? 0;
    const fake = await startFakeWeChat({ ...options.fake, now: () => clock.now() + ahead });
    const world = new EngineWorld(clock, fake, dataDir, new MemoryVault(), options);
    world.build();
    return world;
  }

  /** (Re)builds services and engine over the same files and vault, as a restarted app would. */
  build(): void {
    const { store } = openNodeStore(this.dataDir);
    this.accounts = new AccountService({ store, vault: this.vault, now: this.clock.now });
    this.history = new History({ dir: path.join(this.dataDir, 'history') });
    this.client = new WeChatClient({
      apiBase: this.fake.url,
      wecomApiBase: this.fake.url,
      now: this.clock.now,
      timeoutMs: this.engineOptions.timeoutMs,
    });
    this.engine = new TokenEngine({
      client: this.client,
      accounts: this.accounts,
      vault: this.vault,
      history: this.history,
      blocks: BlockStore.inDataDir(this.dataDir),
      clock: this.clock,
      random: this.engineOptions.random ?? (() => 0.5),
      policy: this.engineOptions.policy,
    });
    this.scheduler = new RefreshScheduler({ engine: this.engine, clock: this.clock });
    for (const name of ['stateChanged', 'tokenChanged', 'exchange'] as const) {
      this.engine.events.on(name, (payload) => this.events.push({ name, at: this.clock.now(), payload } as Recorded));
    }
  }

  /**
   * Another process on the same data dir, keychain and WeChat (a CLI run, a restarted `serve`): its own settings
   * reader, history and engine — nothing shared in memory with this world's — and no scheduler.
   */
  async otherProcess(): Promise<TokenEngine> {
    const { store } = openNodeStore(this.dataDir);
    const engine = new TokenEngine({
      client: this.client,
      accounts: new AccountService({ store, vault: this.vault, now: this.clock.now }),
      vault: this.vault,
      history: new History({ dir: path.join(this.dataDir, 'history') }),
      blocks: BlockStore.inDataDir(this.dataDir),
      clock: this.clock,
      random: () => 0.5,
      policy: this.engineOptions.policy,
    });
    await engine.load();
    this.others.push(engine);
    return engine;
  }

  /** As the refresher starts: cached tokens loaded, then background refresh. */
  async start(): Promise<void> {
    await this.engine.load();
    await this.scheduler.start();
  }

  /** As the process quits: timers stopped, accounts no longer followed. */
  stop(): void {
    this.scheduler.dispose();
    this.engine.dispose();
  }

  /** Adds an account to the fake and to TokenDesk (secret in the vault). */
  async addAccount(spec: WorldAccount): Promise<CreatedAccount> {
    serial += 1;
    const kind = spec.kind ?? 'officialAccount';
    const hex = serial.toString(16).padStart(16, '0');
    const appId = `${kind === 'wecom' ? 'ww' : 'wx'}${hex}`;
    const secret = kind === 'wecom' ? `${CANARY}${'w'.repeat(27)}${hex}` : `${CANARY}${hex}${'0'.repeat(8)}`;
    this.fake.addAccount({ appId, secret, kind });
    const saved = await this.accounts.add(
      { label: spec.label, kind, appId, environment: 'staging', ...spec.input },
      secret,
    );
    if (!saved.ok) throw new Error(`addAccount: ${JSON.stringify(saved.problems)}`);
    return { id: saved.account.id, appId, secret };
  }

  /** Moves the shared clock, firing the engine's timers and letting every upstream call finish. */
  advance(ms: number): Promise<void> {
    return this.clock.advance(ms, () => this.engine.settled());
  }

  /** Token calls the fake received for an AppID (all token endpoints). */
  tokenCalls(appId?: string): number {
    return (['classic-token', 'stable-token', 'stable-token-force', 'wecom-token'] as const).reduce(
      (sum, endpoint) => sum + this.fake.calls(endpoint, appId),
      0,
    );
  }

  statuses(accountId: string): string[] {
    return this.events.flatMap((event) =>
      event.name === 'stateChanged' && event.payload.accountId === accountId ? [event.payload.state.status] : [],
    );
  }

  /** Everything a secret could leak into: the settings file, the history files, every event, the states. */
  async everythingPersistedOrEmitted(): Promise<string> {
    await this.engine.settled();
    await this.history.flush();
    const historyDir = path.join(this.dataDir, 'history');
    const files = fs.existsSync(historyDir)
      ? fs.readdirSync(historyDir).map((name) => fs.readFileSync(path.join(historyDir, name), 'utf8'))
      : [];
    const states = this.accounts.list().map((account) => this.engine.getState(account.id));
    return [
      fs.readFileSync(path.join(this.dataDir, 'config.json'), 'utf8'),
      ...files,
      JSON.stringify(this.events),
      JSON.stringify(states),
    ].join('\n');
  }

  async close(): Promise<void> {
    this.stop();
    for (const other of this.others) {
      other.dispose();
      await other.settled();
    }
    await this.engine.settled();
    await this.history.flush();
    await this.fake.close();
  }
}
