import type { AccountService } from '../accounts/account-service';
import type { TokenEngine } from '../engine/token-engine';
import type { History } from '../history/history';
import { RefresherBusyError, type RefresherClaim, type RefresherLock } from '../refresher/refresher-lock';
import type { Vault } from '../vault/vault';
import { createEngineTokenSource, type EngineTokenSource } from './engine-token-source';
import { EndpointPortInUseError, startLocalEndpoint, type LocalEndpoint } from './local-endpoint';
import { ensureEndpointKey, rotateEndpointKey } from './local-key';
import type { EndpointStatus } from '../contract/views';

export interface EndpointControllerOptions {
  engine: TokenEngine;
  accounts: AccountService;
  vault: Vault;
  /** Where every request is logged (redacted), in the endpoint's own log. */
  history: History;
  refresher: RefresherLock;
  /** Called whenever the status changes (the UI pushes it). */
  onChange: (status: EndpointStatus) => void;
}

/** How many of the logged requests the Settings panel shows. */
const RECENT_REQUESTS = 100;

/**
 * Runs the local endpoint for the app and the preview: claims the refresher role for the data dir at start (so the
 * CLI asks us instead of fetching behind our back), starts and stops the endpoint as Settings says, and keeps the
 * last requests for the Settings panel. The endpoint itself is startLocalEndpoint's; this only manages its life.
 */
export class EndpointController {
  private claim?: RefresherClaim;
  private endpoint?: LocalEndpoint;
  private source?: EngineTokenSource;
  private desired = { enabled: false, port: 0 };
  private problem?: string;
  /** Applies run one after another: a toggle clicked twice must not start two servers. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: EndpointControllerOptions) {}

  /** Claims the refresher role, then applies the settings. Another refresher running (`tokendesk serve`) is reported, not thrown. */
  start(settings: { enabled: boolean; port: number }): Promise<void> {
    return this.enqueue(async () => {
      try {
        this.claim = await this.options.refresher.claim('app', null);
      } catch (error) {
        if (!(error instanceof RefresherBusyError)) throw error;
        this.problem = `${error.message} Stop it to let TokenDesk serve the endpoint.`;
      }
      await this.reconcile(settings);
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
      recentRequests: this.options.history.endpointRequests(RECENT_REQUESTS),
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
    return this.enqueue(async () => {
      await this.stopEndpoint();
      await this.claim?.release();
      this.claim = undefined;
    });
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
    // Without the refresher role (another refresher runs) `problem` already says why nothing listens.
    if (settings.enabled && this.claim) await this.startEndpoint(settings.port);
    else if (this.claim) this.problem = undefined;
    this.options.onChange(this.status());
  }

  private async startEndpoint(port: number): Promise<void> {
    try {
      const localKey = await this.key();
      this.source = createEngineTokenSource({
        engine: this.options.engine,
        accounts: this.options.accounts,
        vault: this.options.vault,
        localKey,
        recordRequest: (record) => this.options.history.recordEndpointRequest(record),
      });
      this.endpoint = await startLocalEndpoint({ source: this.source, port });
      await this.claim?.setPort(this.endpoint.port);
      this.problem = undefined;
    } catch (error) {
      this.problem =
        error instanceof EndpointPortInUseError
          ? error.message
          : `The local endpoint could not start: ${(error as Error).message}`;
    }
  }

  private async stopEndpoint(): Promise<void> {
    if (!this.endpoint) return;
    await this.endpoint.close();
    this.endpoint = undefined;
    this.source = undefined;
    await this.claim?.setPort(null);
  }
}
