import { parseArgs } from 'node:util';
import { isFollowed, type Account } from '../../core/accounts/account-schema';
import { tokenBody } from '../../core/endpoint/token-routes';
import type { ManagedToken } from '../../core/endpoint/token-source';
import { UserError } from '../../core/user-error';
import type { CliContext } from '../cli-context';
import { CliError, ExitCode } from '../exit-codes';
import { obtainToken, type TokenRequest } from '../token-access';
import { terminalSafe } from '../terminal-text';

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
  if (isFollowed(account)) {
    // Team mode: the token is read from the team's store, never fetched. --refresh re-reads it (the team server may
    // have rotated it); --force would invalidate the team's token and is never done here.
    if (values.force) throw new UserError({ code: 'followed-no-fetch', params: {} });
    const followed = values.refresh
      ? (await context.followed.reportFailed(account.id, '')).token
      : await context.followed.getToken(account.id);
    return printToken(context, account, followed, values.json);
  }
  const request: TokenRequest = values.force
    ? { kind: 'force', confirmed: true }
    : values.refresh
      ? { kind: 'refresh', confirmed: values.yes }
      : { kind: 'get' };
  printToken(context, account, await obtainToken(context, account, request), values.json);
}

function printToken(context: CliContext, account: Account, token: ManagedToken, json: boolean): void {
  if (json) {
    const body = tokenBody(
      token,
      { id: account.id, label: account.label, appId: account.appId, kind: account.kind, mode: account.tokenMode },
      Date.now(),
    );
    context.io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    context.io.stdout.write(`${terminalSafe(token.accessToken)}\n`);
  }
}
