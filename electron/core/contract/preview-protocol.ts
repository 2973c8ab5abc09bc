import { z } from 'zod';
import type { Envelope } from './contract-kit';

/**
 * The preview's WebSocket messages. The page sends `invoke`; the server answers with `result` and pushes `event`.
 * Shared by the preview server (Node) and the page's bridge (renderer).
 */
export const ClientMessageSchema = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  args: z.array(z.unknown()).max(16),
  /** Positions of `undefined` arguments: JSON turns them into null, Electron's IPC (structured clone) keeps them. */
  undefinedArgs: z.array(z.number().int().min(0).max(15)).max(16).optional(),
});
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export type ServerMessage =
  { type: 'result'; id: number; envelope: Envelope<unknown> } | { type: 'event'; channel: string; payload: unknown };

/** Encodes an invoke so that the arguments arrive exactly as the page passed them. */
export function encodeInvoke(id: number, channel: string, args: unknown[]): string {
  const undefinedArgs = args.flatMap((arg, index) => (arg === undefined ? [index] : []));
  return JSON.stringify({ type: 'invoke', id, channel, args, ...(undefinedArgs.length ? { undefinedArgs } : {}) });
}

/** Parses an invoke, restoring its undefined arguments; null for anything that is not one. */
export function parseClientMessage(text: string): ClientMessage | null {
  try {
    const parsed = ClientMessageSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return null;
    const args = [...parsed.data.args];
    for (const index of parsed.data.undefinedArgs ?? []) if (index < args.length) args[index] = undefined;
    return { ...parsed.data, args };
  } catch {
    return null;
  }
}
