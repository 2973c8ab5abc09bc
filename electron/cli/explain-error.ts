import { lookupError, parseErrorFacts, type ErrorFamily } from '../core/wechat/catalogue';
import type { ErrorContext, Outcome } from '../core/wechat/types';
import { CliError, ExitCode } from './exit-codes';
import { terminalSafe } from './terminal-text';

export type CliLocale = 'en' | 'zh-CN';

/** The CLI speaks Chinese when the shell's locale does (LC_ALL, LC_MESSAGES, LANG, in POSIX order), else English. */
export function cliLocale(env: NodeJS.ProcessEnv = process.env): CliLocale {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh-CN' : 'en';
}

const LABELS = {
  en: {
    refused: 'WeChat refused',
    meaning: 'Meaning',
    cause: 'Likely cause',
    action: 'What to do',
    ip: 'WeChat saw this machine as',
    lockout: 'Blocked for',
    unreachable: 'Could not reach WeChat',
    notItsApi: "WeChat's answer was not its API's",
  },
  'zh-CN': {
    refused: '微信拒绝了请求',
    meaning: '含义',
    cause: '可能原因',
    action: '怎么办',
    ip: '微信看到的本机 IP',
    lockout: '封禁时长',
    unreachable: '无法连接微信',
    notItsApi: '收到的应答不是微信 API 的',
  },
} as const;

/**
 * A WeChat errcode explained for a terminal: WeChat's own words first, then the catalogue's meaning, cause and
 * action, and the facts hidden in errmsg (a 40164 names the IP WeChat saw, which is what goes into the whitelist).
 */
export function explainWeChatError(
  errcode: number,
  errmsg: string,
  family: ErrorFamily,
  when: ErrorContext,
  locale: CliLocale,
): string {
  const labels = LABELS[locale];
  const lines = [`${labels.refused}: ${errcode} ${terminalSafe(errmsg)}`];
  const entry = lookupError(errcode, family, when);
  if (entry) {
    lines.push(
      `  ${labels.meaning}: ${entry.meaning[locale]}`,
      `  ${labels.cause}: ${entry.cause[locale]}`,
      `  ${labels.action}: ${entry.action[locale]}`,
    );
  }
  const facts = parseErrorFacts(errcode, errmsg);
  const ip = [facts.ip, facts.ipv6, facts.fromIp].filter(Boolean).join(', ');
  if (ip) lines.push(`  ${labels.ip}: ${ip}`);
  if (facts.lockoutSeconds) lines.push(`  ${labels.lockout}: ${facts.lockoutSeconds / 3600} h`);
  return lines.join('\n');
}

/** Turns a failed exchange's outcome into the error that ends the command. */
export function outcomeError(
  outcome: Exclude<Outcome, { kind: 'ok' }>,
  family: ErrorFamily,
  when: ErrorContext,
  locale: CliLocale,
): CliError {
  switch (outcome.kind) {
    case 'wechat-error':
      return new CliError(
        ExitCode.wechatError,
        explainWeChatError(outcome.errcode, outcome.errmsg, family, when, locale),
      );
    case 'network-error':
      return new CliError(
        ExitCode.network,
        `${LABELS[locale].unreachable} (${outcome.reason}): ${terminalSafe(outcome.message)}`,
      );
    case 'bad-response':
      return new CliError(
        ExitCode.network,
        `${LABELS[locale].notItsApi} (${outcome.reason}): ${terminalSafe(outcome.message)}`,
      );
  }
}
