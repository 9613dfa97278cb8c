/** One answered request, as the control plane's request journal shows it. */
export interface JournalEntry {
  /** When the answer was sent (ISO 8601, from the server's clock). */
  time: string;
  requestid: string;
  method: string;
  /** The path without its query string (a query may carry values a journal reader should not see). */
  path: string;
  /** The SDK action name (`Cohosts`, `GetAccessToken`, …), `vconf.*` for the control plane. */
  operation: string;
  /** The app or suite key that called, when known. */
  app?: string;
  status: number;
  latencyMs: number;
  /** For errors: the DingTalk code and message that were answered. */
  code?: string;
  message?: string;
}

export interface JournalQuery {
  limit?: number;
  operation?: string;
  app?: string;
  /** An exact status (`403`) or a class (`4xx`). */
  status?: string;
}

/**
 * The request journal: a ring buffer of the last `capacity` answered requests, in memory only. Memory is
 * bounded by `capacity` whatever the traffic; the oldest entry is overwritten first.
 */
export class Journal {
  private ring: (JournalEntry | undefined)[];
  /** Index the next entry is written to. */
  private next = 0;
  private size = 0;
  private listeners = new Set<(entry: JournalEntry) => void>();

  constructor(readonly capacity: number) {
    this.ring = new Array(capacity);
  }

  record(entry: JournalEntry): void {
    if (this.capacity === 0) return;
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
    for (const listener of this.listeners) listener(entry);
  }

  /** Calls `listener` with each entry recorded from now on (the console's live tail); returns the undo. */
  onRecord(listener: (entry: JournalEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many entries it holds now (never more than `capacity`). */
  get length(): number {
    return this.size;
  }

  /** Entries oldest first. */
  private *entries(): Generator<JournalEntry> {
    const start = (this.next - this.size + this.capacity) % Math.max(this.capacity, 1);
    for (let i = 0; i < this.size; i++) yield this.ring[(start + i) % this.capacity]!;
  }

  /** The newest `limit` entries that match the filters, oldest first. */
  list(query: JournalQuery = {}): JournalEntry[] {
    const status = statusFilter(query.status);
    const matching = [...this.entries()].filter(
      (e) =>
        (query.operation === undefined || e.operation === query.operation) &&
        (query.app === undefined || e.app === query.app) &&
        status(e.status),
    );
    const limit = query.limit ?? matching.length;
    return limit >= matching.length ? matching : matching.slice(matching.length - limit);
  }

  clear(): void {
    this.ring = new Array(this.capacity);
    this.next = 0;
    this.size = 0;
  }
}

/** `403` matches 403 only, `4xx` any 4xx; undefined matches all. The caller checks the form. */
function statusFilter(raw: string | undefined): (status: number) => boolean {
  if (raw === undefined) return () => true;
  if (/^[1-5]xx$/.test(raw)) {
    const cls = Number(raw[0]);
    return (s) => Math.floor(s / 100) === cls;
  }
  const n = Number(raw);
  return (s) => s === n;
}

/** The status filter's accepted forms, for the route's schema. */
export const STATUS_FILTER_PATTERN = "^([1-5]xx|[1-5][0-9]{2})$";
