import type { Clock } from "../domain/clock.js";
import type { ConferenceRow, NewChange, Store, TransactionOptions, Tx } from "../store/store.js";
import { planEvents } from "./derive.js";
import type { DeliveryUnit } from "./events-tx.js";
import {
  buildPlanned,
  type ETx,
  type EventToWrite,
  type Leaser,
  type Written,
  type WrittenEvent,
  writeEvents,
} from "./writer.js";
import type { ClaimedDelivery } from "./types.js";

/**
 * The outbox seam. `Outbox.wrap(store)` returns the store domain code uses: each write transaction's
 * change-log rows (`recordChange` → `Tx.appendChange`) and new conferences are collected, and before the
 * transaction ends the events they emit are written beside them (outbox rows, one delivery per
 * subscriber), so a change and its events commit together or not at all. Listeners hear of them only
 * after the store answered the transaction, i.e. once it is durable (SQLite: after the group commit's
 * fsync; PostgreSQL: after COMMIT).
 */

const SCOPE = Symbol("vconf.events.scope");

interface Scope {
  changes: NewChange[];
  created: string[];
  units: Map<string, DeliveryUnit>;
  deliveries: number;
  events: number;
  leased: ClaimedDelivery[];
  written: WrittenEvent[];
  clientKinds: Map<string, "app" | "suite">;
  leaser?: Leaser;
}

/** What a committed transaction wrote: its events' count and the subscribers with new deliveries. */
export interface Committed {
  events: number;
  deliveries: number;
  units: DeliveryUnit[];
  /** Deliveries leased to this instance in the transaction (see `Leaser`): to send now. */
  leased: ClaimedDelivery[];
  /** The events written, in write order, each with its deliveries as written (the console's live view). */
  written: WrittenEvent[];
  /** App or suite, for each subscriber of `written`. */
  clientKinds: Map<string, "app" | "suite">;
}

export type CommitListener = (c: Committed) => void;

function newScope(): Scope {
  return {
    changes: [],
    created: [],
    units: new Map(),
    deliveries: 0,
    events: 0,
    leased: [],
    written: [],
    clientKinds: new Map(),
  };
}

/** The per-transaction view of `tx` that records what the seam needs; everything else passes through. */
function scoped(tx: Tx, scope: Scope): Tx {
  // Bound methods made once per transaction: a domain call makes dozens of tx calls.
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(tx, {
    get(target, prop) {
      const known = bound.get(prop);
      if (known !== undefined) return known;
      if (prop === SCOPE) return scope;
      if (prop === "appendChange") {
        return (change: NewChange) => {
          scope.changes.push(change);
          return target.appendChange(change);
        };
      }
      if (prop === "insertConference") {
        return (conf: ConferenceRow) => {
          if (conf.status === 2) scope.created.push(conf.conferenceId);
          return target.insertConference(conf);
        };
      }
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      const method = (value as (...a: unknown[]) => unknown).bind(target);
      bound.set(prop, method);
      return method;
    },
  });
}

function record(scope: Scope, w: Written, events: number) {
  for (const u of w.units) scope.units.set(JSON.stringify(u), u);
  scope.deliveries += w.deliveries;
  scope.events += events;
  scope.leased.push(...w.leased);
  scope.written.push(...w.events);
  for (const [key, kind] of w.clientKinds) scope.clientKinds.set(key, kind);
}

/**
 * Writes `event` (e.g. `meeting_asr_result_event`, with its twin to the creating app) in the current
 * transaction, numbered in the conference's sequence. For operations whose events do not follow from
 * the change log. Returns how many deliveries it made (0: nobody subscribed).
 */
export async function emitEvent(tx: Tx, event: EventToWrite, now: number): Promise<number> {
  const scope = (tx as unknown as Record<symbol, Scope | undefined>)[SCOPE];
  const w = await writeEvents(tx as ETx, [event], now, scope?.leaser);
  if (scope) record(scope, w, 1);
  return w.deliveries;
}

export class Outbox {
  private listeners = new Set<CommitListener>();
  /** Set by the delivery engine: new deliveries it can send at once are written leased to it. */
  leaser?: Leaser;

  constructor(private readonly clock: Clock) {}

  /**
   * Hears of every committed transaction that wrote events, in this process, after it is durable. The
   * dispatcher wakes through this; the console can use it to show the outbox live (then read the rows).
   * Returns the unsubscribe function.
   */
  subscribe(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  wrap(store: Store): Store {
    const wrapped: Store = {
      kind: store.kind,
      transaction: <T>(fn: (tx: Tx) => Promise<T>, opts?: TransactionOptions) =>
        opts?.readOnly ? store.transaction(fn, opts) : this.run(store, fn, opts),
      close: () => store.close(),
    };
    if (store.cachedAuth) wrapped.cachedAuth = (hash) => store.cachedAuth!(hash);
    if (store.listen) wrapped.listen = (channel, fn) => store.listen!(channel, fn);
    return Object.assign(Object.create(store) as Store, wrapped);
  }

  private async run<T>(store: Store, fn: (tx: Tx) => Promise<T>, opts?: TransactionOptions): Promise<T> {
    let scope = newScope();
    const result = await store.transaction(async (tx) => {
      scope = newScope(); // a retried transaction starts over
      scope.leaser = this.leaser;
      const value = await fn(scoped(tx, scope));
      const planned = planEvents(scope.changes, scope.created);
      if (planned.length > 0) {
        const events = await buildPlanned(tx as ETx, planned);
        record(scope, await writeEvents(tx as ETx, events, this.clock.now(), this.leaser), events.length);
      }
      return value;
    }, opts);
    if (scope.events > 0) {
      const committed: Committed = {
        events: scope.events,
        deliveries: scope.deliveries,
        units: [...scope.units.values()],
        leased: scope.leased,
        written: scope.written,
        clientKinds: scope.clientKinds,
      };
      for (const l of this.listeners) {
        try {
          l(committed);
        } catch {
          // a listener's failure must not fail a committed request
        }
      }
    }
    return result;
  }
}
