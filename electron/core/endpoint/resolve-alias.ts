import type { EndpointAccount } from './token-source';

export type AliasMatch = { kind: 'found'; account: EndpointAccount } | { kind: 'none' } | { kind: 'ambiguous' };

/**
 * An alias is an account's label or its AppID (CorpID for WeCom). A label wins over an AppID; an AppID shared by
 * several accounts (the apps of one WeCom corp) is ambiguous and must be asked for by label.
 */
export function resolveAlias(accounts: readonly EndpointAccount[], alias: string): AliasMatch {
  const byLabel = accounts.find((account) => account.label === alias);
  if (byLabel) return { kind: 'found', account: byLabel };
  const byAppId = accounts.filter((account) => account.appId === alias);
  if (byAppId.length === 1) return { kind: 'found', account: byAppId[0]! };
  return byAppId.length === 0 ? { kind: 'none' } : { kind: 'ambiguous' };
}
