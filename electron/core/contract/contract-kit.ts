import type { z } from 'zod';
import type { CoreMessage } from '../i18n/core-messages';

/**
 * Building blocks of the IPC contract. An invoke entry is a channel (`domain:verb`), a zod tuple for its arguments
 * and a phantom result type; an event entry is a channel and a phantom payload type. Everything that carries the
 * contract (the Electron preload, the preview's WebSocket bridge, main's registration loop, the preview server) is
 * generated from these tables, so an entry added here appears everywhere at once.
 */

export interface InvokeEntry<Args extends z.ZodTuple = z.ZodTuple, Result = unknown> {
  readonly channel: string;
  readonly args: Args;
  /** Phantom: never set at runtime, only carries the result type. */
  readonly result?: Result;
}

export interface EventEntry<Payload = unknown> {
  readonly channel: string;
  /** Phantom: never set at runtime. */
  readonly payload?: Payload;
}

export function invoke<Args extends z.ZodTuple>(channel: string, args: Args) {
  return { returns: <Result>(): InvokeEntry<Args, Result> => ({ channel, args }) };
}

export function event<Payload>(channel: string): EventEntry<Payload> {
  return { channel };
}

export type InvokeTable = Record<string, InvokeEntry>;
export type EventTable = Record<string, EventEntry>;

export type ArgsOf<E> = E extends InvokeEntry<infer A, unknown> ? z.output<A> : never;
export type InputArgsOf<E> = E extends InvokeEntry<infer A, unknown> ? z.input<A> : never;
export type ResultOf<E> = E extends InvokeEntry<z.ZodTuple, infer R> ? R : never;
export type PayloadOf<E> = E extends EventEntry<infer P> ? P : never;

/**
 * What a handler's outcome looks like on the wire. Errors travel as data — a catalogue message (`code` + `params`,
 * see i18n/core-messages.ts) that each edge renders in its own language, never English prose. Besides the handlers'
 * own codes: `refused` (the caller is not our page), `bad-arguments` (the entry's schema said no), `unknown-method`,
 * and `internal` (a bug: only the method is named, the details are logged where it happened).
 */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: EnvelopeError };

export type EnvelopeError = CoreMessage & { details?: unknown };

/** The name of the subscribe method for an event: `accountStateChanged` → `onAccountStateChanged`. */
export type SubscribeName<K extends string> = `on${Capitalize<K>}`;

export function subscribeName<K extends string>(key: K): SubscribeName<K> {
  return `on${key.charAt(0).toUpperCase()}${key.slice(1)}` as SubscribeName<K>;
}
