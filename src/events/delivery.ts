import type { Clock } from "../domain/clock.js";
import type { Store } from "../store/store.js";
import type { DeliveryUnit } from "./events-tx.js";
import type { ETx } from "./writer.js";
import type { ClaimedDelivery, Settlement, SubscriberRef } from "./types.js";

/** The delivery promise's numbers (vconf-events.md §3); all settings, so tests can shrink them. */
export interface DeliverySettings {
  /** No ACK (or HTTP reply) within this → retried. */
  ackTimeoutMs: number;
  /** The backoff (1 s, 2 s, 4 s, …) is capped here. */
  retryMaxDelayMs: number;
  maxAttempts: number;
  /** An event is retried at most this long after it was born. */
  ttlMs: number;
  /** Sends waiting for their ACK, per subscriber and instance. */
  maxInFlight: number;
  /** How often every instance looks for due retries and leases of crashed instances. */
  sweepMs: number;
}

export const RETRY_BASE_MS = 1000;

/** The wait before send number `attempts + 1`: 1 s, 2 s, 4 s, … capped. */
export function backoff(attempts: number, maxDelayMs: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, Math.min(attempts - 1, 30)), maxDelayMs);
}

/** How a transport reports one send: `done(undefined)` on ACK, `done(error)` to retry. */
export type SendDone = (error?: string) => void;

/** A way out to subscribers: the Stream gateway or HTTP push. */
export interface Transport {
  /** Whether this instance can send to `unit` now (Stream: it holds an open connection of the client). */
  serves(unit: DeliveryUnit): boolean;
  /**
   * Sends one claimed delivery; calls `done` exactly once. Returns false when it could not start (no
   * connection any more): the delivery is released untouched.
   */
  send(d: ClaimedDelivery, done: SendDone): boolean;
}

/** A delivery fault hitting one send: lose it (never sent: the ACK timeout follows) or delay it. */
export interface DeliveryFaultHit {
  drop: boolean;
  delayMs: number;
}
export type DeliveryFaults = (kind: "stream" | "http", clientKey: string) => DeliveryFaultHit | undefined;

interface UnitState {
  unit: DeliveryUnit;
  inFlight: number;
  claiming: boolean;
  /** A claim should run (new deliveries, freed capacity after a full claim, a retry fell due). */
  dirty: boolean;
  /** Leased to this instance, waiting for a free slot (written leased in their transaction). */
  backlog: ClaimedDelivery[];
}

/** At most this many leased deliveries wait in memory per subscriber; the rest wait in the store. */
const MAX_BACKLOG = 10_000;
const deliveryKey = (d: ClaimedDelivery) =>
  `${d.eventId}\u0000${d.kind}\u0000${d.clientKey}\u0000${d.corpId}`;

const unitKey = (u: DeliveryUnit) => `${u.kind}\u0000${u.clientKey}\u0000${u.corpId ?? ""}`;

/**
 * The dispatcher: claims due deliveries per subscriber (never more than `maxInFlight` waiting for ACKs),
 * hands them to the transport, and records outcomes in batches. At least once: a delivery stays pending
 * until acknowledged; a send without ACK, a LATER, a closed connection or a failed HTTP reply is retried
 * with backoff, and its lease runs out if this instance dies. A slow subscriber only fills its own slots.
 */
export class DeliveryEngine {
  private units = new Map<string, UnitState>();
  /** Deliveries this instance is sending or holds in a backlog (a claim returning one again skips it). */
  private active = new Set<string>();
  private settling: Settlement[] = [];
  private flushing = false;
  private timers = new Set<NodeJS.Timeout>();
  private sweepTimer?: NodeJS.Timeout;
  private stopped = false;
  faults?: DeliveryFaults;
  /** Hears of each acknowledged delivery: milliseconds from the event's birth (commit) to its ACK. */
  onDelivered?: (lagMs: number) => void;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly settings: DeliverySettings,
    private readonly transports: Record<"stream" | "http", Transport>,
    readonly owner: string,
    private readonly log: (msg: string, err?: unknown) => void = () => {},
  ) {}

  /** Begins: (SQLite) drops leases of a crashed run, then sweeps now and every `sweepMs`. */
  async start(releaseLeases: boolean): Promise<void> {
    if (releaseLeases) await this.tx((tx) => tx.releaseLeases());
    this.sweepTimer = setInterval(() => void this.sweep(), this.settings.sweepMs);
    this.sweepTimer.unref();
    await this.sweep();
  }

  stop(): void {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Waits until recorded outcomes are written (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.flushing || this.settling.length > 0) {
      if (!this.flushing) void this.flush();
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** New deliveries (or capacity) for these subscribers: claim for those this instance serves. */
  wake(units: DeliveryUnit[]): void {
    for (const u of units) this.pump(this.state(u), true);
  }

  /**
   * Whether a new delivery to `ref` should be written leased to this instance (the fast path: sent right
   * after its commit, no claim transaction): a Stream subscriber with an open connection here and room.
   */
  takes(ref: SubscriberRef): boolean {
    if (this.stopped || ref.kind !== "stream") return false;
    const s = this.state({ kind: "stream", clientKey: ref.clientKey });
    return s.inFlight + s.backlog.length < this.settings.maxInFlight && this.transports.stream.serves(s.unit);
  }

  /** Deliveries written leased to this instance, now durable: send them (or queue for a free slot). */
  accept(leased: ClaimedDelivery[]): void {
    for (const d of leased) {
      const s = this.state(d.kind === "stream" ? { kind: d.kind, clientKey: d.clientKey } : d);
      if (this.active.has(deliveryKey(d))) continue;
      if (s.inFlight < this.settings.maxInFlight) this.dispatch(s, d);
      else if (s.backlog.length < MAX_BACKLOG) {
        this.active.add(deliveryKey(d));
        s.backlog.push(d);
      } // else: it stays leased in the store; when the lease runs out a sweep finds it
    }
  }

  private state(unit: DeliveryUnit): UnitState {
    const key = unitKey(unit);
    let s = this.units.get(key);
    if (!s) this.units.set(key, (s = { unit, inFlight: 0, claiming: false, dirty: false, backlog: [] }));
    return s;
  }

  private tx<T>(fn: (tx: ETx) => Promise<T>): Promise<T> {
    return this.store.transaction((tx) => fn(tx as ETx));
  }

  private pump(s: UnitState, news: boolean): void {
    if (news) s.dirty = true;
    if (this.stopped) return;
    while (s.backlog.length > 0 && s.inFlight < this.settings.maxInFlight) {
      const d = s.backlog.shift()!;
      this.active.delete(deliveryKey(d));
      this.dispatch(s, d);
    }
    if (s.claiming || !s.dirty) return;
    const free = this.settings.maxInFlight - s.inFlight;
    // Claims take a transaction: wait until a quarter of the slots are free, so each takes many.
    if (free < Math.ceil(this.settings.maxInFlight / 4) && s.inFlight > 0) return;
    if (free <= 0 || !this.transports[s.unit.kind].serves(s.unit)) return;
    s.claiming = true;
    s.dirty = false;
    const now = this.clock.now();
    const lease = now + this.settings.ackTimeoutMs + 1000;
    this.tx((tx) => tx.claimDeliveries(s.unit, free, now, lease, this.owner)).then(
      (claimed) => {
        s.claiming = false;
        if (claimed.length === free) s.dirty = true; // there may be more behind these
        for (const d of claimed) this.dispatch(s, d);
        this.pump(s, false);
      },
      (e) => {
        s.claiming = false;
        s.dirty = true;
        this.log("claiming deliveries failed", e);
        this.later(() => this.pump(s, false), 1000);
      },
    );
  }

  private dispatch(s: UnitState, d: ClaimedDelivery): void {
    const key = deliveryKey(d);
    if (this.active.has(key)) return; // already being sent (leased at its commit, then claimed again)
    const now = this.clock.now();
    const ref = { kind: d.kind, clientKey: d.clientKey, corpId: d.corpId, eventId: d.eventId };
    if (d.attempts > this.settings.maxAttempts || now > d.event.bornAt + this.settings.ttlMs) {
      this.settle({ ...ref, outcome: "failed", at: now, error: "retries exhausted" });
      return;
    }
    s.inFlight++;
    this.active.add(key);
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    const done: SendDone = (error) => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      s.inFlight--;
      this.active.delete(key);
      const at = this.clock.now();
      if (error === undefined) {
        this.settle({ ...ref, outcome: "delivered", at });
        this.onDelivered?.(at - d.event.bornAt);
      } else this.retryOrFail(s, d, error, at);
      this.pump(s, false);
    };
    const fault = this.faults?.(d.kind, d.clientKey);
    const go = () => {
      if (this.stopped) return done("instance stopping");
      const ms = this.settings.ackTimeoutMs;
      timer = setTimeout(() => done(`no ACK within ${ms} ms`), ms);
      timer.unref();
      // A dropped send is never made: the ACK timeout makes it a retry, as a lost frame would.
      if (fault?.drop) return;
      if (!this.transports[d.kind].send(d, done)) {
        finished = true;
        clearTimeout(timer);
        s.inFlight--;
        this.active.delete(key);
        this.settle({ ...ref, outcome: "released" });
      }
    };
    if (fault && fault.delayMs > 0) this.later(go, fault.delayMs);
    else go();
  }

  private retryOrFail(s: UnitState, d: ClaimedDelivery, error: string, now: number): void {
    const ref = { kind: d.kind, clientKey: d.clientKey, corpId: d.corpId, eventId: d.eventId };
    const nextAt = now + backoff(d.attempts, this.settings.retryMaxDelayMs);
    if (d.attempts >= this.settings.maxAttempts || nextAt > d.event.bornAt + this.settings.ttlMs) {
      this.settle({ ...ref, outcome: "failed", at: now, error });
      return;
    }
    this.settle({ ...ref, outcome: "retry", nextAt, error });
    this.later(() => this.pump(s, true), nextAt - now);
  }

  private later(fn: () => void, ms: number): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  private settle(s: Settlement): void {
    this.settling.push(s);
    if (!this.flushing) setImmediate(() => void this.flush());
  }

  /** Writes outcomes in one transaction per batch (many ACKs share a commit). */
  private async flush(): Promise<void> {
    if (this.flushing || this.settling.length === 0) return;
    this.flushing = true;
    const batch = this.settling.splice(0, 1000);
    try {
      await this.tx((tx) => tx.settleDeliveries(batch, this.owner));
    } catch (e) {
      // Leases run out and the deliveries are sent again: at least once holds without this write.
      this.log("recording delivery outcomes failed", e);
    }
    this.flushing = false;
    if (this.settling.length > 0) void this.flush();
    // Released or retried rows are claimable only now that the lease is gone.
    const woken = new Map<string, UnitState>();
    for (const b of batch) {
      if (b.outcome !== "released") continue;
      const st = this.state(b.kind === "stream" ? { kind: b.kind, clientKey: b.clientKey } : b);
      woken.set(unitKey(st.unit), st);
    }
    for (const st of woken.values()) this.pump(st, true);
  }

  private sweeps = 0;

  /** A sweep now (a wake-up that did not say for whom). */
  sweepNow(): void {
    void this.sweep();
  }

  /**
   * Looks for due deliveries of every subscriber (retries, other instances' expired leases) with a read,
   * and every 60th time fails those past the TTL (a write: not every second on an idle server).
   */
  private async sweep(): Promise<void> {
    if (this.stopped) return;
    try {
      const now = this.clock.now();
      if (this.sweeps++ % 60 === 0)
        await this.tx((tx) => tx.expireDeliveries(now - this.settings.ttlMs, now));
      const due = await this.store.transaction((tx) => (tx as ETx).dueUnits(now, 1000), { readOnly: true });
      this.wake(due);
    } catch (e) {
      this.log("sweeping deliveries failed", e);
    }
  }
}
