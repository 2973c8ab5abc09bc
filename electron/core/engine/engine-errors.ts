import type { CoreMessage } from '../i18n/core-messages';
import { UserError } from '../user-error';

/** The catalogue codes a refusal may carry (electron/core/i18n/core-messages.ts). */
export type RefusalCode =
  | 'confirm-production-risk'
  | 'confirm-force-refresh'
  | 'force-too-soon'
  | 'force-daily-limit'
  | 'budget'
  | 'locked'
  | 'quota-exhausted'
  | 'clear-quota-monthly-limit'
  | 'wecom-no-force-refresh'
  | 'no-token'
  | 'unknown-account';

/**
 * The engine declined to call WeChat; the message says why and what to do, `retryAt` when it becomes possible,
 * `errcode` the WeChat error behind a block (8950x, 45009).
 */
export class RefreshRefusedError extends UserError {
  declare readonly code: RefusalCode;
  constructor(
    message: Extract<CoreMessage, { code: RefusalCode }>,
    readonly retryAt?: number,
    readonly errcode?: number,
  ) {
    super(message, { ...(retryAt === undefined ? {} : { retryAt }), ...(errcode === undefined ? {} : { errcode }) });
  }
}

/**
 * No valid token can be handed out. `errcode`/`errmsg` are WeChat's when WeChat said no (so a WeChat-shaped caller
 * can pass them on); `retryAt` is when the engine will try again by itself, if it will.
 */
export class TokenUnavailableError extends UserError {
  constructor(
    readonly accountId: string,
    message: CoreMessage,
    readonly errcode?: number,
    readonly errmsg?: string,
    readonly retryAt?: number,
  ) {
    super(message, { accountId, errcode, retryAt });
  }
}
