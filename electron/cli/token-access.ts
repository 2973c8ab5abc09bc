import type { Account } from '../core/accounts/account-schema';
import { ensureEndpointKey } from '../core/endpoint/local-key';
import type { ManagedToken } from '../core/endpoint/token-source';
import { RefreshRefusedError, TokenUnavailableError } from '../core/engine/engine-errors';
import type { RefresherRecord } from '../core/refresher/refresher-lock';
import { VaultUnavailableError } from '../core/vault/vault';
import type { CliContext } from './cli-context';
import { explainWeChatError } from './explain-error';
import { CliError, ExitCode } from './exit-codes';

export type TokenRequest =
  { kind: 'get' } | { kind: 'refresh'; confirmed: boolean } | { kind: 'force'; confirmed: boolean };

/**
 * "One refresher": the token comes from the running app / `serve` through its endpoint when one runs, else from this
 * process's engine under the data dir's lock — so the CLI never fetches behind a running refresher's back, and two
 * CLIs at once make one upstream call (the second finds the first's token in the keychain).
 */
export async function obtainToken(context: CliContext, account: Account, request: TokenRequest): Promise<ManagedToken> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const running = context.refresher.running();
    if (running) {
      const answer = await askRefresher(context, account, request, running);
      if (answer) return answer;
      // Its endpoint refused the connection: the record outlived its process (a reused pid). Forget it, look again.
      await context.refresher.dropUnreachable(running);
      continue;
    }
    const outcome = await context.refresher.fetchUnlessRefresher(async () => {
      const token = await fetchHere(context, account, request);
      // The keychain write must land before the lock is released: the next CLI in line reads it from there.
      await context.engine.settled();
      return token;
    });
    if (outcome.ran) return outcome.value;
  }
  throw new CliError(ExitCode.refresher, 'Could not reach the running TokenDesk, nor take over from it. Try again.');
}

async function fetchHere(context: CliContext, account: Account, request: TokenRequest): Promise<ManagedToken> {
  const { engine } = context;
  try {
    const token =
      request.kind === 'get'
        ? await engine.getToken(account.id)
        : request.kind === 'refresh'
          ? await engine.refresh(account.id, { confirmProductionRisk: request.confirmed })
          : await engine.forceRefresh(account.id, { confirmProductionRisk: request.confirmed });
    return { accessToken: token.accessToken, expiresAt: token.expiresAt };
  } catch (error) {
    throw explainEngineError(context, account, error);
  }
}

function explainEngineError(context: CliContext, account: Account, error: unknown): unknown {
  if (error instanceof TokenUnavailableError) {
    if (error.errcode !== undefined && error.errmsg !== undefined) {
      return new CliError(
        ExitCode.wechatError,
        explainWeChatError(
          error.errcode,
          error.errmsg,
          account.kind === 'wecom' ? 'wecom' : 'wechat',
          'fetch',
          context.locale,
        ),
      );
    }
    // The engine's reasons say what to do; which exit code depends on what stood in the way.
    const keychain = /keychain|Secret is stored/i.test(error.message);
    return new CliError(keychain ? ExitCode.keychain : ExitCode.network, error.message);
  }
  if (error instanceof RefreshRefusedError) {
    if (error.code === 'confirm-production-risk')
      return new CliError(ExitCode.cancelled, `${error.message}\nAdd --yes to confirm.`);
    return new CliError(ExitCode.refused, error.message);
  }
  if (error instanceof VaultUnavailableError) return new CliError(ExitCode.keychain, error.message);
  return error;
}

interface EndpointTokenAnswer {
  access_token: string;
  expires_at: string;
}

/** Asks the running refresher; undefined when nothing listens on its port (a stale record). */
async function askRefresher(
  context: CliContext,
  account: Account,
  request: TokenRequest,
  running: RefresherRecord,
): Promise<ManagedToken | undefined> {
  const who = running.kind === 'app' ? 'The TokenDesk app' : '`tokendesk serve`';
  if (running.port === null) {
    throw new CliError(
      ExitCode.refresher,
      `${who} is running (pid ${running.pid}) with its local endpoint off, and it alone refreshes tokens. Turn the endpoint on in Settings → Local endpoint, or copy the token from the app.`,
    );
  }
  if (request.kind === 'force') {
    throw new CliError(
      ExitCode.refresher,
      `${who} is the refresher now (pid ${running.pid}): force-refresh there (the app's Force refresh), or stop it first.`,
    );
  }
  const key = await ensureEndpointKey(context.vault);
  const base = `http://127.0.0.1:${running.port}/v1/tokens/${encodeURIComponent(account.label)}`;
  const headers = { Authorization: `Bearer ${key}` };
  try {
    let answer = await callEndpoint(context, account, base, { headers });
    if (request.kind === 'refresh') {
      answer = await callEndpoint(context, account, `${base}/refresh`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ access_token: answer.access_token }),
      });
    }
    return { accessToken: answer.access_token, expiresAt: Date.parse(answer.expires_at) };
  } catch (error) {
    if (connectionRefused(error)) return undefined;
    throw error;
  }
}

async function callEndpoint(
  context: CliContext,
  account: Account,
  url: string,
  init: RequestInit,
): Promise<EndpointTokenAnswer> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  const body = (await response.json().catch(() => undefined)) as
    (EndpointTokenAnswer & { error?: { message: string; errcode?: number; errmsg?: string } }) | undefined;
  if (response.ok && body?.access_token) return body;
  const problem = body?.error;
  if (response.status === 502 && problem?.errcode !== undefined && problem.errcode !== -1 && problem.errmsg) {
    throw new CliError(
      ExitCode.wechatError,
      explainWeChatError(
        problem.errcode,
        problem.errmsg,
        account.kind === 'wecom' ? 'wecom' : 'wechat',
        'fetch',
        context.locale,
      ),
    );
  }
  if (response.status === 401) {
    throw new CliError(
      ExitCode.refresher,
      'The running TokenDesk refused the local key from the keychain (was it rotated just now?). Try again in a second.',
    );
  }
  const reason = problem?.errmsg ?? problem?.message ?? `HTTP ${response.status}`;
  throw new CliError(ExitCode.network, `The running TokenDesk could not give a token: ${reason}`);
}

function connectionRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  return error instanceof TypeError && cause?.code === 'ECONNREFUSED';
}
