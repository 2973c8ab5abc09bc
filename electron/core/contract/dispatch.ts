import type { ZodError } from 'zod';
import { UserError } from '../user-error';
import type { Envelope } from './contract-kit';
import type { Handlers } from './api-types';
import { invokes, type MethodName } from './ipc-contract';

export type InternalErrorLogger = (method: string, error: unknown) => void;

const methodByChannel = new Map<string, MethodName>(
  Object.entries(invokes).map(([method, entry]) => [entry.channel, method as MethodName]),
);

function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? `argument ${issue.path.join('.')}` : 'arguments'}: ${issue.message}`)
    .join('; ');
}

/**
 * Runs one contract call, named by its channel: parses the raw arguments with the entry's schema, calls the handler, and turns every
 * outcome into an Envelope. Transports (Electron IPC, the preview's WebSocket) call this after their own sender
 * checks, so argument validation cannot be forgotten by one of them.
 */
export async function dispatch(
  handlers: Handlers,
  channel: string,
  rawArgs: unknown,
  logInternalError: InternalErrorLogger = (name, error) => console.error(`[tokendesk] ${name} failed:`, error),
): Promise<Envelope<unknown>> {
  const method = methodByChannel.get(channel);
  if (!method) {
    return { ok: false, error: { code: 'unknown-method', params: { channel } } };
  }
  const parsed = invokes[method].args.safeParse(rawArgs);
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'bad-arguments', params: { method, problems: describeZodError(parsed.error) } },
    };
  }
  try {
    const handler = handlers[method] as (...args: unknown[]) => unknown;
    const value = await handler(...(parsed.data as unknown[]));
    return { ok: true, value };
  } catch (error) {
    if (error instanceof UserError) {
      return {
        ok: false,
        error: { ...error.coreMessage, ...(error.details === undefined ? {} : { details: error.details }) },
      };
    }
    logInternalError(method, error);
    return {
      ok: false,
      error: { code: 'internal', params: { method } },
    };
  }
}
