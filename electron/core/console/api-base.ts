/**
 * Where an account's API calls go: its own base URL when it has one, else the host's override (`--api-base`,
 * `TOKENDESK_API_BASE`), else WeChat's host for its family. The API console sends requests only there, so the managed
 * token never leaves for another host.
 */
import type { Account } from '../accounts/account-schema';
import { DEFAULT_API_BASE, DEFAULT_WECOM_API_BASE } from '../wechat/client';

export function apiBaseFor(account: Pick<Account, 'kind' | 'apiBase'>, hostOverride?: string): string {
  const base =
    account.apiBase ?? hostOverride ?? (account.kind === 'wecom' ? DEFAULT_WECOM_API_BASE : DEFAULT_API_BASE);
  return base.replace(/\/+$/, '');
}
