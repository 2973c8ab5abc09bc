import type { Account } from '../core/accounts/account-schema';
import type { AccountView } from '../core/contract/views';
import type { ManagedToken } from '../core/endpoint/token-source';
import { formatCoreMessage, type CoreLocale, type CoreMessage } from '../core/i18n/core-messages';
import { UserError } from '../core/user-error';
import type { CliContext } from './cli-context';
import { explainWeChatError } from './explain-error';
import { CliError, ExitCode, exitCodeFor } from './exit-codes';

export type TokenRequest =
  { kind: 'get' } | { kind: 'refresh'; confirmed: boolean } | { kind: 'force'; confirmed: boolean };

/** A script's `token` call rides out a blip (WeChat's -1, a reset connection, a 502) for about this long. */
const TRANSIENT_RETRY_BUDGET_MS = 10_000;

/**
 * "One refresher": the token comes from the host — the running app / preview / `serve` over the data dir's socket
 * when one runs, else this command's own core holding the refresher role while it works. Either way the same engine
 * rules apply (single-flight, confirmations, lockouts, history), and a transient failure is retried for ~10 s before
 * the command gives up.
 */
export async function obtainToken(context: CliContext, account: Account, request: TokenRequest): Promise<ManagedToken> {
  const host = await context.host();
  const deadline = Date.now() + TRANSIENT_RETRY_BUDGET_MS;
  let view = await ask(account, context.locale, () => callFor(host.handlers, account.id, request));
  for (let attempt = 0; ; attempt++) {
    const token = usableToken(view, request);
    if (token) return token;
    const wait = Math.min(500 * 2 ** attempt, deadline - Date.now());
    if (view.state.status !== 'error' || view.state.cause === 'budget' || wait <= 0) break;
    await new Promise((resolve) => setTimeout(resolve, wait));
    // The engine's own backoff decides when WeChat is asked again; asking for the token joins it.
    view = await ask(account, context.locale, () => host.handlers.getToken(account.id));
  }
  throw failureOf(context, account, view);
}

function callFor(
  handlers: Awaited<ReturnType<CliContext['host']>>['handlers'],
  accountId: string,
  request: TokenRequest,
): Promise<AccountView> | AccountView {
  switch (request.kind) {
    case 'get':
      return handlers.getToken(accountId);
    case 'refresh':
      return handlers.refreshToken(accountId, { confirmProductionRisk: request.confirmed });
    case 'force':
      return handlers.forceRefreshToken(accountId, { confirmProductionRisk: request.confirmed });
  }
}

/** The token to print: a valid one, and after a refresh only if that refresh did not fail. */
function usableToken(view: AccountView, request: TokenRequest): ManagedToken | undefined {
  const token = view.token;
  if (!token || token.expiresAt <= Date.now()) return undefined;
  if (request.kind !== 'get' && (view.state.status === 'error' || view.state.status === 'paused')) return undefined;
  return { accessToken: token.value, expiresAt: token.expiresAt };
}

/** Runs a call, turning the engine's refusals (a confirmation needed, a lockout …) into the CLI's exit codes. */
async function ask(
  account: Account,
  locale: CoreLocale,
  call: () => Promise<AccountView> | AccountView,
): Promise<AccountView> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new CliError(exitCodeFor(error.code), withHint(formatCoreMessage(error.coreMessage, locale), error, account));
  }
}

function withHint(message: string, error: UserError, account: Account): string {
  return exitCodeFor(error.code) === ExitCode.cancelled
    ? `${message}\nAdd --yes to confirm (${account.label} is a production account).`
    : message;
}

/** Why there is no token, from the account's state: WeChat's answer explained, or what stands in the way locally. */
function failureOf(context: CliContext, account: Account, view: AccountView): CliError {
  const { state } = view;
  const outcome = view.lastFailure?.outcome ?? view.lastExchange?.outcome;
  // A rule kept the call from being made (a lockout or a used-up quota seen earlier, by any process): say that, not
  // the old answer from WeChat as if it were new.
  if (state.reason && exitCodeFor(state.reason.code) === ExitCode.refused) {
    return new CliError(ExitCode.refused, formatCoreMessage(state.reason, context.locale));
  }
  if (state.cause === 'wechat' && outcome?.kind === 'wechat-error') {
    return new CliError(
      ExitCode.wechatError,
      explainWeChatError(
        outcome.errcode,
        outcome.errmsg,
        account.kind === 'wecom' ? 'wecom' : 'wechat',
        'fetch',
        context.locale,
      ),
    );
  }
  const reason: CoreMessage = state.reason ?? { code: 'no-valid-token', params: {} };
  return new CliError(exitCodeFor(reason.code), formatCoreMessage(reason, context.locale));
}
