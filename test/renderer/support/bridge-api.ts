import type { TokenDeskApi } from '../../../electron/core/contract/api-types';
import { buildBridge } from '../../../electron/core/contract/bridge';

/**
 * A window.tokendesk built by the real bridge code over a transport that answers from `answers` (channel →
 * value). Component tests stand at the contract boundary; the core behind it has its own tests.
 */
export function bridgeApi(
  answers: Record<string, unknown>,
): TokenDeskApi & { calls: { channel: string; args: unknown[] }[] } {
  const calls: { channel: string; args: unknown[] }[] = [];
  const api = buildBridge({
    invoke: async (channel, args) => {
      calls.push({ channel, args });
      if (!(channel in answers)) return { ok: false, error: { code: 'unknown-method', params: { channel } } };
      return { ok: true, value: answers[channel] };
    },
    subscribe: () => () => {},
  });
  return Object.assign(api, { calls });
}
