import type { InputArgsOf, PayloadOf, ResultOf, SubscribeName } from './contract-kit';
import type { EventName, Events, Invokes, MethodName } from './ipc-contract';

/** The `window.tokendesk` API: one promise-returning method per invoke entry, one `onX(cb) → unsubscribe` per event. */
export type TokenDeskApi = {
  [K in MethodName]: (...args: InputArgsOf<Invokes[K]>) => Promise<ResultOf<Invokes[K]>>;
} & {
  [K in EventName as SubscribeName<K>]: (listener: (payload: PayloadOf<Events[K]>) => void) => () => void;
};

/** What the core implements for each invoke entry (arguments already parsed by the entry's schema). */
export type Handlers = {
  [K in MethodName]: (
    ...args: import('./contract-kit').ArgsOf<Invokes[K]>
  ) => Promise<ResultOf<Invokes[K]>> | ResultOf<Invokes[K]>;
};
