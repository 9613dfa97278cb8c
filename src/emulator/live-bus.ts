import type { Static } from "typebox";
import type { JournalEntry } from "./journal.js";
import type { DeliveryUpdate, EventView } from "../schemas/events/control.js";
import type { Store, Tx } from "../store/store.js";

/** Something the console (or any watcher) may want to redraw for; published only after it is durable. */
export type LiveNotice =
  /** A conference's state changed: one notice per conference per committed transaction. */
  | { topic: "changes"; kind: "conference"; conferenceId: string; operations: string[] }
  /** Many things changed at once (reset, snapshot import) or the directory did (orgs): reload. */
  | { topic: "changes"; kind: "state"; reason: "reset" | "import" | "directory" }
  /** A request was answered (the request journal's newest entry). */
  | { topic: "requests"; entry: JournalEntry }
  /** An event was written to the outbox (committed), with its deliveries as written. */
  | { topic: "events"; kind: "event"; event: Static<typeof EventView> }
  /** A delivery's state changed (src/events/delivery-changes.ts). */
  | { topic: "events"; kind: "delivery"; delivery: Static<typeof DeliveryUpdate> };

export type LiveTopic = LiveNotice["topic"];
export type LiveListener = (notice: LiveNotice) => void;

/**
 * An in-process publish/subscribe bus for the control plane's watch stream. Listeners run synchronously
 * in `publish`; one that throws is dropped from that notice only, never failing the publisher (a request
 * already answered with success, or the journal). In-process only: with several instances on one
 * PostgreSQL database each bus sees the changes its own instance made (see docs/decisions.md).
 */
export class LiveBus {
  private listeners = new Set<LiveListener>();

  get size(): number {
    return this.listeners.size;
  }

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(notice: LiveNotice): void {
    for (const listener of this.listeners) {
      try {
        listener(notice);
      } catch {
        // A watcher's failure (a closed socket) is its own; the stream closes itself.
      }
    }
  }
}

/** Tx methods whose calls mean "something a watcher shows changed" and what each one means. */
const WATCHED = new Map<string | symbol, (notes: Notes, args: unknown[]) => void>([
  // Every role, membership, host-control and settings change goes through recordChange → appendChange.
  [
    "appendChange",
    (notes, [change]) => {
      const { conferenceId, operation } = change as { conferenceId: string; operation: string };
      const ops = notes.conferences.get(conferenceId) ?? new Set<string>();
      notes.conferences.set(conferenceId, ops.add(operation));
    },
  ],
  ["reset", (notes) => (notes.state = "reset")],
  ["importAll", (notes) => (notes.state = "import")],
  ["putOrg", (notes) => (notes.state ??= "directory")],
  ["deleteOrg", (notes) => (notes.state ??= "directory")],
]);

interface Notes {
  conferences: Map<string, Set<string>>;
  state?: "reset" | "import" | "directory";
}

/**
 * The same store, publishing a notice for each write transaction once `transaction` has resolved, that
 * is once the commit is durable (SQLite: after the group commit's fsync; PostgreSQL: after COMMIT). A
 * transaction that fails publishes nothing. Read-only transactions pass straight through.
 */
export function observeStore(store: Store, bus: LiveBus): Store {
  const transaction: Store["transaction"] = async (fn, opts) => {
    if (opts?.readOnly) return store.transaction(fn, opts);
    const notes: Notes = { conferences: new Map() };
    const result = await store.transaction((tx) => fn(noting(tx, notes)), opts);
    if (notes.state) bus.publish({ topic: "changes", kind: "state", reason: notes.state });
    for (const [conferenceId, ops] of notes.conferences) {
      bus.publish({ topic: "changes", kind: "conference", conferenceId, operations: [...ops] });
    }
    return result;
  };
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === "transaction") return transaction;
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** `tx`, noting calls of the WATCHED methods in `notes` before making them. */
function noting(tx: Tx, notes: Notes): Tx {
  // Methods wrapped once per transaction, not on every call (a write calls a dozen of them).
  const wrapped = new Map<string | symbol, unknown>();
  return new Proxy(tx, {
    get(target, prop) {
      const known = wrapped.get(prop);
      if (known !== undefined) return known;
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      const note = WATCHED.get(prop);
      const fn = note
        ? (...args: unknown[]) => {
            note(notes, args);
            return value.apply(target, args);
          }
        : value.bind(target);
      wrapped.set(prop, fn);
      return fn;
    },
  });
}
