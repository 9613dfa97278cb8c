import { useEffect, useState } from "preact/hooks";
import type { DeliveryUpdate, EventDelivery, OutboxEvent } from "../../../src/client/types.js";
import { href } from "../router.js";
import { fmtTime, Refusal, useConsole } from "../shared.js";
import { addEvents, applyDelivery, KEEP, sceneOf, subscriberKey, titlesOf } from "./outbox.js";

type Held = { event: OutboxEvent } | { delivery: DeliveryUpdate };

/**
 * The event outbox, newest first: each event (type, scene, conference, statusSeqNum, born time) with its
 * deliveries (subscriber, status, attempts, last error), extended live by the watch stream's `event`
 * and `delivery` messages; filter by type and conference, pause, redeliver.
 */
export function EventsPage() {
  const { client, live } = useConsole();
  const [events, setEvents] = useState<OutboxEvent[]>([]);
  const [error, setError] = useState<unknown>();
  const [outcome, setOutcome] = useState("");
  const [frozen, setFrozen] = useState<OutboxEvent[] | null>(null);
  const [type, setType] = useState("");
  const [conference, setConference] = useState("");

  useEffect(() => {
    let held: Held[] = [];
    let loaded = false;
    const apply = (m: Held) =>
      setEvents((now) => ("event" in m ? addEvents(now, [m.event]) : applyDelivery(now, m.delivery)));
    const take = (m: Held) => (loaded ? apply(m) : held.push(m));
    // Subscribe first, then load: nothing written in between is lost (repeats are dropped).
    const load = () => {
      loaded = false;
      client.listEvents({ newest: "true", limit: String(KEEP) }).then((r) => {
        setEvents(r.events);
        for (const m of held) apply(m);
        held = [];
        loaded = true;
      }, setError);
    };
    const offs = [
      live.onEvent((event) => take({ event })),
      live.onDelivery((delivery) => take({ delivery })),
      // The stream was down: messages may have been missed.
      live.onChange((c) => (c.kind === "reconnected" ? load() : undefined)),
    ];
    load();
    return () => offs.forEach((off) => off());
  }, [client, live]);

  const source = frozen ?? events;
  const types = [...new Set(events.map((e) => e.eventType))].sort();
  const needle = conference.trim().toLowerCase();
  const titles = titlesOf(events);
  const shown = source
    .filter((e) => !type || e.eventType === type)
    .filter(
      (e) =>
        !needle || `${e.conferenceId} ${titles.get(e.conferenceId) ?? ""}`.toLowerCase().includes(needle),
    )
    .reverse();

  const redeliver = (e: OutboxEvent, label: string) => {
    setOutcome("");
    setError(undefined);
    client
      .redeliverEvent(e.eventId)
      .then(
        (r) =>
          setOutcome(
            `${label}: ${r.redelivered} ${r.redelivered === 1 ? "delivery" : "deliveries"} pending again`,
          ),
        setError,
      );
  };

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Events</h1>
      <div class="toolbar">
        <button
          type="button"
          aria-pressed={frozen !== null}
          onClick={() => setFrozen(frozen ? null : events)}
        >
          {frozen ? "Resume" : "Pause"}
        </button>
        {frozen ? <Held frozen={frozen} events={events} /> : null}
        <label>
          Type{" "}
          <select value={type} onChange={(e) => setType(e.currentTarget.value)}>
            <option value="">All types</option>
            {types.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Conference{" "}
          <input
            type="search"
            value={conference}
            placeholder="id or title"
            onInput={(e) => setConference(e.currentTarget.value)}
          />
        </label>
      </div>
      <p class="outcome ok" role="status">
        {outcome}
      </p>
      {error ? <Refusal error={error} /> : null}
      <div class="table-wrap">
        <table class="events stack" aria-label="Event outbox, newest first">
          <thead>
            <tr>
              <th scope="col">Born</th>
              <th scope="col">Type</th>
              <th scope="col">Conference</th>
              <th scope="col">Seq</th>
              <th scope="col">Deliveries</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <EventRow
                key={e.eventId}
                event={e}
                title={titles.get(e.conferenceId)}
                onRedeliver={redeliver}
              />
            ))}
          </tbody>
        </table>
      </div>
      {shown.length === 0 ? (
        <p class="empty">
          No events to show. vconf writes one when a meeting starts or ends, and when members are invited,
          join, leave or are kicked; apps receive them over a Stream connection or HTTP push.
        </p>
      ) : null}
    </section>
  );
}

function EventRow(p: {
  event: OutboxEvent;
  title?: string;
  onRedeliver: (e: OutboxEvent, label: string) => void;
}) {
  const { event: e, title } = p;
  const seq = e.statusSeqNum === null ? "" : `#${e.statusSeqNum}`;
  const label = `Redeliver ${e.eventType} ${seq} of ${title ?? e.conferenceId}`.replace(/\s+/g, " ");
  const failed = e.deliveries.some((d) => d.status === "failed");
  return (
    <tr data-event-id={e.eventId} class={failed ? "failed" : undefined}>
      <td data-label="Born">{fmtTime(e.bornTime)}</td>
      <td data-label="Type">
        <code>{e.eventType}</code>
        {sceneOf(e) ? <div class="scene">{sceneOf(e)}</div> : null}
      </td>
      <td data-label="Conference" class="conf">
        <a href={href.conference(e.conferenceId)}>{title ?? e.conferenceId}</a>
        {title ? <div class="scene">{e.conferenceId}</div> : null}
      </td>
      <td data-label="Seq">{seq}</td>
      <td data-label="Deliveries">
        {e.deliveries.length === 0 ? (
          <span class="scene">no subscriber</span>
        ) : (
          <ul class="deliveries">
            {e.deliveries.map((d) => (
              <DeliveryLine key={subscriberKey(d.subscriber)} d={d} />
            ))}
          </ul>
        )}
      </td>
      <td class="actions">
        <button type="button" aria-label={label} onClick={() => p.onRedeliver(e, label)}>
          Redeliver
        </button>
      </td>
    </tr>
  );
}

function DeliveryLine({ d }: { d: EventDelivery }) {
  const who = d.subscriber.appKey ?? d.subscriber.suiteKey ?? "";
  const when = d.deliveredAt ?? d.failedAt;
  return (
    <li data-subscriber={who} data-kind={d.subscriber.kind}>
      <span class={`badge delivery-${d.status}`} data-testid="delivery-status">
        {d.status}
      </span>{" "}
      {d.subscriber.kind === "stream" ? "Stream" : "HTTP"} · {who}
      {d.subscriber.suiteKey && d.subscriber.corpId ? ` (${d.subscriber.corpId})` : ""} ·{" "}
      <span data-testid="attempts">
        {d.attempts} {d.attempts === 1 ? "attempt" : "attempts"}
      </span>
      {when ? ` · ${fmtTime(when)}` : ""}
      {d.lastError ? (
        <div class="delivery-error" data-testid="last-error">
          {d.lastError}
        </div>
      ) : null}
    </li>
  );
}

/** While paused: how many events arrived since (they show on Resume). */
function Held({ frozen, events }: { frozen: OutboxEvent[]; events: OutboxEvent[] }) {
  const seen = new Set(frozen.map((e) => e.eventId));
  const n = events.filter((e) => !seen.has(e.eventId)).length;
  return <span class="scene">{n === 1 ? "1 new event held" : `${n} new events held`}</span>;
}
