import { parseArgs } from 'node:util';
import {
  ACCOUNT_KINDS,
  ACCOUNT_SOURCES,
  ENVIRONMENTS,
  TOKEN_MODES,
  type Account,
  type AccountInput,
} from '../../core/accounts/account-schema';
import type { FieldProblem } from '../../core/accounts/account-validation';
import { accountHealth, HEALTH_LABELS_EN } from '../../core/contract/health';
import type { AccountView } from '../../core/contract/views';
import { askRefresher } from '../../core/host/host';
import { FORMAT_NAMES, REDIS_FORMATS } from '../../core/team/redis-formats';
import { formatCoreMessage, type CoreLocale } from '../../core/i18n/core-messages';
import { VaultUnavailableError } from '../../core/vault/vault';
import type { CliContext } from '../cli-context';
import { CliError, ExitCode, exitCodeFor } from '../exit-codes';
import { readSecret } from '../read-secret';
import { exportAccounts, importAccounts } from './accounts-transfer';
import { displayWidth, padEndCells } from '../text-width';

export async function accountsCommand(context: CliContext, args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'list':
      return listAccounts(context, rest);
    case 'add':
      return addAccount(context, rest);
    case 'remove':
      return removeAccount(context, rest);
    case 'import':
      return importAccounts(context, rest);
    case 'export':
      return exportAccounts(context, rest);
    default:
      throw new CliError(
        ExitCode.usage,
        sub ? `Unknown accounts command "${sub}".` : 'accounts needs a command: list, add, remove, import or export.',
      );
  }
}

/** `field: what to fix`, in the CLI's language. */
function describeProblem(problem: FieldProblem, locale: CoreLocale): string {
  return `${problem.field}: ${formatCoreMessage(problem.message, locale)}`;
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new CliError(ExitCode.usage, `--${name} must be one of ${allowed.join(', ')}; not "${value}".`);
  return value as T;
}

async function listAccounts(context: CliContext, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true });
  const accounts = context.accounts.list();
  const withSecret = await context.vault.accountsWithSecret().catch((error: unknown) => {
    if (error instanceof VaultUnavailableError) return undefined;
    throw error;
  });
  // A running refresher knows what WeChat said (a 40164, a lockout): its live view gives the desk's health exactly.
  const live = await askRefresher(context.dataDir, (remote) => Promise.resolve(remote.handlers.listAccounts())).catch(
    () => undefined,
  );
  const views = new Map(live?.map((view) => [view.id, view]));
  const rows = await Promise.all(
    accounts.map(async (account) => describe(context, account, withSecret, views.get(account.id))),
  );
  if (values.json) {
    context.io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    context.io.stderr.write(
      'No accounts yet. Add one: tokendesk accounts add --label L --kind officialAccount --app-id wx…\n',
    );
    return;
  }
  const table = [
    ['LABEL', 'KIND', 'APPID', 'ENV', 'MODE', 'SECRET', 'HEALTH', 'TOKEN'],
    ...rows.map((row) => [
      row.label,
      row.kind,
      row.appId,
      row.environment,
      row.mode,
      row.secret,
      row.health,
      row.token,
    ]),
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => displayWidth(line[column]!))));
  for (const line of table)
    context.io.stdout.write(
      `${line
        .map((cell, column) => padEndCells(cell, widths[column]!))
        .join('  ')
        .trimEnd()}\n`,
    );
  if (!withSecret) context.io.stderr.write('The keychain is unavailable: secrets and tokens could not be read.\n');
}

async function describe(
  context: CliContext,
  account: Account,
  withSecret: Set<string> | undefined,
  live: AccountView | undefined,
) {
  // A followed account's token is the one in the team's store now (one read), never a cached or fetched one.
  const token = live
    ? live.token
    : account.follow
      ? await context.followed.getToken(account.id).catch(() => undefined)
      : withSecret
        ? await context.vault.getToken(account.id).catch(() => undefined)
        : undefined;
  const now = Date.now();
  const secondsLeft = token ? Math.floor((token.expiresAt - now) / 1000) : undefined;
  // The same health model as the desk: from the running refresher's state when one runs, else from what this
  // process can see (the stored token and the Auto-refresh switch).
  const health = accountHealth(
    {
      state: live?.state ?? { status: !token ? 'idle' : now < token.expiresAt ? 'valid' : 'expired', since: now },
      autoRefresh: account.autoRefresh,
      ...(token && { token }),
    },
    now,
  );
  return {
    label: account.label,
    kind: account.kind,
    appId: account.appId,
    environment: account.environment,
    mode: account.tokenMode,
    secret: account.follow
      ? 'not needed (followed)'
      : withSecret === undefined
        ? 'unknown'
        : withSecret.has(account.id)
          ? 'stored'
          : 'missing',
    health:
      health.kind === 'expired' && !health.hasToken
        ? 'No token yet'
        : `${HEALTH_LABELS_EN[health.kind]}${health.errcode !== undefined ? ` (${health.errcode})` : ''}`,
    ...(health.reason ? { reason: formatCoreMessage(health.reason, 'en') } : {}),
    token:
      secondsLeft === undefined ? 'none' : secondsLeft > 0 ? `${Math.floor(secondsLeft / 60)} min left` : 'expired',
    tokenExpiresAt: token ? new Date(token.expiresAt).toISOString() : null,
    ...(account.follow ? { source: describeFollow(account) } : {}),
  };
}

async function addAccount(context: CliContext, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      label: { type: 'string' },
      kind: { type: 'string' },
      'app-id': { type: 'string' },
      env: { type: 'string' },
      mode: { type: 'string' },
      secret: { type: 'string' },
      source: { type: 'string' },
      'redis-url': { type: 'string' },
      format: { type: 'string' },
      'key-prefix': { type: 'string' },
      'key-template': { type: 'string' },
      'value-field': { type: 'string' },
      'agent-id': { type: 'string' },
      'central-url': { type: 'string' },
      'token-field': { type: 'string' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.secret !== undefined || positionals.length > 0) {
    throw new CliError(
      ExitCode.usage,
      'The AppSecret is never taken from the command line (it would stay in your shell history): pipe it on stdin, or type it at the prompt.',
    );
  }
  const label = values.label;
  const kind = oneOf('kind', values.kind, ACCOUNT_KINDS);
  const appId = values['app-id'];
  if (!label || !kind || !appId) throw new CliError(ExitCode.usage, 'accounts add needs --label, --kind and --app-id.');
  const input: AccountInput = { label, kind, appId };
  const environment = oneOf('env', values.env, ENVIRONMENTS);
  const tokenMode = oneOf('mode', values.mode, TOKEN_MODES);
  if (environment) input.environment = environment;
  if (tokenMode) input.tokenMode = tokenMode;
  const followed = followInput(values);
  if (followed) Object.assign(input, followed);
  // Check the fields before asking for the secret, so a typo doesn't cost a paste.
  const early = context.accounts.validate(input).problems.filter((problem) => problem.field !== 'secret');
  if (early.length)
    throw new CliError(ExitCode.usage, early.map((problem) => describeProblem(problem, context.locale)).join('\n'));
  // A followed account (team mode) has no secret: nothing is read from stdin or the prompt.
  const secret = followed
    ? undefined
    : await readSecret(
        { stdin: context.io.stdin, prompt: context.io.stderr },
        kind === 'wecom' ? 'corpsecret' : 'AppSecret',
      );
  const result = await context.accounts.add(input, secret);
  if (!result.ok) {
    // A keychain that could not store the secret (6) is not a field to fix (2): the problem's code says which.
    const keychain = result.problems.some((problem) => exitCodeFor(problem.message.code) === ExitCode.keychain);
    throw new CliError(
      keychain ? ExitCode.keychain : ExitCode.usage,
      result.problems.map((problem) => describeProblem(problem, context.locale)).join('\n'),
    );
  }
  for (const warning of result.warnings) {
    context.io.stderr.write(`Note (${warning.field}): ${formatCoreMessage(warning.message, context.locale)}\n`);
  }
  context.io.stderr.write(`Added ${result.account.label} (${result.account.appId}).\n`);
  if (result.account.follow) {
    context.io.stderr.write(
      `It follows the team's token (${describeFollow(result.account)}): TokenDesk never fetches it.\n`,
    );
  }
}

/** `--source redis|central` and their options as account fields; undefined for a WeChat-sourced account. */
function followInput(
  values: Record<string, string | boolean | undefined>,
): Pick<AccountInput, 'source' | 'follow'> | undefined {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const source = oneOf('source', text('source'), ACCOUNT_SOURCES) ?? 'wechat';
  const redisOnly = ['redis-url', 'format', 'key-prefix', 'key-template', 'value-field', 'agent-id'];
  const centralOnly = ['central-url', 'token-field'];
  const misplaced = [...(source === 'redis' ? [] : redisOnly), ...(source === 'central' ? [] : centralOnly)].filter(
    (name) => text(name) !== undefined,
  );
  if (misplaced.length) {
    throw new CliError(
      ExitCode.usage,
      `--${misplaced[0]} goes with --source ${redisOnly.includes(misplaced[0]!) ? 'redis' : 'central'}.`,
    );
  }
  if (source === 'wechat') return undefined;
  if (source === 'central') {
    const url = text('central-url');
    if (!url) throw new CliError(ExitCode.usage, '--source central needs --central-url URL.');
    return { source, follow: { kind: 'central', url, tokenField: text('token-field') ?? null } };
  }
  const url = text('redis-url');
  const format = oneOf('format', text('format'), REDIS_FORMATS);
  if (!url || !format)
    throw new CliError(ExitCode.usage, `--source redis needs --redis-url URL and --format ${REDIS_FORMATS.join('|')}.`);
  return {
    source,
    follow: {
      kind: 'redis',
      url,
      format,
      keyPrefix: text('key-prefix') ?? null,
      keyTemplate: text('key-template') ?? null,
      valueField: text('value-field') ?? null,
      agentId: text('agent-id') ?? null,
    },
  };
}

/** "Redis · WxJava · redis://host:6379/0" or "central · https://…": never a password (the stored URL has none). */
export function describeFollow(account: Account): string {
  const follow = account.follow;
  if (!follow) return 'WeChat';
  if (follow.kind === 'central') return `central service · ${follow.url}`;
  return `Redis · ${FORMAT_NAMES[follow.format]} · ${follow.url}`;
}

async function removeAccount(context: CliContext, args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, options: {}, strict: true, allowPositionals: true });
  if (positionals.length !== 1) throw new CliError(ExitCode.usage, 'accounts remove needs one label or AppID.');
  const account = context.account(positionals[0]!);
  const result = await context.accounts.remove(account.id);
  await context.history.removeAccount(account.id);
  if (result.keychainCleanupFailed) {
    throw new CliError(
      ExitCode.keychain,
      `Removed ${account.label}, but its keychain entries are still there: ${result.keychainCleanupFailed}`,
    );
  }
  context.io.stderr.write(`Removed ${account.label} (${account.appId}) and its keychain entries.\n`);
}
