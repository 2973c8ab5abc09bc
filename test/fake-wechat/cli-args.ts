/** Command-line parsing for the fake WeChat server (cli.ts), kept apart so tests can check it without spawning. */
import { parseArgs } from 'node:util';
import type { AccountKind } from '../../electron/core/wechat/types';
import type { FakeAccount } from './fake-world';

const KINDS: readonly AccountKind[] = ['officialAccount', 'miniProgram', 'wecom', 'testAccount'];

export const USAGE = `Usage: npm run fake-wechat -- [--port N] [--host ADDR] [--expires-in SECONDS] [--client-ip IP]
                               [--whitelist APPID=IP[,IP…]]… --account APPID:SECRET[:kind]…
  kind: ${KINDS.join(' | ')} (default officialAccount; for wecom, APPID is the CorpID)
Without --account, one demo account is created: wxfake000000000001:fake-secret-please-change.`;

export class UsageError extends Error {}

export interface CliConfig {
  port: number;
  host: string;
  expiresIn?: number;
  clientIp?: string;
  accounts: FakeAccount[];
}

export const DEMO_ACCOUNT: FakeAccount = {
  appId: 'wxfake000000000001',
  secret: 'fake-secret-please-change',
  kind: 'officialAccount',
};

/** Turns argv into a config, or throws UsageError with a message that says what is wrong. */
export function parseCliArgs(argv: string[]): CliConfig {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: '127.0.0.1' },
        'expires-in': { type: 'string' },
        'client-ip': { type: 'string' },
        account: { type: 'string', multiple: true },
        whitelist: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) throw new UsageError('');

  const port = integerOption('--port', values.port, 0, 65535);
  const expiresIn =
    values['expires-in'] === undefined ? undefined : integerOption('--expires-in', values['expires-in'], 1, 86_400);
  const accounts = (values.account ?? []).map(parseAccount);
  if (accounts.length === 0) accounts.push({ ...DEMO_ACCOUNT });
  for (const rule of values.whitelist ?? []) applyWhitelist(rule, accounts);
  return { port, host: values.host, expiresIn, clientIp: values['client-ip'], accounts };
}

function integerOption(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new UsageError(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
  return value;
}

function parseAccount(text: string): FakeAccount {
  const [appId, secret, kind, ...rest] = text.split(':');
  if (!appId || !secret || rest.length > 0)
    throw new UsageError(`--account must look like APPID:SECRET[:kind], got "${text}"`);
  if (kind !== undefined && !KINDS.includes(kind as AccountKind))
    throw new UsageError(`unknown account kind "${kind}" in "${text}"; use one of ${KINDS.join(', ')}`);
  return { appId, secret, kind: (kind as AccountKind | undefined) ?? 'officialAccount' };
}

function applyWhitelist(rule: string, accounts: FakeAccount[]): void {
  const [appId, ips] = rule.split('=');
  const targets = accounts.filter((account) => account.appId === appId);
  if (!appId || ips === undefined || targets.length === 0)
    throw new UsageError(`--whitelist must look like APPID=IP[,IP…] for an --account given, got "${rule}"`);
  for (const account of targets) account.ipWhitelist = ips.split(',').filter(Boolean);
}
