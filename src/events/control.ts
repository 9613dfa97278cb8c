import { fail, paramsError } from "../errors.js";
import type { Deps } from "../domain/deps.js";
import type { EventsRuntime } from "./runtime.js";
import type { DeliveryRow, DeliveryStatus, EventRow } from "./types.js";
import type { ETx } from "./writer.js";

/** The control plane's view of the outbox (vconf-events.md §5). */

export const EVENTS_DEFAULT_LIMIT = 100;
export const EVENTS_MAX_LIMIT = 1000;
/** The longest a `waitMs` long poll holds (for `vconf events tail`). */
export const MAX_WAIT_MS = 30_000;

export interface EventsQueryInput {
  conferenceId?: string;
  eventType?: string;
  status?: DeliveryStatus;
  limit?: string;
  /** Only events written after this eventId (a cursor). */
  after?: string;
  /** With `after`: wait up to this long for a first new event. */
  waitMs?: string;
  newest?: "true";
}

function int(raw: string | undefined, dflt: number, max: number, name: string): number {
  if (raw === undefined || raw === "") return dflt;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) > max)
    throw paramsError(`${name} must be a number from 0 to ${max}`);
  return Number(raw);
}

async function subscriberViews(t: ETx, deliveries: DeliveryRow[]) {
  const kinds = new Map<string, "app" | "suite">();
  for (const d of deliveries) {
    if (!kinds.has(d.clientKey)) kinds.set(d.clientKey, (await t.getApp(d.clientKey)) ? "app" : "suite");
  }
  return (d: DeliveryRow) => ({
    subscriber: {
      kind: d.kind,
      ...(kinds.get(d.clientKey) === "app" ? { appKey: d.clientKey } : { suiteKey: d.clientKey }),
      corpId: d.corpId,
    },
    status: d.status,
    attempts: d.attempts,
    ...(d.lastError ? { lastError: d.lastError } : {}),
    ...(d.status === "delivered" && d.settledAt !== null ? { deliveredAt: d.settledAt } : {}),
    ...(d.status === "failed" && d.settledAt !== null ? { failedAt: d.settledAt } : {}),
    ...(d.status === "pending" ? { nextAt: d.nextAt } : {}),
  });
}

async function read(deps: Deps, q: Parameters<ETx["listEvents"]>[0]) {
  return deps.store.transaction(
    async (tx) => {
      const t = tx as ETx;
      const events = await t.listEvents(q);
      const deliveries = await t.listDeliveriesOf(events.map((e) => e.eventId));
      const view = await subscriberViews(t, deliveries);
      const of = new Map<string, DeliveryRow[]>();
      for (const d of deliveries) of.set(d.eventId, [...(of.get(d.eventId) ?? []), d]);
      return events.map((e: EventRow) => ({
        eventId: e.eventId,
        eventType: e.eventType,
        conferenceId: e.conferenceId,
        corpId: e.corpId,
        statusSeqNum: e.statusSeqNum,
        bornTime: e.bornAt,
        payload: e.payload,
        deliveries: (of.get(e.eventId) ?? []).map(view),
      }));
    },
    { readOnly: true },
  );
}

/**
 * `GET /_vconf/v1/events`: the outbox, oldest first. With `after` (an eventId) only later events, and
 * with `waitMs` the call waits until one is written (this instance wakes at once; events committed on
 * another instance are seen within a second).
 */
export async function listEvents(deps: Deps, events: EventsRuntime | undefined, input: EventsQueryInput) {
  const limit = int(input.limit, EVENTS_DEFAULT_LIMIT, EVENTS_MAX_LIMIT, "limit") || EVENTS_DEFAULT_LIMIT;
  const waitMs = int(input.waitMs, 0, MAX_WAIT_MS, "waitMs");
  let afterNo: number | undefined;
  let afterEventId: string | undefined;
  if (input.after !== undefined) {
    const anchor = await deps.store.transaction((tx) => (tx as ETx).getEvent(input.after!), {
      readOnly: true,
    });
    if (!anchor) throw fail("vconf.NotFound", `no event ${input.after}`);
    afterNo = anchor.no;
    afterEventId = anchor.eventId;
  }
  const q = {
    conferenceId: input.conferenceId,
    eventType: input.eventType,
    status: input.status,
    afterNo,
    afterEventId,
    newest: input.newest === "true",
    limit,
  };
  const deadline = Date.now() + (afterNo === undefined ? 0 : waitMs);
  for (;;) {
    const found = await read(deps, q);
    const left = deadline - Date.now();
    if (found.length > 0 || left <= 0) return { events: found };
    await new Promise<void>((resolve) => {
      const timer = setTimeout(finish, Math.min(left, 1000));
      const off = events?.outbox.subscribe(finish);
      function finish() {
        clearTimeout(timer);
        off?.();
        resolve();
      }
    });
  }
}

/** `POST /_vconf/v1/events/{eventId}/redeliver`: every subscriber gets it again (same eventId). */
export async function redeliver(deps: Deps, events: EventsRuntime | undefined, eventId: string) {
  const result = await deps.store.transaction(async (tx) => {
    const t = tx as ETx;
    if (!(await t.getEvent(eventId))) throw fail("vconf.NotFound", `no event ${eventId}`);
    const n = await t.redeliver(eventId, deps.clock.now());
    const units = (await t.listDeliveriesOf([eventId])).map((d) =>
      d.kind === "stream"
        ? { kind: d.kind, clientKey: d.clientKey }
        : { kind: d.kind, clientKey: d.clientKey, corpId: d.corpId },
    );
    await t.notifyDeliveries(units);
    return { n, units };
  });
  events?.engine.wake(result.units);
  return { redelivered: result.n };
}
