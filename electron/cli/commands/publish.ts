import { parseArgs } from 'node:util';
import { isFollowed } from '../../core/accounts/account-schema';
import { PublishTargets, targetKey } from '../../core/team/publish-targets';
import { FORMAT_NAMES, PUBLISHABLE_FORMATS } from '../../core/team/redis-formats';
import type { CliContext } from '../cli-context';
import { CliError, ExitCode } from '../exit-codes';
import { displayWidth, padEndCells } from '../text-width';

/**
 * `tokendesk publish add|list|remove`: where the desk writes the tokens it manages, in an SDK's Redis format, so a
 * local backend on that SDK uses the desk's token. The writing itself happens while a refresher (`serve`, the app) runs.
 */
export async function publishCommand(context: CliContext, args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const targets = new PublishTargets(context.store, context.vault);
  switch (sub) {
    case 'add':
      return addTarget(context, targets, rest);
    case 'list':
      return listTargets(context, targets, rest);
    case 'remove':
      return removeTargets(context, targets, rest);
    default:
      throw new CliError(
        ExitCode.usage,
        sub ? `Unknown publish command "${sub}".` : 'publish needs a command: add, list or remove.',
      );
  }
}

async function addTarget(context: CliContext, targets: PublishTargets, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      'redis-url': { type: 'string' },
      format: { type: 'string' },
      'key-prefix': { type: 'string' },
      'key-template': { type: 'string' },
      'value-field': { type: 'string' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new CliError(ExitCode.usage, 'publish add needs one label or AppID.');
  const url = values['redis-url'];
  const format = values.format;
  if (!url || !format) {
    throw new CliError(
      ExitCode.usage,
      `publish add needs --redis-url URL and --format ${PUBLISHABLE_FORMATS.join('|')}.`,
    );
  }
  if (!(PUBLISHABLE_FORMATS as readonly string[]).includes(format)) {
    throw new CliError(
      ExitCode.usage,
      `--format must be one of ${PUBLISHABLE_FORMATS.join(', ')}; not "${format}"${format === 'senparc' ? " (Senparc's bag holds the AppSecret: TokenDesk never writes it)" : ''}.`,
    );
  }
  const account = context.account(positionals[0]!);
  if (isFollowed(account)) {
    throw new CliError(
      ExitCode.usage,
      `${account.label} follows a team's token: the team server publishes it; TokenDesk publishes only tokens it manages.`,
    );
  }
  const target = await targets.add(account.id, {
    url,
    format,
    keyPrefix: values['key-prefix'] ?? null,
    keyTemplate: values['key-template'] ?? null,
    valueField: values['value-field'] ?? null,
  });
  context.io.stderr.write(
    `${account.label}'s token will be written to ${target.url} as ${FORMAT_NAMES[target.format]} (key ${targetKey(target, account)}) while a refresher runs (tokendesk serve, or the app).\n`,
  );
}

async function listTargets(context: CliContext, targets: PublishTargets, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true });
  const accounts = new Map(context.accounts.list().map((account) => [account.id, account]));
  const rows = targets.list().flatMap((target) => {
    const account = accounts.get(target.accountId);
    if (!account) return [];
    return [
      {
        label: account.label,
        appId: account.appId,
        url: target.url,
        format: target.format,
        key: targetKey(target, account),
      },
    ];
  });
  if (values.json) {
    context.io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    context.io.stderr.write(
      'Nothing is published. Add a target: tokendesk publish add <label> --redis-url URL --format F\n',
    );
    return;
  }
  const table = [
    ['LABEL', 'APPID', 'FORMAT', 'REDIS', 'KEY'],
    ...rows.map((row) => [row.label, row.appId, row.format, row.url, row.key]),
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => displayWidth(line[column]!))));
  for (const line of table) {
    context.io.stdout.write(
      `${line
        .map((cell, column) => padEndCells(cell, widths[column]!))
        .join('  ')
        .trimEnd()}\n`,
    );
  }
}

async function removeTargets(context: CliContext, targets: PublishTargets, args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, options: {}, strict: true, allowPositionals: true });
  if (positionals.length !== 1) throw new CliError(ExitCode.usage, 'publish remove needs one label or AppID.');
  const account = context.account(positionals[0]!);
  const removed = await targets.removeFor(account.id);
  context.io.stderr.write(
    removed === 0
      ? `${account.label} is not published anywhere.\n`
      : `${account.label} is no longer published (${removed} target${removed === 1 ? '' : 's'} removed; keys already written expire with their TTL).\n`,
  );
}
