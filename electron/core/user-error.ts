import { formatCoreMessage, type CoreMessage } from './i18n/core-messages';

/**
 * A problem the person at the desk can fix, as a catalogue message (`code` + `params`): each edge shows it in its own
 * language (electron/core/i18n/core-messages.ts). `message` is the English text, for logs only. Anything else thrown
 * by a handler is a bug and reaches the UI only as a generic "internal error".
 */
export class UserError extends Error {
  override readonly name: string = 'UserError';
  readonly code: CoreMessage['code'];
  readonly params: CoreMessage['params'];

  constructor(
    message: CoreMessage,
    readonly details?: unknown,
  ) {
    super(formatCoreMessage(message, 'en'));
    this.code = message.code;
    this.params = message.params;
  }

  /** What crosses the contract: the code and its params, never the prose. */
  get coreMessage(): CoreMessage {
    return { code: this.code, params: this.params } as CoreMessage;
  }
}
