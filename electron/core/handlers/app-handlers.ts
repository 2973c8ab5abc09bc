import type { Handlers } from '../contract/api-types';
import type { AppInfo } from '../contract/ipc-contract';
import type { EndpointController } from '../endpoint/endpoint-controller';
import type { SettingsService } from '../settings/settings-service';
import type { Settings } from '../store/store-schema';

export interface AppHandlerDeps {
  appInfo: AppInfo;
  clipboard?: { writeText(text: string): void };
  settings: SettingsService;
  endpoint: EndpointController;
  /** A settings change: pushed to every window and applied to the endpoint. */
  settingsChanged(next: Settings): Promise<void>;
}

/** The app itself: its facts, settings, the local endpoint and the clipboard. */
export function appHandlers(
  deps: AppHandlerDeps,
): Pick<
  Handlers,
  | 'getAppInfo'
  | 'getSettings'
  | 'setSettings'
  | 'getEndpointStatus'
  | 'revealEndpointKey'
  | 'rotateEndpointKey'
  | 'writeClipboard'
> {
  return {
    getAppInfo: () => deps.appInfo,
    getSettings: () => deps.settings.get(),
    setSettings: async (patch) => {
      const next = deps.settings.set(patch);
      await deps.settingsChanged(next);
      return next;
    },
    getEndpointStatus: () => deps.endpoint.status(),
    revealEndpointKey: () => deps.endpoint.key(),
    rotateEndpointKey: () => deps.endpoint.rotateKey(),
    writeClipboard: (text) => {
      if (!deps.clipboard) return { written: false };
      deps.clipboard.writeText(text);
      return { written: true };
    },
  };
}
