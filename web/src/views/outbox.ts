import type { DeliveryUpdate, EventDelivery, OutboxEvent } from "../../../src/client/types.js";

/** The outbox as the Events view keeps it: the listing, extended by the watch stream's messages. */

/** Events kept on screen, newest last (the store keeps them all: `vconf events list`). */
export const KEEP = 300;

/** One subscriber of one event: transport, app or suite, org. */
export const subscriberKey = (s: EventDelivery["subscriber"]) =>
  `${s.kind}\u0000${s.appKey ?? s.suiteKey ?? ""}\u0000${s.corpId ?? ""}`;

/** `more` after `list`, each event once (a held live message may repeat a listed one), the newest KEEP. */
export function addEvents(list: OutboxEvent[], more: OutboxEvent[]): OutboxEvent[] {
  const seen = new Set(list.map((e) => e.eventId));
  return [...list, ...more.filter((e) => !seen.has(e.eventId))].slice(-KEEP);
}

/**
 * A delivery's new state merged into its event: status, attempts and times are replaced; `lastError`
 * stays unless the update sets one, or clears it (a redelivery starts over at 0 attempts). Updates of
 * events not on screen are ignored.
 */
export function applyDelivery(list: OutboxEvent[], u: DeliveryUpdate): OutboxEvent[] {
  const at = list.findIndex((e) => e.eventId === u.eventId);
  if (at < 0) return list;
  const { eventId: _id, ...state } = u;
  const key = subscriberKey(u.subscriber);
  const event = list[at];
  const merge = (d: EventDelivery): EventDelivery => {
    const lastError = state.lastError ?? (state.attempts === 0 ? undefined : d.lastError);
    const { lastError: _e, ...rest } = state;
    return { ...rest, subscriber: d.subscriber, ...(lastError ? { lastError } : {}) };
  };
  const known = event.deliveries.some((d) => subscriberKey(d.subscriber) === key);
  const deliveries = known
    ? event.deliveries.map((d) => (subscriberKey(d.subscriber) === key ? merge(d) : d))
    : [...event.deliveries, state];
  const next = [...list];
  next[at] = { ...event, deliveries };
  return next;
}

/** The scene of a status, member or role event (`conference_created`, `user_join`, …). */
export const sceneOf = (e: OutboxEvent): string =>
  typeof e.payload.changeScene === "string" ? e.payload.changeScene : "";

/** Meetings' titles, from the status events that carry them (openConfModel), for every event of each. */
export function titlesOf(events: OutboxEvent[]): Map<string, string> {
  const titles = new Map<string, string>();
  for (const e of events) {
    const model = e.payload.openConfModel as { title?: unknown } | undefined;
    if (typeof model?.title === "string") titles.set(e.conferenceId, model.title);
  }
  return titles;
}
