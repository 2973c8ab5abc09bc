import { UserError } from '../user-error';

export type RefusalCode =
  | 'confirm-production-risk'
  | 'force-too-soon'
  | 'force-daily-limit'
  | 'budget'
  | 'locked'
  | 'unsupported'
  | 'no-token'
  | 'unknown-account';

/** The engine declined to call WeChat; the message says why and what to do, `retryAt` when it becomes possible. */
export class RefreshRefusedError extends UserError {
  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly retryAt?: number,
  ) {
    super(message, retryAt === undefined ? { code } : { code, retryAt });
  }
}

/**
 * No valid token can be handed out. `errcode`/`errmsg` are WeChat's when WeChat said no (so a WeChat-shaped caller
 * can pass them on); `retryAt` is when the engine will try again by itself, if it will.
 */
export class TokenUnavailableError extends UserError {
  constructor(
    readonly accountId: string,
    message: string,
    readonly errcode?: number,
    readonly errmsg?: string,
    readonly retryAt?: number,
  ) {
    super(message, { accountId, errcode, retryAt });
  }
}
