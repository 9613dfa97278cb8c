import type { LiveBus } from "../emulator/live-bus.js";
import type { Store } from "../store/store.js";
import { deliveryView, eventView, subscriberOf } from "./control.js";
import type { DeliveryChange } from "./delivery-changes.js";
import type { EventsRuntime } from "./runtime.js";
import type { ETx } from "./writer.js";

type ClientKind = "app" | "suite";

/** Client keys whose kind (app or suite) is remembered; past this the memory starts over. */
const MAX_KINDS = 10_000;
/**
 * Delivery batches waiting for a kind lookup. Beyond this they are skipped rather than queued without
 * bound (a store that stalls): watchers see a gap, and the console reloads on its next reconnect.
 */
const MAX_QUEUED = 64;

/**
 * Feeds the live bus's `events` topic (the watch stream's `event` and `delivery` messages) from this
 * instance's outbox commits and recorded delivery outcomes, in the control plane's shapes
 * (`GET /_vconf/v1/events`). Both are published only once durable. Events commit in the transaction of
 * their change, so an `event` message comes before its deliveries' updates. Returns the unsubscribe.
 */
export function feedEventsTopic(events: EventsRuntime, store: Store, live: LiveBus): () => void {
  const kinds = new Map<string, ClientKind>();
  const learn = (clientKey: string, kind: ClientKind) => {
    if (kinds.size >= MAX_KINDS && !kinds.has(clientKey)) kinds.clear();
    kinds.set(clientKey, kind);
  };

  const offCommits = events.outbox.subscribe((c) => {
    for (const [key, kind] of c.clientKinds) learn(key, kind);
    if (live.size === 0) return;
    for (const w of c.written) {
      const deliveries = w.deliveries.map((d) => deliveryView(d, c.clientKinds.get(d.clientKey)));
      live.publish({ topic: "events", kind: "event", event: eventView(w.event, deliveries) });
    }
  });

  const publish = (changes: readonly DeliveryChange[]) => {
    for (const c of changes) {
      const { kind: _k, clientKey: _c, corpId: _o, settledAt, ...state } = c;
      const at =
        settledAt === undefined
          ? {}
          : c.status === "failed"
            ? { failedAt: settledAt }
            : { deliveredAt: settledAt };
      live.publish({
        topic: "events",
        kind: "delivery",
        delivery: { ...state, subscriber: subscriberOf(c, kinds.get(c.clientKey)), ...at },
      });
    }
  };
  /** Looks up the kinds of client keys not seen in a commit since start (deliveries of older events). */
  const lookUp = async (keys: string[]) => {
    const found = await store.transaction(
      async (tx) =>
        Promise.all(keys.map(async (k) => [k, (await (tx as ETx).getApp(k)) ? "app" : "suite"] as const)),
      { readOnly: true },
    );
    for (const [k, kind] of found) learn(k, kind);
  };
  let queue = Promise.resolve();
  let queued = 0;
  const offDeliveries = events.onDeliveryChanges((changes) => {
    if (live.size === 0) return;
    const missing = [...new Set(changes.map((c) => c.clientKey))].filter((k) => !kinds.has(k));
    if (missing.length === 0 && queued === 0) return publish(changes);
    if (queued >= MAX_QUEUED) return;
    queued++;
    // In order behind earlier lookups, so one delivery's updates never overtake each other.
    queue = queue
      .then(() => (missing.length > 0 ? lookUp(missing) : undefined))
      .catch(() => undefined) // unknown kind: named as a suite, as the control plane names unknown keys
      .then(() => publish(changes))
      .finally(() => queued--);
  });

  return () => {
    offCommits();
    offDeliveries();
  };
}
