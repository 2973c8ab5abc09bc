import type { EndpointAccount } from './token-source';

export type AliasMatch = { kind: 'found'; account: EndpointAccount } | { kind: 'none' } | { kind: 'ambiguous' };

/**
 * An alias is an account's label or its AppID (CorpID for WeCom). A label wins over an AppID, and is matched without
 * regard to case when no label matches exactly (`Shop` finds "shop": people type labels from memory). An alias
 * several accounts answer to (two labels differing only in case; an AppID shared by the apps of one WeCom corp) is
 * ambiguous and must be asked for exactly.
 */
export function resolveAlias(accounts: readonly EndpointAccount[], alias: string): AliasMatch {
  const exact = accounts.find((account) => account.label === alias);
  if (exact) return { kind: 'found', account: exact };
  const folded = alias.toLowerCase();
  const byLabel = accounts.filter((account) => account.label.toLowerCase() === folded);
  if (byLabel.length > 1) return { kind: 'ambiguous' };
  if (byLabel.length === 1) return { kind: 'found', account: byLabel[0]! };
  const byAppId = accounts.filter((account) => account.appId.toLowerCase() === folded);
  if (byAppId.length === 1) return { kind: 'found', account: byAppId[0]! };
  return byAppId.length === 0 ? { kind: 'none' } : { kind: 'ambiguous' };
}
