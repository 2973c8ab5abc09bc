import { EventEmitter } from 'node:events';

/**
 * A Node EventEmitter whose event names and payloads are checked by TypeScript. `on` returns an unsubscribe
 * function, matching the `onX(cb) → unsubscribe` shape the renderer gets.
 */
export class TypedEmitter<EventMap extends Record<string, unknown>> {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open window and socket subscribes; the default cap of 10 would warn with a few windows and a CLI.
    this.emitter.setMaxListeners(0);
  }

  on<K extends keyof EventMap & string>(name: K, listener: (payload: EventMap[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }

  emit<K extends keyof EventMap & string>(name: K, payload: EventMap[K]): void {
    this.emitter.emit(name, payload);
  }
}
