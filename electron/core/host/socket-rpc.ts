import type net from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { z } from 'zod';
import type { Handlers } from '../contract/api-types';
import type { Envelope } from '../contract/contract-kit';
import { dispatch } from '../contract/dispatch';
import { events, invokes, type MethodName } from '../contract/ipc-contract';
import { encodeInvoke, parseClientMessage, type ServerMessage } from '../contract/preview-protocol';
import { TypedEmitter } from '../events/typed-emitter';
import { UserError } from '../user-error';
import type { CoreEvents } from '../tokendesk-core';

/**
 * The refresher's local socket speaks the IPC contract: the same `invoke` / `result` / `event` messages as the
 * preview's WebSocket (one JSON object per line), dispatched through the same `dispatch`, so every argument is
 * checked by the contract's schemas. The server greets each client with who it is.
 */

export const HostKindSchema = z.enum(['app', 'preview', 'serve', 'cli']);
export type HostKind = z.infer<typeof HostKindSchema>;

export const HelloSchema = z.object({
  type: z.literal('hello'),
  protocol: z.literal(1),
  pid: z.number().int(),
  kind: HostKindSchema,
  startedAt: z.number(),
  /** The refresher's local endpoint port, when it listens (null otherwise). */
  endpointPort: z.number().int().nullable(),
});
export type Hello = z.infer<typeof HelloSchema>;

type WireMessage = ServerMessage | Hello;

/** What the socket serves: a core's handlers and events. */
export interface Servable {
  handlers: Handlers;
  events: TypedEmitter<CoreEvents>;
}

/** Longest line a client may send (an account draft with notes is a few KiB). */
const MAX_REQUEST_LINE = 1024 * 1024;
/** Longest answer a client accepts from its refresher (the account list of a thousand accounts runs to MiBs). */
const MAX_ANSWER_LINE = 256 * 1024 * 1024;

/** Serves `target` on every connection of `server` until the server closes. */
export function serveContract(
  server: net.Server,
  target: Servable,
  hello: () => Omit<Hello, 'type' | 'protocol'>,
): void {
  const clients = new Set<net.Socket>();
  server.on('connection', (socket) => {
    clients.add(socket);
    const send = (message: WireMessage) => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
    };
    send({ type: 'hello', protocol: 1, ...hello() });
    const unsubscribes = Object.entries(events).map(([name, entry]) =>
      target.events.on(name as keyof typeof events, (payload) =>
        send({ type: 'event', channel: entry.channel, payload }),
      ),
    );
    const done = () => {
      clients.delete(socket);
      unsubscribes.splice(0).forEach((unsubscribe) => unsubscribe());
    };
    socket.on('close', done);
    socket.on('error', () => socket.destroy());
    readLines(socket, MAX_REQUEST_LINE, (line) => {
      const message = parseClientMessage(line);
      if (!message) return void socket.destroy();
      void dispatch(target.handlers, message.channel, message.args).then((envelope) =>
        send({ type: 'result', id: message.id, envelope }),
      );
    });
  });
  // releaseRefresherSocket drops the clients once it holds the claim mutex, so they fail over to a settled data dir.
  server.on('tokendesk:drop-clients', () => clients.forEach((socket) => socket.destroy()));
}

/** The refresher went away while a call was waiting for its answer. */
export class RefresherGoneError extends UserError {
  constructor() {
    super({ code: 'refresher-gone', params: {} });
  }
}

/**
 * A client of the refresher: `handlers` with the contract's shape whose calls run in the refresher, and its events.
 * A refusal there arrives here as a UserError with the same code, params and details.
 */
export class RemoteCore implements Servable {
  readonly events = new TypedEmitter<CoreEvents>();
  readonly handlers: Handlers;
  /** Resolves when the connection ends (the refresher stopped or died). */
  readonly closed: Promise<void>;
  private nextId = 1;
  private readonly waiting = new Map<number, (envelope: Envelope<unknown>) => void>();

  private constructor(
    private readonly socket: net.Socket,
    readonly hello: Hello,
    lines: LineReader,
  ) {
    const eventNames = new Map(Object.entries(events).map(([name, entry]) => [entry.channel, name]));
    lines.onLine = (line: string) => {
      const message = parseServerMessage(line);
      if (message?.type === 'result') {
        this.waiting.get(message.id)?.(message.envelope);
        this.waiting.delete(message.id);
      } else if (message?.type === 'event') {
        const name = eventNames.get(message.channel);
        if (name) this.events.emit(name as keyof CoreEvents & string, message.payload as never);
      }
    };
    this.closed = new Promise((resolve) => {
      if (socket.destroyed) resolve();
      else socket.once('close', () => resolve());
    });
    void this.closed.then(() => {
      const gone: Envelope<unknown> = {
        ok: false,
        error: { code: 'refresher-gone', params: {} },
      };
      this.waiting.forEach((answer) => answer(gone));
      this.waiting.clear();
    });
    const handlers: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
    for (const [method, entry] of Object.entries(invokes)) {
      handlers[method] = (...args) => this.call(method as MethodName, entry.channel, args);
    }
    this.handlers = handlers as unknown as Handlers;
  }

  /** Connects over an open socket: waits for the refresher's hello (undefined if it doesn't come). */
  static async over(socket: net.Socket, timeoutMs = 5_000): Promise<RemoteCore | undefined> {
    const lines = readLines(socket, MAX_ANSWER_LINE, () => undefined);
    const hello = await new Promise<Hello | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      // The server's first line is its hello; anything after it waits in the reader until the core takes over.
      lines.onLine = (line) => {
        clearTimeout(timer);
        lines.onLine = undefined;
        resolve(parseHello(line));
      };
      socket.once('close', () => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
    if (!hello) {
      socket.destroy();
      return undefined;
    }
    const remote = new RemoteCore(socket, hello, lines);
    lines.drain();
    return remote;
  }

  close(): void {
    this.socket.destroy();
  }

  private call(method: MethodName, channel: string, args: unknown[]): Promise<unknown> {
    if (this.socket.destroyed) return Promise.reject(new RefresherGoneError());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (envelope) => {
        if (envelope.ok) resolve(envelope.value);
        else reject(new UserError(envelope.error, envelope.error.details));
      });
      this.socket.write(`${encodeInvoke(id, channel, args)}\n`);
    });
  }
}

function parseHello(line: string): Hello | undefined {
  try {
    const parsed = HelloSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function parseServerMessage(line: string): ServerMessage | undefined {
  try {
    const value = JSON.parse(line) as ServerMessage;
    return value && (value.type === 'result' || value.type === 'event') ? value : undefined;
  } catch {
    return undefined;
  }
}

interface LineReader {
  /** Called per line; while unset, lines wait (in order) for the next handler. */
  onLine: ((line: string) => void) | undefined;
  /** Hands the waiting lines to the current handler. */
  drain(): void;
}

/** Splits the socket's data into newline-terminated lines, one reader for the socket's whole life. */
function readLines(socket: net.Socket, maxLine: number, onLine: (line: string) => void): LineReader {
  // A decoder, not chunk.toString(): a chunk may end inside a multi-byte character (a Chinese label).
  const decoder = new StringDecoder('utf8');
  let partial: string[] = [];
  let partialLength = 0;
  const waiting: string[] = [];
  const reader: LineReader = {
    onLine,
    drain: () => {
      while (reader.onLine && waiting.length > 0) reader.onLine(waiting.shift()!);
    },
  };
  socket.on('data', (chunk: Buffer) => {
    let text = decoder.write(chunk);
    let newline: number;
    // Only the new text is searched: a long answer arrives in many chunks.
    while ((newline = text.indexOf('\n')) >= 0) {
      partial.push(text.slice(0, newline));
      const line = partial.join('');
      partial = [];
      partialLength = 0;
      if (line) waiting.push(line);
      text = text.slice(newline + 1);
    }
    if (text) {
      partial.push(text);
      partialLength += text.length;
      if (partialLength > maxLine) return void socket.destroy();
    }
    reader.drain();
  });
  return reader;
}
