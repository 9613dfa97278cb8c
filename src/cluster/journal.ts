import {
  filterEntries,
  type JournalEntry,
  type JournalFilter,
  type JournalView,
} from "../emulator/journal.js";
import { randomBytes } from "node:crypto";
import { INSTANCE_ID, type InstanceRow, type Listen, type SharedQuery } from "./instance.js";

/**
 * Says "new entries" after each batch (payload `<instance>:<batch size>`), asks every instance to write
 * its buffer (`flush:<token>`) and answers that it did (`flushed:<token>`).
 */
const CHANNEL = "vconf_journal";
/** Batch insert and NOTIFY in one statement; returns the batch's last id. */
const INSERT = `WITH ins AS (INSERT INTO cluster_journal (entry) SELECT unnest($1::text[]) RETURNING id)
  SELECT max(id) AS last, pg_notify('${CHANNEL}', $2 || ':' || count(*)) FROM ins`;
/** How long a read waits for the other instances to write their buffers before reading anyway. */
const FLUSH_WAIT_MS = 250;
/** After a failed batch, the next try waits this long (the entries stay buffered, at most `capacity`). */
const RETRY_MS = 1_000;
/**
 * Ids are handed out at insert and become visible at commit, so a batch may appear below ids a tail has
 * already read: each tail looks this many ids back and skips the ones it published.
 */
const SLACK = 256;

/**
 * The request journal of several instances on one PostgreSQL: one capped table (`cluster_journal`) all
 * of them write and read, each entry tagged with its instance. `record` stays synchronous: entries are
 * buffered and written off the request path, one multi-row INSERT per batch (whatever arrived while the
 * previous batch was in flight), and the table is trimmed to the newest `capacity` entries as it grows.
 * Reading through any instance first writes that instance's own buffer, then reads the table. Other
 * instances' entries reach this instance's live tail (console, `vconf requests --follow`) after their
 * batch's NOTIFY, while someone watches.
 */
export class SharedJournal implements JournalView {
  private buffer: JournalEntry[] = [];
  private flushing: Promise<void> | undefined;
  private scheduled = false;
  private failedAt = 0;
  private lastId = 0;
  private trimmedTo = 0;
  /** The tail's position and the ids it published lately (see SLACK). */
  private tailFrom: number | undefined;
  private published = new Set<number>();
  private tailing: Promise<void> = Promise.resolve();
  private listeners = new Set<(entry: JournalEntry) => void>();
  private unlisten: (() => Promise<void>) | undefined;
  /** Reads waiting for other instances' `flushed`, by token. */
  private flushWaits = new Map<string, () => void>();

  constructor(
    readonly capacity: number,
    private readonly query: SharedQuery,
    private readonly listen: Listen,
    private readonly instance: InstanceRow,
    /** Whether anyone watches the live tail now (the tail reads other instances' entries only then). */
    private readonly watched: () => boolean,
    private readonly log: (msg: string, err?: unknown) => void = () => {},
  ) {}

  async start(): Promise<void> {
    if (this.capacity === 0) return;
    this.unlisten = await this.listen(CHANNEL, (payload) => {
      const [from, size] = payload.split(":");
      if (from === "flush") return void this.flushFor(size);
      if (from === "flushed") return this.flushWaits.get(size)?.();
      if (from === INSTANCE_ID) return;
      const batch = Math.min(Number(size) || this.capacity, this.capacity);
      this.tailing = this.tailing
        .then(() => this.tail(batch))
        .catch((e) => this.log("journal tail failed", e));
    });
    const rows = await this.query("SELECT COALESCE(max(id), 0) AS last FROM cluster_journal");
    this.lastId = this.trimmedTo = Number(rows[0]!.last);
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    await this.drain().catch((e) => this.log("journal: last batch not written", e));
  }

  record(entry: JournalEntry): void {
    if (this.capacity === 0) return;
    this.buffer.push(entry);
    if (this.buffer.length > this.capacity) this.buffer.shift();
    for (const listener of this.listeners) listener(entry);
    this.schedule();
  }

  onRecord(listener: (entry: JournalEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** About how many entries the table holds (for the metrics gauge; exact after a read). */
  get length(): number {
    return Math.min(this.capacity, this.lastId - this.trimmedTo + this.buffer.length);
  }

  async list(query: JournalFilter = {}): Promise<JournalEntry[]> {
    if (this.capacity === 0) return [];
    await this.drain();
    await this.othersFlushed();
    const rows = await this.query("SELECT entry FROM cluster_journal ORDER BY id DESC LIMIT $1", [
      this.capacity,
    ]);
    const entries = rows.map((r) => JSON.parse(String(r.entry)) as JournalEntry).reverse();
    return filterEntries(entries, query);
  }

  /** Empties the journal of every instance (entries other instances have not written yet come after). */
  async clear(): Promise<void> {
    this.buffer = [];
    await this.flushing;
    await this.query("DELETE FROM cluster_journal");
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    const wait = this.failedAt ? Math.max(0, this.failedAt + RETRY_MS - Date.now()) : 0;
    const run = () => {
      this.scheduled = false;
      this.flushing = this.flush().finally(() => {
        this.flushing = undefined;
        if (this.buffer.length > 0) this.schedule();
      });
    };
    if (wait > 0) setTimeout(run, wait).unref();
    else setImmediate(run);
  }

  /** Writes what is buffered now: one batch. A failure keeps the entries for the next try. */
  private async flush(): Promise<void> {
    const batch = this.buffer;
    if (batch.length === 0) return;
    this.buffer = [];
    try {
      const rows = await this.query(INSERT, [batch.map((e) => JSON.stringify(e)), INSTANCE_ID]);
      this.failedAt = 0;
      this.lastId = Math.max(this.lastId, Number(rows[0]!.last));
      // Trimmed once it holds a tenth more than it keeps: reads never show more than `capacity`.
      if (this.lastId - this.trimmedTo > this.capacity + Math.ceil(this.capacity / 10)) {
        const below = this.lastId - this.capacity;
        await this.query("DELETE FROM cluster_journal WHERE id <= $1", [below]);
        this.trimmedTo = below;
      }
    } catch (e) {
      if (!this.failedAt) this.log("journal batch not written; retrying", e);
      this.failedAt = Date.now();
      this.buffer = [...batch, ...this.buffer].slice(-this.capacity);
    }
  }

  /**
   * Asks the other live instances to write their buffers and waits (at most FLUSH_WAIT_MS) until they
   * say they did: a call answered by one instance is in the journal read through another right after.
   */
  private async othersFlushed(): Promise<void> {
    const others = (await this.instance.live()) - 1;
    if (others <= 0) return;
    const token = randomBytes(6).toString("hex");
    let acks = 0;
    let timer: NodeJS.Timeout | undefined;
    const done = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, FLUSH_WAIT_MS);
      this.flushWaits.set(token, () => ++acks >= others && resolve());
    });
    try {
      await this.query("SELECT pg_notify($1, $2)", [CHANNEL, `flush:${token}`]);
      await done;
    } finally {
      clearTimeout(timer);
      this.flushWaits.delete(token);
    }
  }

  /** Another instance's read asked for this instance's buffer: write it, then say so. */
  private async flushFor(token: string | undefined): Promise<void> {
    if (!token || this.flushWaits.has(token)) return; // its own request
    await this.drain().catch(() => {});
    await this.query("SELECT pg_notify($1, $2)", [CHANNEL, `flushed:${token}`]).catch((e) =>
      this.log("journal: flush answer not sent", e),
    );
  }

  /** Waits until everything recorded so far is written (or failed). */
  private async drain(): Promise<void> {
    for (let i = 0; i < 3 && (this.flushing || this.buffer.length > 0); i++) {
      if (this.flushing) await this.flushing;
      else await this.flush();
    }
  }

  /**
   * Publishes other instances' new entries to this instance's live tail. Nobody watching, it reads
   * nothing; the first batch after someone started watching is read as the newest `batch` entries.
   */
  private async tail(batch: number): Promise<void> {
    if (!this.watched()) {
      this.tailFrom = undefined;
      return;
    }
    const rows =
      this.tailFrom === undefined
        ? (
            await this.query("SELECT id, entry FROM cluster_journal ORDER BY id DESC LIMIT $1", [batch])
          ).reverse()
        : await this.query("SELECT id, entry FROM cluster_journal WHERE id > $1 ORDER BY id LIMIT $2", [
            this.tailFrom - SLACK,
            this.capacity + SLACK,
          ]);
    this.tailFrom ??= Math.max(this.lastId, ...rows.map((r) => Number(r.id)));
    for (const row of rows) {
      const id = Number(row.id);
      if (this.published.has(id)) continue;
      this.published.add(id);
      this.tailFrom = Math.max(this.tailFrom, id);
      const entry = JSON.parse(String(row.entry)) as JournalEntry;
      if (entry.instance === INSTANCE_ID) continue;
      for (const listener of this.listeners) listener(entry);
    }
    for (const id of this.published) if (id <= this.tailFrom - 2 * SLACK) this.published.delete(id);
  }
}
