/**
 * A problem the person at the desk can fix. Its message is shown as-is (it says what to do); anything else thrown
 * by a handler is a bug and reaches the UI only as a generic "internal error".
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
