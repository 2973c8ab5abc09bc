import type { CoreMessageCode } from '../core/i18n/core-messages';

/**
 * `tokendesk` exit codes. Scripts branch on these, so they are part of the CLI's contract (documented in the README):
 * never renumber one, only add.
 */
export const ExitCode = {
  ok: 0,
  /** A bug: the message says so and where to report it. */
  internal: 1,
  /** Wrong arguments or options (the usage is printed). */
  usage: 2,
  /** No account has that label or AppID. */
  unknownAccount: 3,
  /** WeChat answered with an errcode (40164, 40125, 45009 …); stderr explains it from the catalogue. */
  wechatError: 4,
  /** WeChat could not be reached, or answered something that is not its API (timeout, DNS, HTML 502 …). */
  network: 5,
  /** The keychain is unavailable, or holds no secret for the account. */
  keychain: 6,
  /** Another refresher owns this data dir (`serve` refused), or the running one cannot be asked. */
  refresher: 7,
  /** The user cancelled (Ctrl+C at a prompt, or a --force without --yes). */
  cancelled: 8,
  /** TokenDesk's own safety rules refused (force refresh too soon or over the daily limit, failure budget, IP lockout). */
  refused: 9,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error that ends the command with a given exit code and a message for stderr. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly exitCode: ExitCodeValue,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The exit code for a catalogue code (a UserError's `code`, an account state's `reason.code`): scripts branch on the
 * code, never on English text. Every catalogue code is listed, so a new one can't ship without its exit code.
 */
const EXIT_CODE_BY_MESSAGE = {
  'unknown-method': ExitCode.internal,
  'bad-arguments': ExitCode.usage,
  refused: ExitCode.internal,
  internal: ExitCode.internal,
  'preview-connection-lost': ExitCode.refresher,
  'preview-refused': ExitCode.refresher,
  'refresher-gone': ExitCode.refresher,
  'account-gone': ExitCode.unknownAccount,
  'unknown-account': ExitCode.unknownAccount,
  'removed-while-fetching': ExitCode.unknownAccount,
  'test-needs-secret': ExitCode.usage,
  'test-retype-secret': ExitCode.usage,
  'wecom-no-clear-quota': ExitCode.usage,
  'wecom-no-force-refresh': ExitCode.usage,
  'endpoint-port-in-use': ExitCode.usage,
  'endpoint-failed': ExitCode.internal,
  'field-label-empty': ExitCode.usage,
  'field-label-too-long': ExitCode.usage,
  'field-label-taken': ExitCode.usage,
  'field-choose-one': ExitCode.usage,
  'field-mode-wecom-needed': ExitCode.usage,
  'field-mode-wecom-only': ExitCode.usage,
  'field-mode-classic-production': ExitCode.usage,
  'field-margin-range': ExitCode.usage,
  'field-notes-too-long': ExitCode.usage,
  'field-secret-not-for-followed': ExitCode.usage,
  'field-secret-empty': ExitCode.usage,
  'field-secret-inner-space': ExitCode.usage,
  'field-secret-trimmed': ExitCode.usage,
  'field-secret-length': ExitCode.usage,
  'field-secret-not-hex': ExitCode.usage,
  'secret-save-failed': ExitCode.keychain,
  'field-appid-empty': ExitCode.usage,
  'field-appid-is-corpid': ExitCode.usage,
  'field-appid-uppercase': ExitCode.usage,
  'field-appid-prefix': ExitCode.usage,
  'field-appid-length': ExitCode.usage,
  'field-appid-chars': ExitCode.usage,
  'field-corpid-empty': ExitCode.usage,
  'field-corpid-prefix': ExitCode.usage,
  'field-corpid-length': ExitCode.usage,
  'field-corpid-chars': ExitCode.usage,
  'field-api-base-not-url': ExitCode.usage,
  'field-api-base-scheme': ExitCode.usage,
  'field-api-base-query': ExitCode.usage,
  'field-api-base-credentials': ExitCode.usage,
  'field-api-base-http-remote': ExitCode.usage,
  'follow-not-followed': ExitCode.usage,
  'follow-redis-needed': ExitCode.usage,
  'follow-central-needed': ExitCode.usage,
  'follow-redis-format': ExitCode.usage,
  'follow-central-not-url': ExitCode.usage,
  'follow-central-scheme': ExitCode.usage,
  'connection-password-save-failed': ExitCode.keychain,
  'account-removed-meanwhile': ExitCode.unknownAccount,
  'keychain-cleanup-failed': ExitCode.keychain,
  'no-secret-stored': ExitCode.keychain,
  'keychain-unavailable': ExitCode.keychain,
  'confirm-production-risk': ExitCode.cancelled,
  'confirm-force-refresh': ExitCode.cancelled,
  'quota-needs-token': ExitCode.refused,
  'no-token': ExitCode.refused,
  'force-too-soon': ExitCode.refused,
  'force-daily-limit': ExitCode.refused,
  locked: ExitCode.refused,
  budget: ExitCode.refused,
  'quota-exhausted': ExitCode.refused,
  'clear-quota-monthly-limit': ExitCode.refused,
  'changed-while-fetching': ExitCode.refused,
  'refresh-floor': ExitCode.refused,
  'refreshed-elsewhere': ExitCode.refused,
  'no-valid-token': ExitCode.network,
  'network-retrying': ExitCode.network,
  'insecure-base-paused': ExitCode.network,
  'bad-response-retrying': ExitCode.network,
  'fetch-crashed': ExitCode.internal,
  'wechat-retrying': ExitCode.wechatError,
  'wechat-paused': ExitCode.wechatError,
  'quota-paused': ExitCode.wechatError,
  'redis-url-invalid': ExitCode.usage,
  'redis-url-scheme': ExitCode.usage,
  'redis-url-db': ExitCode.usage,
  'team-key-template-needed': ExitCode.usage,
  'followed-no-fetch': ExitCode.usage,
  'publish-format-refused': ExitCode.usage,
  'followed-token-missing': ExitCode.refused,
  'followed-token-expired': ExitCode.refused,
  'followed-unexpected-format': ExitCode.refused,
  'followed-source-unreachable': ExitCode.network,
  'ticket-type-mismatch': ExitCode.usage,
  'console-path-invalid': ExitCode.usage,
  'console-foreign-host': ExitCode.usage,
  'console-body-not-json': ExitCode.usage,
  'console-body-needs-post': ExitCode.usage,
} satisfies Record<CoreMessageCode, ExitCodeValue>;

export function exitCodeFor(code: CoreMessageCode): ExitCodeValue {
  return EXIT_CODE_BY_MESSAGE[code];
}
