import type { EndpointRequestRecord } from './token-source';

export interface EndpointRequestLogOptions {
  /** Where each finished record goes: the history, and `serve`'s stderr. */
  write: (record: EndpointRequestRecord) => void;
  /** Alike requests within this long of the first are one record; default 1000 ms. */
  windowMs?: number;
  /** A window closes early once it gathers this many different records; default 500. */
  maxRecords?: number;
}

/**
 * The endpoint's request log, with alike requests folded together. A script polling in a tight loop (a Postman
 * runner, a load test) sends thousands of identical requests a second; a history entry each made the log most of the
 * endpoint's cost and pushed every other request out of the bounded log within a second. Requests that agree in
 * everything the log shows (method, redacted target, route, account, status, errcode, refusal) and arrive within a
 * window of the first become one record with a `count`; the record is written when its window closes. A request
 * unlike the others still gets its own record, in order of arrival.
 */
export class EndpointRequestLog {
  private readonly windowMs: number;
  private readonly maxRecords: number;
  /** The open window's records by what they show, in order of arrival. */
  private open = new Map<string, EndpointRequestRecord>();
  /** The open window's record the latest request went to. */
  private last?: EndpointRequestRecord;
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: EndpointRequestLogOptions) {
    this.windowMs = options.windowMs ?? 1000;
    this.maxRecords = options.maxRecords ?? 500;
  }

  /** Takes the record over: the caller must not change it afterwards. */
  add(record: EndpointRequestRecord): void {
    // A poller's requests come one after another: compared with the last one's record first, without building a key.
    const key = this.last && sameShown(this.last, record) ? undefined : shownKey(record);
    const alike = key === undefined ? this.last : this.open.get(key);
    if (alike) {
      alike.count = (alike.count ?? 1) + 1;
      alike.lastAt = record.at;
      if (record.latencyMs > alike.latencyMs) alike.latencyMs = record.latencyMs;
      this.last = alike;
      return;
    }
    if (this.open.size >= this.maxRecords) this.flush();
    this.open.set(key!, record);
    this.last = record;
    // One timer per window, not per request; unref'd so that the log never keeps a process alive.
    this.timer ??= setTimeout(() => this.flush(), this.windowMs).unref();
  }

  /** The records of the open window, newest first (a status shown now includes them). */
  pending(): EndpointRequestRecord[] {
    return [...this.open.values()].reverse();
  }

  /** Writes the open window's records now (when its window ends, and before the endpoint stops). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const records = this.open;
    this.open = new Map();
    this.last = undefined;
    for (const record of records.values()) this.options.write(record);
  }
}

/** What the log shows of a request, as the key of its record in the open window. */
function shownKey(record: EndpointRequestRecord): string {
  return `${record.method} ${record.path} ${record.route} ${record.accountId} ${record.status} ${record.errcode} ${record.refused}`;
}

/** Whether two records show the same (what `shownKey` is made of). */
function sameShown(a: EndpointRequestRecord, b: EndpointRequestRecord): boolean {
  return (
    a.path === b.path &&
    a.status === b.status &&
    a.route === b.route &&
    a.accountId === b.accountId &&
    a.method === b.method &&
    a.errcode === b.errcode &&
    a.refused === b.refused
  );
}
