import { parseArgs } from 'node:util';
import { DEFAULT_ENDPOINT_PORT } from '../../core/endpoint/local-endpoint';
import { postmanEnvironment } from '../../core/snippets/snippets';
import { DEFAULT_API_BASE, DEFAULT_WECOM_API_BASE } from '../../core/wechat/client';
import type { CliContext } from '../cli-context';
import { CliError, ExitCode } from '../exit-codes';
import { obtainToken } from '../token-access';

/** `tokendesk postman-env L`: a Postman / Apifox environment (JSON) for the account, with the current token. */
export async function postmanEnvCommand(context: CliContext, args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, options: {}, strict: true, allowPositionals: true });
  if (positionals.length !== 1) throw new CliError(ExitCode.usage, 'postman-env needs one label or AppID.');
  const account = context.account(positionals[0]!);
  const token = await obtainToken(context, account, { kind: 'get' });
  const apiBase =
    account.apiBase ??
    context.io.env.TOKENDESK_API_BASE ??
    (account.kind === 'wecom' ? DEFAULT_WECOM_API_BASE : DEFAULT_API_BASE);
  const endpointPort = (await context.host()).refresher?.endpointPort ?? DEFAULT_ENDPOINT_PORT;
  // By AppID, which a rename doesn't change; by label only where another account shares the AppID (WeCom apps).
  const appIdShared = context.accounts
    .list()
    .some((other) => other.id !== account.id && other.appId.toLowerCase() === account.appId.toLowerCase());
  context.io.stdout.write(
    postmanEnvironment({
      label: account.label,
      alias: appIdShared ? account.label : account.appId,
      accessToken: token.accessToken,
      apiBase,
      endpointPort,
    }),
  );
  context.io.stderr.write(
    'Import it, then paste the key from `tokendesk endpoint --show-key` into its tokendesk_key variable.\n',
  );
}
