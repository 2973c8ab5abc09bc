import { parseArgs } from 'node:util';
import {
  ACCOUNT_KINDS,
  ENVIRONMENTS,
  TOKEN_MODES,
  type Account,
  type AccountInput,
} from '../../core/accounts/account-schema';
import { VaultUnavailableError } from '../../core/vault/vault';
import type { CliContext } from '../cli-context';
import { CliError, ExitCode } from '../exit-codes';
import { readSecret } from '../read-secret';

export async function accountsCommand(context: CliContext, args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'list':
      return listAccounts(context, rest);
    case 'add':
      return addAccount(context, rest);
    case 'remove':
      return removeAccount(context, rest);
    default:
      throw new CliError(
        ExitCode.usage,
        sub ? `Unknown accounts command "${sub}".` : 'accounts needs a command: list, add or remove.',
      );
  }
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
  const rows = await Promise.all(accounts.map(async (account) => describe(context, account, withSecret)));
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
    ['LABEL', 'KIND', 'APPID', 'ENV', 'MODE', 'SECRET', 'TOKEN'],
    ...rows.map((row) => [row.label, row.kind, row.appId, row.environment, row.mode, row.secret, row.token]),
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  for (const line of table)
    context.io.stdout.write(
      `${line
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd()}\n`,
    );
  if (!withSecret) context.io.stderr.write('The keychain is unavailable: secrets and tokens could not be read.\n');
}

async function describe(context: CliContext, account: Account, withSecret: Set<string> | undefined) {
  const token = withSecret ? await context.vault.getToken(account.id).catch(() => undefined) : undefined;
  const secondsLeft = token ? Math.floor((token.expiresAt - Date.now()) / 1000) : undefined;
  return {
    label: account.label,
    kind: account.kind,
    appId: account.appId,
    environment: account.environment,
    mode: account.tokenMode,
    secret: withSecret === undefined ? 'unknown' : withSecret.has(account.id) ? 'stored' : 'missing',
    token:
      secondsLeft === undefined ? 'none' : secondsLeft > 0 ? `${Math.floor(secondsLeft / 60)} min left` : 'expired',
    tokenExpiresAt: token ? new Date(token.expiresAt).toISOString() : null,
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
  // Check the fields before asking for the secret, so a typo doesn't cost a paste.
  const early = context.accounts.validate(input).problems.filter((problem) => problem.field !== 'secret');
  if (early.length)
    throw new CliError(ExitCode.usage, early.map((problem) => `${problem.field}: ${problem.message}`).join('\n'));
  const secret = await readSecret(
    { stdin: context.io.stdin, prompt: context.io.stderr },
    kind === 'wecom' ? 'corpsecret' : 'AppSecret',
  );
  const result = await context.accounts.add(input, secret);
  if (!result.ok) {
    const keychain = result.problems.some(
      (problem) => problem.field === 'secret' && problem.message.includes('keychain'),
    );
    throw new CliError(
      keychain ? ExitCode.keychain : ExitCode.usage,
      result.problems.map((problem) => `${problem.field}: ${problem.message}`).join('\n'),
    );
  }
  for (const warning of result.warnings) context.io.stderr.write(`Note (${warning.field}): ${warning.message}\n`);
  context.io.stderr.write(`Added ${result.account.label} (${result.account.appId}).\n`);
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
