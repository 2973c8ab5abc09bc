import type { AccountService } from '../accounts/account-service';
import type { TokenEngine } from '../engine/token-engine';
import type { History } from '../history/history';
import type { CoreMessage } from '../i18n/core-messages';
import type { FollowedAccounts } from '../team/followed-accounts';
import { withFollowedTokens } from '../team/followed-token-source';
import type { Vault } from '../vault/vault';
import { createEngineTokenSource, type EngineTokenSource } from './engine-token-source';
import { EndpointPortInUseError, startLocalEndpoint, type LocalEndpoint } from './local-endpoint';
import { ensureEndpointKey, rotateEndpointKey } from './local-key';
import type { EndpointStatus } from '../contract/views';
import { EndpointRequestLog } from './request-log';
import type { EndpointRequestRecord } from './token-source';

export interface EndpointControllerOptions {
  engine: TokenEngine;
  accounts: AccountService;
  /** Team mode: followed accounts are served from their team store (never fetched). */
  followed?: FollowedAccounts;
  vault: Vault;
  /** Where every request is logged (redacted), in the endpoint's own log. */
  history: History;
  /** `serve`: requests are also reported here (it logs them to stderr), alike ones folded as in the history. */
  onRequest?: (record: EndpointRequestRecord) => void;
  /** Called whenever the status changes (the UI pushes it). */
  onChange: (status: EndpointStatus) => void;
}

/** How many of the logged requests the Settings panel shows. */
const RECENT_REQUESTS = 100;

/**
 * Runs the local endpoint in the refresher (the host only builds a core there, so no follower ever serves tokens it
 * does not refresh): starts and stops it as Settings says, and keeps the last requests for the Settings panel. The
 * endpoint itself is startLocalEndpoint's; this only manages its life.
 */
export class EndpointController {
  private endpoint?: LocalEndpoint;
  private source?: EngineTokenSource;
  private desired = { enabled: false, port: 0 };
  private problem?: CoreMessage;
  /** Applies run one after another: a toggle clicked twice must not start two servers. */
  private queue: Promise<void> = Promise.resolve();
  private readonly requestLog: EndpointRequestLog;

  constructor(private readonly options: EndpointControllerOptions) {
    this.requestLog = new EndpointRequestLog({
      write: (record) => {
        options.history.recordEndpointRequest(record);
        options.onRequest?.(record);
      },
    });
  }

  apply(settings: { enabled: boolean; port: number }): Promise<void> {
    return this.enqueue(() => this.reconcile(settings));
  }

  status(): EndpointStatus {
    return {
      enabled: this.desired.enabled,
      port: this.endpoint?.port ?? this.desired.port,
      listening: Boolean(this.endpoint),
      addresses: this.endpoint?.addresses ?? [],
      ...(this.problem ? { problem: this.problem } : {}),
      recentRequests: [...this.requestLog.pending(), ...this.options.history.endpointRequests(RECENT_REQUESTS)].slice(
        0,
        RECENT_REQUESTS,
      ),
    };
  }

  /** The key callers present (made on first use); it lives in the keychain. */
  key(): Promise<string> {
    return ensureEndpointKey(this.options.vault);
  }

  /** A new key: callers holding the old one get 401 from now on. */
  async rotateKey(): Promise<string> {
    const key = await rotateEndpointKey(this.options.vault);
    this.source?.setLocalKey(key);
    return key;
  }

  dispose(): Promise<void> {
    return this.enqueue(() => this.stopEndpoint());
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task, task);
    return this.queue;
  }

  private async reconcile(settings: { enabled: boolean; port: number }): Promise<void> {
    const unchanged = settings.enabled === this.desired.enabled && settings.port === this.desired.port;
    this.desired = { ...settings };
    if (unchanged && Boolean(this.endpoint) === settings.enabled) return;
    await this.stopEndpoint();
    if (settings.enabled) await this.startEndpoint(settings.port);
    else this.problem = undefined;
    this.options.onChange(this.status());
  }

  private async startEndpoint(port: number): Promise<void> {
    try {
      const localKey = await this.key();
      const engineSource = createEngineTokenSource({
        engine: this.options.engine,
        accounts: this.options.accounts,
        vault: this.options.vault,
        localKey,
        recordRequest: (record) => this.requestLog.add(record),
      });
      this.source = this.options.followed ? withFollowedTokens(engineSource, this.options.followed) : engineSource;
      this.endpoint = await startLocalEndpoint({ source: this.source, port });
      this.problem = undefined;
    } catch (error) {
      this.problem =
        error instanceof EndpointPortInUseError
          ? { code: 'endpoint-port-in-use', params: { port: error.port, address: error.address } }
          : { code: 'endpoint-failed', params: { detail: (error as Error).message } };
    }
  }

  private async stopEndpoint(): Promise<void> {
    if (!this.endpoint) return;
    await this.endpoint.close();
    this.requestLog.flush();
    this.endpoint = undefined;
    this.source = undefined;
  }
}
