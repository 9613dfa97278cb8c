import type { JournalEntry, JournalQuery } from "../schemas/emulator/journal.js";

export type { JournalEntry };

/** The journal's filters; `limit` as a number (the route parses the query string's). */
export type JournalFilter = Omit<JournalQuery, "limit"> & { limit?: number };

/**
 * The request journal: a ring buffer of the last `capacity` answered requests, in memory only. Memory is
 * bounded by `capacity` whatever the traffic; the oldest entry is overwritten first.
 */
export class Journal implements JournalView {
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
  list(query: JournalFilter = {}): JournalEntry[] {
    return filterEntries([...this.entries()], query);
  }

  clear(): void {
    this.ring = new Array(this.capacity);
    this.next = 0;
    this.size = 0;
  }
}

/** What the journal routes read and empty: this process's ring, or the journal a cluster shares. */
export interface JournalView {
  readonly capacity: number;
  list(query?: JournalFilter): JournalEntry[] | Promise<JournalEntry[]>;
  clear(): void | Promise<void>;
}

/** Of `entries` (oldest first), the newest `limit` that match the filters, oldest first. */
export function filterEntries(entries: JournalEntry[], query: JournalFilter): JournalEntry[] {
  const status = statusFilter(query.status);
  const matching = entries.filter(
    (e) =>
      (query.operation === undefined || e.operation === query.operation) &&
      (query.app === undefined || e.app === query.app) &&
      status(e.status),
  );
  const limit = query.limit ?? matching.length;
  return limit >= matching.length ? matching : matching.slice(matching.length - limit);
}

/** `403` matches 403 only, `4xx` any 4xx; undefined matches all. The schema checks the form. */
function statusFilter(raw: string | undefined): (status: number) => boolean {
  if (raw === undefined) return () => true;
  if (/^[1-5]xx$/.test(raw)) {
    const cls = Number(raw[0]);
    return (s) => Math.floor(s / 100) === cls;
  }
  const n = Number(raw);
  return (s) => s === n;
}
