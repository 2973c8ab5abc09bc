import { parseArgs } from 'node:util';
import { tokenBody } from '../../core/endpoint/token-routes';
import type { CliContext } from '../cli-context';
import { CliError, ExitCode } from '../exit-codes';
import { obtainToken, type TokenRequest } from '../token-access';

/** `tokendesk token <label|appid> [--json] [--refresh] [--force --yes]`: stdout is the token alone unless --json. */
export async function tokenCommand(context: CliContext, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      refresh: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new CliError(ExitCode.usage, 'token needs one label or AppID.');
  if (values.refresh && values.force) throw new CliError(ExitCode.usage, 'Use --refresh or --force, not both.');
  if (values.force && !values.yes) {
    throw new CliError(
      ExitCode.cancelled,
      'A force refresh invalidates the current token at once, for every program using it. Add --yes to go ahead.',
    );
  }
  const account = context.account(positionals[0]!);
  const request: TokenRequest = values.force
    ? { kind: 'force', confirmed: true }
    : values.refresh
      ? { kind: 'refresh', confirmed: values.yes }
      : { kind: 'get' };
  const token = await obtainToken(context, account, request);
  if (values.json) {
    const body = tokenBody(
      token,
      { id: account.id, label: account.label, appId: account.appId, kind: account.kind, mode: account.tokenMode },
      Date.now(),
    );
    context.io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    context.io.stdout.write(`${token.accessToken}\n`);
  }
}
