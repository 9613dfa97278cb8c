import { Gauge, Histogram, type Registry } from "prom-client";
import type { ETx } from "./writer.js";
import type { EventsRuntime } from "./runtime.js";

/**
 * The events families of `/metrics` (issue 13), in the app's registry: open Stream connections on this
 * instance, the delivery backlog (pending deliveries in the store, all instances) and its age, and the
 * lag from an event's commit to its acknowledgement. The backlog is read from the store when scraped,
 * so it is true across instances and restarts; a store that cannot answer leaves it out of that scrape.
 */
export function registerEventMetrics(registry: Registry, events: EventsRuntime): void {
  new Gauge({
    name: "vconf_stream_connections",
    help: "Open Stream (WebSocket) connections on this instance.",
    registers: [registry],
    collect() {
      this.set(events.gateway.list().length);
    },
  });
  let backlog: Promise<{ pending: number; oldestBornAt?: number } | undefined> | undefined;
  // One store read per scrape serves both gauges.
  const read = () =>
    (backlog ??= events.store
      .transaction((tx) => (tx as ETx).deliveryBacklog(), { readOnly: true })
      .catch(() => undefined)
      .finally(() => setImmediate(() => (backlog = undefined))));
  new Gauge({
    name: "vconf_event_backlog_deliveries",
    help: "Event deliveries not yet acknowledged (pending, every subscriber and instance).",
    registers: [registry],
    async collect() {
      const b = await read();
      if (b) this.set(b.pending);
    },
  });
  new Gauge({
    name: "vconf_event_backlog_oldest_age_seconds",
    help: "Age of the oldest unacknowledged delivery's event (0 with none pending).",
    registers: [registry],
    async collect() {
      const b = await read();
      if (b) this.set(b.oldestBornAt === undefined ? 0 : Math.max(0, Date.now() - b.oldestBornAt) / 1000);
    },
  });
  const lag = new Histogram({
    name: "vconf_event_delivery_lag_seconds",
    help: "From an event's commit to its acknowledgement by the subscriber (Stream ACK, HTTP reply).",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60],
    registers: [registry],
  });
  events.engine.onDelivered = (ms) => lag.observe(Math.max(0, ms) / 1000);
}
