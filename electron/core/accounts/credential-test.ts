import type { AccountDraft } from '../contract/views';
import { UserError } from '../user-error';
import type { Vault } from '../vault/vault';
import type { WeChatClient } from '../wechat/client';
import type { Exchange } from '../wechat/types';
import type { Account } from './account-schema';
import { checkApiBase } from './account-validation';

export interface CredentialTestServices {
  accounts: { get(accountId: string): Account | undefined };
  vault: Pick<Vault, 'getSecret'>;
  client: Pick<WeChatClient, 'stableToken' | 'wecomToken'>;
}

/**
 * One fetch with a form's credentials, nothing saved. Uses stable_token in normal mode (or WeCom gettoken): it hands
 * out the current token without invalidating anything, so testing never breaks a server sharing the AppID.
 *
 * A typed secret goes wherever the form points. The stored secret only goes where the account's own refreshes send
 * it (its saved base URL and family): otherwise any page able to call this could aim an existing account's secret
 * at a host of its choosing.
 */
export async function testCredentials(
  services: CredentialTestServices,
  draft: AccountDraft,
  typedSecret: string | undefined,
  accountId: string | undefined,
): Promise<Exchange> {
  const checked = checkApiBase(draft.apiBase);
  if ('problem' in checked) throw new UserError(checked.problem);
  const destination = { apiBase: checked.apiBase, wecom: draft.kind === 'wecom' };
  const secret = typedSecret?.trim() || (accountId ? await storedSecretFor(services, accountId, destination) : '');
  if (!secret) throw new UserError({ code: 'test-needs-secret', params: {} });
  const appId = draft.appId.trim();
  const base = destination.apiBase ? { apiBase: destination.apiBase } : {};
  return destination.wecom
    ? services.client.wecomToken({ corpId: appId, secret, ...base })
    : services.client.stableToken({ appId, secret, ...base });
}

async function storedSecretFor(
  services: CredentialTestServices,
  accountId: string,
  destination: { apiBase: string | null; wecom: boolean },
): Promise<string | undefined> {
  const saved = services.accounts.get(accountId);
  if (!saved) throw new UserError({ code: 'account-gone', params: {} });
  if (saved.apiBase !== destination.apiBase || (saved.kind === 'wecom') !== destination.wecom) {
    throw new UserError({ code: 'test-retype-secret', params: {} });
  }
  return services.vault.getSecret(accountId);
}
