import { parseArgs } from 'node:util';
import type { CliContext } from '../cli-context';
import { CliError, ExitCode } from '../exit-codes';
import { outcomeError } from '../explain-error';
import { obtainToken } from '../token-access';

function oneAlias(args: string[], command: string): string {
  const { positionals } = parseArgs({ args, options: {}, strict: true, allowPositionals: true });
  if (positionals.length !== 1) throw new CliError(ExitCode.usage, `${command} needs one label or AppID.`);
  return positionals[0]!;
}

/** `tokendesk check L`: does WeChat accept the current token? A cheap call with it (get_api_domain_ip). */
export async function checkCommand(context: CliContext, args: string[]): Promise<void> {
  const account = context.account(oneAlias(args, 'check'));
  const token = await obtainToken(context, account, { kind: 'get' });
  const family = account.kind === 'wecom' ? 'wecom' : 'wechat';
  const exchange = await context.client.checkToken({
    accessToken: token.accessToken,
    family,
    apiBase: account.apiBase ?? undefined,
  });
  if (exchange.outcome.kind !== 'ok') throw outcomeError(exchange.outcome, family, 'use', context.locale);
  const minutes = Math.floor((token.expiresAt - Date.now()) / 60_000);
  context.io.stdout.write(
    `OK: WeChat accepts the token of ${account.label} (${minutes} min left; get_api_domain_ip answered in ${exchange.latencyMs} ms).\n`,
  );
}

/** `tokendesk quota L`: the token API's daily quota as WeChat counts it (openapi/quota/get). */
export async function quotaCommand(context: CliContext, args: string[]): Promise<void> {
  const account = context.account(oneAlias(args, 'quota'));
  if (account.kind === 'wecom')
    throw new CliError(ExitCode.usage, 'WeCom has no quota API; quota is for Official Accounts and Mini Programs.');
  const token = await obtainToken(context, account, { kind: 'get' });
  const cgiPath = account.tokenMode === 'classic' ? '/cgi-bin/token' : '/cgi-bin/stable_token';
  const exchange = await context.client.getQuota({
    accessToken: token.accessToken,
    cgiPath,
    apiBase: account.apiBase ?? undefined,
  });
  if (exchange.outcome.kind !== 'ok' || !exchange.result) {
    if (exchange.outcome.kind === 'ok')
      throw new CliError(ExitCode.network, 'WeChat answered quota/get without a quota.');
    throw outcomeError(exchange.outcome, 'wechat', 'use', context.locale);
  }
  const { dailyLimit, used, remain } = exchange.result;
  context.io.stdout.write(`${cgiPath}: daily limit ${dailyLimit}, used ${used}, remaining ${remain}\n`);
}
