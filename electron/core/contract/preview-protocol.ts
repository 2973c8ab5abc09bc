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
});
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export type ServerMessage =
  | { type: 'result'; id: number; envelope: Envelope<unknown> }
  | { type: 'event'; channel: string; payload: unknown };

export function parseClientMessage(text: string): ClientMessage | null {
  try {
    const parsed = ClientMessageSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
