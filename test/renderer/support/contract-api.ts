import type { Handlers, TokenDeskApi } from '../../../electron/core/contract/api-types';
import { buildBridge } from '../../../electron/core/contract/bridge';
import { dispatch } from '../../../electron/core/contract/dispatch';
import { invokes } from '../../../electron/core/contract/ipc-contract';

export interface ContractCall {
  channel: string;
  args: unknown[];
}

const answeredChannels = (handlers: Partial<Handlers>) =>
  new Set(Object.entries(invokes).flatMap(([method, entry]) => (method in handlers ? [entry.channel] : [])));

/**
 * A window.tokendesk built by the real bridge over the real dispatch: every call's arguments pass the contract's
 * schemas as they would in main, and a handler's UserError reaches the page as its code and params. The handlers given stand in
 * for the core (which has its own tests); a method without one answers unknown-method, so a test sees every call it
 * did not expect. `calls` lists what the page sent, in order; `internalErrors` what a handler threw that was not a
 * UserError (a test fixture's own bug).
 */
export function contractApi(
  handlers: Partial<Handlers>,
): TokenDeskApi & { calls: ContractCall[]; internalErrors: unknown[] } {
  const calls: ContractCall[] = [];
  const internalErrors: unknown[] = [];
  const answered = answeredChannels(handlers);
  const api = buildBridge({
    invoke: async (channel, args) => {
      calls.push({ channel, args });
      if (!answered.has(channel)) return { ok: false, error: { code: 'unknown-method', params: { channel } } };
      return dispatch(handlers as Handlers, channel, args, (_method, error) => internalErrors.push(error));
    },
    subscribe: () => () => {},
  });
  return Object.assign(api, { calls, internalErrors });
}

/** Calls to one channel, by their arguments. */
export function callsTo(api: { calls: ContractCall[] }, channel: string): unknown[][] {
  return api.calls.filter((call) => call.channel === channel).map((call) => call.args);
}
