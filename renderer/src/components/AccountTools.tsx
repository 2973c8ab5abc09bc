import type { AccountView } from '../../../electron/core/contract/views';
import { ApiConsole } from './ApiConsole';
import { IpCard } from './IpCard';
import { SignatureCalculator } from './SignatureCalculator';

/** Beyond the token: the IP WeChat sees, the API console and the JS-SDK tools, for the selected account. */
export function AccountTools({ account, apiBase }: { account: AccountView; apiBase: string }) {
  return (
    <div className="account-tools" data-testid="account-tools">
      <IpCard account={account} />
      <ApiConsole account={account} apiBase={apiBase} />
      {account.kind !== 'miniProgram' && <SignatureCalculator account={account} />}
    </div>
  );
}
