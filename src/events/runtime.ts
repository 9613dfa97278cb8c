import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { Config } from "../config.js";
import type { Clock } from "../domain/clock.js";
import { EmulatorClock } from "../emulator/clock.js";
import type { Store } from "../store/store.js";
import { DeliveryEngine, type DeliveryFaults, type DeliverySettings } from "./delivery.js";
import type { DeliveryUnit } from "./events-tx.js";
import { StreamGateway } from "./gateway.js";
import { HttpPusher } from "./http-push.js";
import { Outbox } from "./outbox.js";

/** The channel committed deliveries are announced on (PostgreSQL LISTEN/NOTIFY). */
export const DELIVERY_CHANNEL = "vconf_deliveries";

export type EventSettings = Pick<
  Config,
  | "eventAckTimeoutMs"
  | "eventRetryMaxDelayMs"
  | "eventRetryMaxAttempts"
  | "eventRetryTtlMs"
  | "eventMaxInFlight"
  | "streamPingMs"
>;

export const DEFAULT_EVENT_SETTINGS: EventSettings = {
  eventAckTimeoutMs: 10_000,
  eventRetryMaxDelayMs: 60_000,
  eventRetryMaxAttempts: 100,
  eventRetryTtlMs: 86_400_000,
  eventMaxInFlight: 64,
  streamPingMs: 30_000,
};

/** On shutdown, connections get SYSTEM disconnect and this long for ACKs still in flight. */
const SHUTDOWN_GRACE_MS = 1000;

/**
 * Everything events need at run time, built once per process: the outbox-wrapped store (what domain
 * code must use), the Stream gateway, HTTP push and the delivery engine between them. `attach` puts the
 * gateway on the HTTP server and starts delivering; `close` disconnects and stops.
 */
export class EventsRuntime {
  readonly outbox: Outbox;
  /** The store every domain function uses: its write transactions write their events. */
  readonly store: Store;
  readonly gateway: StreamGateway;
  readonly engine: DeliveryEngine;
  /** This process in `/_vconf/v1/stream/connections` and in delivery leases. */
  readonly instance = randomUUID();
  private unlisten?: () => Promise<void>;

  constructor(
    raw: Store,
    given: Clock,
    readonly settings: EventSettings = DEFAULT_EVENT_SETTINGS,
    private readonly log: (msg: string, err?: unknown) => void = () => {},
    /** Layers over the outbox-wrapped store (stack.ts: the live bus); `store` is the result. */
    outer: (outboxed: Store) => Store = (s) => s,
  ) {
    // Delivery is a real-time protocol (ACK timeouts, backoff, leases shared by instances): it runs on
    // the emulated clock's base, so a frozen or advanced emulator clock neither stalls nor skips retries.
    const clock = given instanceof EmulatorClock ? given.base : given;
    this.outbox = new Outbox(clock);
    this.store = outer(this.outbox.wrap(raw));
    const delivery: DeliverySettings = {
      ackTimeoutMs: settings.eventAckTimeoutMs,
      retryMaxDelayMs: settings.eventRetryMaxDelayMs,
      maxAttempts: settings.eventRetryMaxAttempts,
      ttlMs: settings.eventRetryTtlMs,
      maxInFlight: settings.eventMaxInFlight,
      sweepMs: Math.min(1000, settings.eventAckTimeoutMs),
    };
    this.gateway = new StreamGateway(this.store, clock, settings.streamPingMs, this.instance, log);
    const http = new HttpPusher(clock);
    this.engine = new DeliveryEngine(
      this.store,
      clock,
      delivery,
      { stream: this.gateway, http },
      this.instance,
      log,
    );
    this.gateway.onOpen = (unit) => this.engine.wake([unit]);
    this.outbox.leaser = {
      owner: this.instance,
      leaseMs: settings.eventAckTimeoutMs + 1000,
      takes: (ref) => this.engine.takes(ref),
    };
    this.outbox.subscribe((c) => {
      this.engine.accept(c.leased);
      this.engine.wake(c.units);
    });
  }

  /** Delivery faults from the control plane's fault set. */
  useFaults(faults: DeliveryFaults): void {
    this.engine.faults = faults;
  }

  /** Serves `/connect` on `server`, listens for other instances' commits, starts delivering. */
  async attach(server: Server): Promise<void> {
    this.gateway.attach(server);
    const raw = this.store;
    if (raw.listen) {
      this.unlisten = await raw.listen(DELIVERY_CHANNEL, (payload) => {
        let units: DeliveryUnit[] = [];
        try {
          units = JSON.parse(payload) as DeliveryUnit[];
        } catch {
          this.log("unreadable delivery notification");
        }
        // "[]": too many to name, or the listener reconnected (some may be missed): look at all.
        if (units.length > 0) this.engine.wake(units);
        else this.engine.sweepNow();
      });
    }
    // One SQLite process owns its file, so leases left by a crashed run are void at once.
    await this.engine.start(raw.kind === "sqlite");
  }

  async close(): Promise<void> {
    await this.gateway.close(SHUTDOWN_GRACE_MS);
    this.engine.stop();
    await this.engine.drain();
    await this.unlisten?.();
  }
}
