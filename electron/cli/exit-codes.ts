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
