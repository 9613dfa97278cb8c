import type { EmulatorClock } from "./emulator/clock.js";
import { LiveBus, observeStore } from "./emulator/live-bus.js";
import { DEFAULT_EVENT_SETTINGS, type EventSettings, EventsRuntime } from "./events/runtime.js";
import type { Store } from "./store/store.js";

/**
 * The store one vconf process uses, its layers in this one place, innermost first:
 *
 * 1. the driver (SQLite or PostgreSQL); the metrics observe it directly (`raw.observe`: commit, fsync
 *    and cache timings are the driver's own);
 * 2. `Outbox.wrap` (events): a write transaction's change-log rows → its events and deliveries, written
 *    in the same transaction, delivery woken once the commit is durable;
 * 3. `observeStore` (console): once the transaction is durable, one notice per conference on the live bus.
 *
 * Every part takes `store` (routes, seed, snapshot import, reset, the Stream gateway, the delivery
 * engine), so a change committed through any path is both in the outbox and on the live bus. Layer 3 sits
 * over 2 so its notice comes after the outbox has handed the commit to delivery.
 */
export interface StoreStack {
  /** The driver itself: only for what observes it (metrics), never for transactions. */
  raw: Store;
  /** What every part of the process uses. */
  store: Store;
  /** The console's live bus (watch stream, live tails). */
  live: LiveBus;
  /** Outbox, Stream gateway, HTTP push and delivery over `store`. */
  events: EventsRuntime;
}

export interface StackOptions {
  events?: EventSettings;
  log?: (msg: string, err?: unknown) => void;
}

export function stackStore(raw: Store, clock: EmulatorClock, options: StackOptions = {}): StoreStack {
  const live = new LiveBus();
  const events = new EventsRuntime(raw, clock, options.events ?? DEFAULT_EVENT_SETTINGS, options.log, (s) =>
    observeStore(s, live),
  );
  return { raw, store: events.store, live, events };
}
