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

/**
 * `tokendesk check L`: does WeChat accept the current token? A cheap call with it (get_api_domain_ip), made by the
 * refresher's engine — so it lands in the history, and a refusal of a still-valid token is noticed as "refreshed
 * elsewhere" there, as the desk's Check button does.
 */
export async function checkCommand(context: CliContext, args: string[]): Promise<void> {
  const account = context.account(oneAlias(args, 'check'));
  const token = await obtainToken(context, account, { kind: 'get' });
  const family = account.kind === 'wecom' ? 'wecom' : 'wechat';
  const exchange = await (await context.host()).handlers.checkToken(account.id);
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
  await obtainToken(context, account, { kind: 'get' });
  const cgiPath = account.tokenMode === 'classic' ? '/cgi-bin/token' : '/cgi-bin/stable_token';
  // Through the refresher's core: recorded in the history like the desk's quota meter.
  const { exchange, remote } = await (await context.host()).handlers.getQuota(account.id, true);
  if (!exchange) throw new CliError(ExitCode.network, 'WeChat’s quota meter could not be read.');
  if (exchange.outcome.kind !== 'ok' || !remote) {
    if (exchange.outcome.kind === 'ok')
      throw new CliError(ExitCode.network, 'WeChat answered quota/get without a quota.');
    throw outcomeError(exchange.outcome, 'wechat', 'use', context.locale);
  }
  const { dailyLimit, used, remain } = remote;
  context.io.stdout.write(`${cgiPath}: daily limit ${dailyLimit}, used ${used}, remaining ${remain}\n`);
}
