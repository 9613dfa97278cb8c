import type { DeliveryUnit, EventsTx } from "../../events/events-tx.js";
import type {
  AudienceRow,
  ClaimedDelivery,
  EventQuery,
  Settlement,
  SubscriberKind,
} from "../../events/types.js";
import {
  DeliveryRow,
  EventRow,
  EventSeqRow,
  EventSettingsRow,
  StreamTicketRow,
  SubscriptionRow,
} from "../rows-events.js";
import { perLength, type DdlWords, type Dialect } from "./dialect.js";
import { codec, insertInto, selectFrom, table, upsert, type Row } from "./table.js";

/** Runs a statement: the same shape as sql/tx.ts's `Runner` (SQLite answers at once, PostgreSQL later). */
export interface Runner {
  one(sql: string, params: unknown[]): Row | undefined | Promise<Row | undefined>;
  all(sql: string, params: unknown[]): Row[] | Promise<Row[]>;
  run(sql: string, params: unknown[]): unknown;
}

/**
 * The events tables (outbox, deliveries, subscriptions, Stream tickets) and their statements, written
 * once for both engines like the rest of src/store/sql/. Kept out of tx.ts, which stays the conference
 * part; `SqlTx` extends `EventsSqlTx`.
 */

export const eventSeqs = table("event_seqs", ["conferenceId"], EventSeqRow);

export const events = table("events", ["eventId"], EventRow);

export const deliveries = table("event_deliveries", ["eventId", "kind", "clientKey", "corpId"], DeliveryRow);

export const subscriptions = table("event_subscriptions", ["kind", "clientKey", "corpId"], SubscriptionRow);

export const eventSettings = table("event_settings", ["clientKey"], EventSettingsRow);

export const streamTickets = table("stream_tickets", ["ticket"], StreamTicketRow);

/**
 * The events tables (schema version 4), written once: the outbox written with each change, one delivery
 * per event and subscriber, the subscriptions, the per-conference statusSeqNum counter and the Stream
 * gateway's tickets. Claims read one subscriber's pending deliveries in event order: a partial index.
 */
export const eventsSchema = ({ key, bigint, bool, false: no }: DdlWords) => `
CREATE TABLE event_seqs (
  conference_id ${key} PRIMARY KEY,
  last_seq ${bigint} NOT NULL
);
CREATE TABLE events (
  event_id ${key} PRIMARY KEY,
  no ${bigint} NOT NULL,
  event_type TEXT NOT NULL,
  conference_id ${key} NOT NULL,
  corp_id ${key} NOT NULL,
  status_seq_num ${bigint},
  born_at ${bigint} NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX events_order ON events(no, event_id);
CREATE INDEX events_conference ON events(conference_id, no);
CREATE INDEX events_corp ON events(corp_id);
CREATE TABLE event_deliveries (
  event_id ${key} NOT NULL REFERENCES events(event_id),
  kind TEXT NOT NULL,
  client_key ${key} NOT NULL,
  corp_id ${key} NOT NULL,
  event_no ${bigint} NOT NULL,
  born_at ${bigint} NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_at ${bigint} NOT NULL,
  lease_owner TEXT,
  lease_until ${bigint} NOT NULL,
  last_error TEXT,
  settled_at ${bigint},
  reported ${bool} NOT NULL DEFAULT ${no},
  PRIMARY KEY (event_id, kind, client_key, corp_id)
);
CREATE INDEX event_deliveries_pending ON event_deliveries(kind, client_key, corp_id, event_no) WHERE status = 'pending';
CREATE INDEX event_deliveries_failed ON event_deliveries(client_key, corp_id, event_no) WHERE status = 'failed';
CREATE TABLE event_subscriptions (
  kind TEXT NOT NULL,
  client_key ${key} NOT NULL,
  client_kind TEXT NOT NULL,
  corp_id ${key} NOT NULL,
  url TEXT,
  token TEXT,
  aes_key TEXT,
  owner_key TEXT,
  tags TEXT,
  source TEXT NOT NULL,
  created_at ${bigint} NOT NULL,
  PRIMARY KEY (kind, client_key, corp_id)
);
CREATE INDEX event_subscriptions_client ON event_subscriptions(client_key);
CREATE TABLE event_settings (
  client_key ${key} PRIMARY KEY,
  extensions TEXT NOT NULL
);
CREATE TABLE stream_tickets (
  ticket ${key} PRIMARY KEY,
  client_key ${key} NOT NULL,
  client_kind TEXT NOT NULL,
  ua TEXT NOT NULL,
  expires_at ${bigint} NOT NULL
);
`;

/**
 * `events.no`: write order without an identity column (none the two engines spell alike), a
 * microsecond-ish clock made strictly increasing per process. Across instances it is time order, which
 * is all ordering needs (ties are broken by eventId).
 */
let lastNo = 0;
export function nextEventNo(now = Date.now()): number {
  lastNo = Math.max(now * 1000, lastNo + 1);
  return lastNo;
}

const KEY = "event_id = ? AND kind = ? AND client_key = ? AND corp_id = ?";
const PENDING = "status = 'pending'";

/** Every events statement, built once per dialect. */
export function eventStatements(d: Dialect) {
  const t = d.text;
  const delivery = selectFrom(deliveries);
  // PostgreSQL claims skip rows another instance is claiming right now; SQLite writers are serial.
  const skipLocked = d.forUpdate ? `${d.forUpdate} SKIP LOCKED` : "";
  const claim = (unit: string) =>
    t(`UPDATE event_deliveries SET attempts = attempts + 1, lease_owner = ?, lease_until = ?
       WHERE (event_id, kind, client_key, corp_id) IN (
         SELECT event_id, kind, client_key, corp_id FROM event_deliveries
         WHERE ${unit} AND ${PENDING} AND next_at <= ? AND lease_until <= ?
         ORDER BY event_no, event_id LIMIT ?${skipLocked})
       RETURNING ${deliveries.list}`);
  const filters = `(CAST(? AS TEXT) IS NULL OR conference_id = ?)
     AND (CAST(? AS TEXT) IS NULL OR event_type = ?)
     AND (CAST(? AS BIGINT) IS NULL OR no > ? OR (no = ? AND event_id > ?))
     AND (CAST(? AS TEXT) IS NULL OR EXISTS (
       SELECT 1 FROM event_deliveries d WHERE d.event_id = events.event_id AND d.status = ?))`;
  return {
    nextStatusSeqs: t(
      `INSERT INTO event_seqs (conference_id, last_seq) VALUES (?, ?)
       ON CONFLICT (conference_id) DO UPDATE SET last_seq = event_seqs.last_seq + excluded.last_seq
       RETURNING last_seq`,
    ),
    insertEvent: t(insertInto(events)),
    insertDelivery: t(insertInto(deliveries)),
    insertEventSeq: t(insertInto(eventSeqs)),
    audience: t(
      `SELECT ${subscriptions.columns.map((c) => `s.${c}`).join(", ")},
         COALESCE(a.scopes, su.scopes) AS scopes, st.extensions AS extensions
       FROM event_subscriptions s
       LEFT JOIN apps a ON s.client_kind = 'app' AND a.app_key = s.client_key
       LEFT JOIN suites su ON s.client_kind = 'suite' AND su.suite_key = s.client_key
       LEFT JOIN event_settings st ON st.client_key = s.client_key
       WHERE (a.corp_id = ? AND s.corp_id = ?)
          OR (su.suite_key IS NOT NULL AND (s.corp_id = '' OR s.corp_id = ?)
              AND EXISTS (SELECT 1 FROM suite_auths sa WHERE sa.suite_key = s.client_key AND sa.corp_id = ?))
       ORDER BY s.kind, s.client_key, s.corp_id`,
    ),
    notify: d.name === "postgres" ? t("SELECT pg_notify(?, ?)") : undefined,

    claimStream: claim("kind = 'stream' AND client_key = ?"),
    claimHttp: claim("kind = 'http' AND client_key = ? AND corp_id = ?"),
    eventsIn: perLength((n) => t(`${selectFrom(events)} WHERE ${d.inList("event_id", n, "text")}`)),
    httpTargets: t(
      `${selectFrom(subscriptions)} WHERE kind = 'http' AND client_key = ? AND (corp_id = ? OR corp_id = '')`,
    ),
    delivered: t(
      `UPDATE event_deliveries SET status = 'delivered', settled_at = ?, lease_owner = NULL, lease_until = 0
       WHERE ${KEY} AND lease_owner = ?`,
    ),
    retry: t(
      `UPDATE event_deliveries SET next_at = ?, last_error = ?, lease_owner = NULL, lease_until = 0
       WHERE ${KEY} AND lease_owner = ?`,
    ),
    failed: t(
      `UPDATE event_deliveries SET status = 'failed', settled_at = ?, last_error = ?, lease_owner = NULL,
         lease_until = 0 WHERE ${KEY} AND lease_owner = ?`,
    ),
    released: t(
      `UPDATE event_deliveries SET attempts = attempts - 1, lease_owner = NULL, lease_until = 0
       WHERE ${KEY} AND lease_owner = ?`,
    ),
    dueUnits: t(
      `SELECT DISTINCT kind, client_key, CASE WHEN kind = 'http' THEN corp_id ELSE '' END AS corp_id
       FROM event_deliveries WHERE ${PENDING} AND next_at <= ? AND lease_until <= ? LIMIT ?`,
    ),
    nextDueAt: t(`SELECT MIN(next_at) AS n FROM event_deliveries WHERE ${PENDING}`),
    backlog: t(`SELECT COUNT(*) AS n, MIN(born_at) AS oldest FROM event_deliveries WHERE ${PENDING}`),
    expire: t(
      `UPDATE event_deliveries SET status = 'failed', settled_at = ?, lease_owner = NULL, lease_until = 0,
         last_error = 'not acknowledged within the retry TTL' WHERE ${PENDING} AND born_at < ? AND lease_until <= ?`,
    ),
    releaseLeases: t(
      "UPDATE event_deliveries SET lease_owner = NULL, lease_until = 0 WHERE lease_owner IS NOT NULL",
    ),

    listEvents: t(`${selectFrom(events)} WHERE ${filters} ORDER BY no, event_id LIMIT ?`),
    listNewestEvents: t(`${selectFrom(events)} WHERE ${filters} ORDER BY no DESC, event_id DESC LIMIT ?`),
    getEvent: t(`${selectFrom(events)} WHERE event_id = ?`),
    deliveriesOf: perLength((n) =>
      t(
        `${delivery} WHERE ${d.inList("event_id", n, "text")} ORDER BY event_no, event_id, kind, client_key, corp_id`,
      ),
    ),
    redeliver: t(
      `UPDATE event_deliveries SET status = 'pending', attempts = 0, next_at = ?, lease_owner = NULL,
         lease_until = 0, last_error = NULL, settled_at = NULL, reported = ? WHERE event_id = ? RETURNING event_id`,
    ),
    takeFailed: t(
      `UPDATE event_deliveries SET reported = ? WHERE (event_id, kind, client_key, corp_id) IN (
         SELECT event_id, kind, client_key, corp_id FROM event_deliveries
         WHERE kind = 'http' AND client_key = ? AND corp_id = ? AND status = 'failed' AND NOT (${d.isTrue("reported")})
         ORDER BY event_no, event_id LIMIT ?) RETURNING event_id, event_no`,
    ),
    hasFailed: t(
      `SELECT 1 AS n FROM event_deliveries WHERE kind = 'http' AND client_key = ? AND corp_id = ?
         AND status = 'failed' AND NOT (${d.isTrue("reported")}) LIMIT 1`,
    ),

    listSubscriptions: t(`${selectFrom(subscriptions)} ORDER BY kind, client_key, corp_id`),
    listSubscriptionsOf: t(`${selectFrom(subscriptions)} WHERE client_key = ? ORDER BY kind, corp_id`),
    putSubscription: t(upsert(subscriptions)),
    deleteSubscription: [
      // Deliveries still waiting go with it; settled ones stay as history.
      `DELETE FROM event_deliveries WHERE kind = ? AND client_key = ? AND (corp_id = ? OR ? = '') AND ${PENDING}`,
      "DELETE FROM event_subscriptions WHERE kind = ? AND client_key = ? AND corp_id = ?",
    ].map(t),
    getSettings: t(`${selectFrom(eventSettings)} WHERE client_key = ?`),
    putSettings: t(upsert(eventSettings)),
    deleteSettings: t("DELETE FROM event_settings WHERE client_key = ?"),

    dropExpiredTickets: t("DELETE FROM stream_tickets WHERE expires_at <= ?"),
    putTicket: t(insertInto(streamTickets)),
    takeTicket: t(
      `DELETE FROM stream_tickets WHERE ticket = ? AND expires_at > ? RETURNING ${streamTickets.list}`,
    ),

    allEvents: t(`${selectFrom(events)} ORDER BY no, event_id`),
    allDeliveries: t(`${delivery} ORDER BY event_no, event_id, kind, client_key, corp_id`),
    allEventSeqs: t(`${selectFrom(eventSeqs)} ORDER BY conference_id`),
    allSettings: t(`${selectFrom(eventSettings)} ORDER BY client_key`),
  };
}

export type EventStatements = ReturnType<typeof eventStatements>;

/** The events part of `reset(corpId)`, `reset()`, and of the client deletions, in foreign-key order. */
export const eventResets = {
  org: [
    "DELETE FROM event_deliveries WHERE event_id IN (SELECT event_id FROM events WHERE corp_id = ?)",
    "DELETE FROM events WHERE corp_id = ?",
    "DELETE FROM event_seqs WHERE conference_id IN (SELECT conference_id FROM conferences WHERE corp_id = ?)",
  ],
  all: ["DELETE FROM event_deliveries", "DELETE FROM events", "DELETE FROM event_seqs"],
  /** Before an app or suite row is deleted (one parameter: its key). */
  client: [
    `DELETE FROM event_deliveries WHERE client_key = ? AND ${PENDING}`,
    "DELETE FROM event_subscriptions WHERE client_key = ?",
    "DELETE FROM event_settings WHERE client_key = ?",
    "DELETE FROM stream_tickets WHERE client_key = ?",
  ],
  /** Before an org's apps are deleted (one parameter: the corpId). */
  orgClients: [
    `DELETE FROM event_deliveries WHERE ${PENDING} AND client_key IN (SELECT app_key FROM apps WHERE corp_id = ?)`,
    "DELETE FROM event_subscriptions WHERE client_key IN (SELECT app_key FROM apps WHERE corp_id = ?)",
    "DELETE FROM event_settings WHERE client_key IN (SELECT app_key FROM apps WHERE corp_id = ?)",
    "DELETE FROM stream_tickets WHERE client_key IN (SELECT app_key FROM apps WHERE corp_id = ?)",
  ],
  /** Every events table, for a snapshot import. */
  clear: [
    "event_deliveries",
    "events",
    "event_seqs",
    "event_subscriptions",
    "event_settings",
    "stream_tickets",
  ],
};

export function eventCodecs(d: Dialect) {
  return {
    seq: codec(eventSeqs, d),
    event: codec(events, d),
    delivery: codec(deliveries, d),
    subscription: codec(subscriptions, d),
    settings: codec(eventSettings, d),
    ticket: codec(streamTickets, d),
  };
}

export interface EventKit {
  d: Dialect;
  q: EventStatements;
  rows: ReturnType<typeof eventCodecs>;
}

const kits = new Map<string, EventKit>();
/** The statements and codecs of `d`, built once. */
export function eventKit(d: Dialect): EventKit {
  let k = kits.get(d.name);
  if (!k) kits.set(d.name, (k = { d, q: eventStatements(d), rows: eventCodecs(d) }));
  return k;
}

/** The snapshot part the events tables add (tickets are not kept: they live 90 s). */
export interface EventsDump {
  eventSeqs: EventSeqRow[];
  events: EventRow[];
  eventDeliveries: DeliveryRow[];
  eventSubscriptions: SubscriptionRow[];
  eventSettings: EventSettingsRow[];
}

/** The events half of the one SQL `Tx` (`SqlTx` extends it). */
export class EventsSqlTx implements EventsTx {
  constructor(
    protected readonly r: Runner,
    private readonly ek: EventKit,
  ) {}

  async nextStatusSeqs(conferenceId: string, count: number): Promise<number> {
    const row = await this.r.one(this.ek.q.nextStatusSeqs, [conferenceId, count]);
    return (row!.last_seq as number) - count + 1;
  }
  async insertEvents(rows: Omit<EventRow, "no">[]): Promise<EventRow[]> {
    const out = rows.map((r) => ({ ...r, no: nextEventNo() }) as EventRow);
    for (const e of out) await this.r.run(this.ek.q.insertEvent, this.ek.rows.event.encode(e));
    return out;
  }
  async insertDeliveries(rows: DeliveryRow[]): Promise<void> {
    for (const d of rows) await this.r.run(this.ek.q.insertDelivery, this.ek.rows.delivery.encode(d));
  }
  async listEventAudience(corpId: string): Promise<AudienceRow[]> {
    const rows = await this.r.all(this.ek.q.audience, [corpId, corpId, corpId, corpId]);
    return rows.map((r) => ({
      ...this.ek.rows.subscription.decode(r),
      scopes: r.scopes ? (JSON.parse(r.scopes as string) as string[]) : [],
      extensions: r.extensions ? (JSON.parse(r.extensions as string) as string[]) : [],
    }));
  }
  async notifyDeliveries(units: DeliveryUnit[]): Promise<void> {
    if (!this.ek.q.notify || units.length === 0) return;
    const payload = JSON.stringify(units);
    // NOTIFY payloads stop at 8000 bytes: past that, "[]" asks every instance to sweep.
    await this.r.one(this.ek.q.notify, ["vconf_deliveries", payload.length < 7900 ? payload : "[]"]);
  }

  async claimDeliveries(unit: DeliveryUnit, limit: number, now: number, leaseUntil: number, owner: string) {
    const { q, rows } = this.ek;
    const claimed =
      unit.kind === "stream"
        ? await this.r.all(q.claimStream, [owner, leaseUntil, unit.clientKey, now, now, limit])
        : await this.r.all(q.claimHttp, [
            owner,
            leaseUntil,
            unit.clientKey,
            unit.corpId ?? "",
            now,
            now,
            limit,
          ]);
    if (claimed.length === 0) return [];
    const ds = claimed
      .map(rows.delivery.decode)
      .sort((a, b) => a.eventNo - b.eventNo || cmp(a.eventId, b.eventId));
    const ids = [...new Set(ds.map((d) => d.eventId))];
    const evs = new Map(
      (await this.r.all(q.eventsIn(ids.length), this.ek.d.listParams(ids)))
        .map(rows.event.decode)
        .map((e) => [e.eventId, e] as const),
    );
    let http: ClaimedDelivery["http"];
    if (unit.kind === "http") {
      const subs = (await this.r.all(q.httpTargets, [unit.clientKey, unit.corpId ?? ""])).map(
        rows.subscription.decode,
      );
      const s = subs.find((x) => x.corpId === unit.corpId) ?? subs.find((x) => x.corpId === "");
      if (s) http = { url: s.url!, token: s.token!, aesKey: s.aesKey!, ownerKey: s.ownerKey! };
    }
    return ds
      .filter((d) => evs.has(d.eventId))
      .map((d) => ({
        kind: d.kind,
        clientKey: d.clientKey,
        corpId: d.corpId,
        eventId: d.eventId,
        attempts: d.attempts,
        event: evs.get(d.eventId)!,
        ...(http ? { http } : {}),
      }));
  }
  async settleDeliveries(settlements: Settlement[], owner: string): Promise<void> {
    const { q } = this.ek;
    for (const s of settlements) {
      const key = [s.eventId, s.kind, s.clientKey, s.corpId];
      if (s.outcome === "delivered") await this.r.run(q.delivered, [s.at, ...key, owner]);
      else if (s.outcome === "retry")
        await this.r.run(q.retry, [s.nextAt, s.error.slice(0, 500), ...key, owner]);
      else if (s.outcome === "failed")
        await this.r.run(q.failed, [s.at, s.error.slice(0, 500), ...key, owner]);
      else await this.r.run(q.released, [...key, owner]);
    }
  }
  async dueUnits(now: number, limit: number): Promise<DeliveryUnit[]> {
    const rows = await this.r.all(this.ek.q.dueUnits, [now, now, limit]);
    return rows.map((r) =>
      r.kind === "stream"
        ? { kind: "stream", clientKey: r.client_key as string }
        : { kind: "http", clientKey: r.client_key as string, corpId: r.corp_id as string },
    );
  }
  async nextDueAt(): Promise<number | undefined> {
    const r = await this.r.one(this.ek.q.nextDueAt, []);
    return r?.n === null || r?.n === undefined ? undefined : Number(r.n);
  }
  async deliveryBacklog(): Promise<{ pending: number; oldestBornAt?: number }> {
    const r = await this.r.one(this.ek.q.backlog, []);
    const oldest = r?.oldest === null || r?.oldest === undefined ? undefined : Number(r.oldest);
    return { pending: Number(r?.n ?? 0), oldestBornAt: oldest };
  }
  async expireDeliveries(bornBefore: number, now: number): Promise<void> {
    await this.r.run(this.ek.q.expire, [now, bornBefore, now]);
  }
  async releaseLeases(): Promise<void> {
    await this.r.run(this.ek.q.releaseLeases, []);
  }

  async listEvents(q: EventQuery): Promise<EventRow[]> {
    const conf = q.conferenceId ?? null;
    const type = q.eventType ?? null;
    const afterNo = q.afterNo ?? null;
    const status = q.status ?? null;
    const params = [
      conf,
      conf,
      type,
      type,
      afterNo,
      afterNo,
      afterNo,
      q.afterEventId ?? "",
      status,
      status,
      q.limit,
    ];
    const rows = await this.r.all(q.newest ? this.ek.q.listNewestEvents : this.ek.q.listEvents, params);
    const out = rows.map(this.ek.rows.event.decode);
    return q.newest ? out.reverse() : out;
  }
  async getEvent(eventId: string) {
    const r = await this.r.one(this.ek.q.getEvent, [eventId]);
    return r && this.ek.rows.event.decode(r);
  }
  async listDeliveriesOf(eventIds: string[]): Promise<DeliveryRow[]> {
    if (eventIds.length === 0) return [];
    const rows = await this.r.all(this.ek.q.deliveriesOf(eventIds.length), this.ek.d.listParams(eventIds));
    return rows.map(this.ek.rows.delivery.decode);
  }
  async redeliver(eventId: string, now: number): Promise<number> {
    return (await this.r.all(this.ek.q.redeliver, [now, this.ek.d.encodeBool(false), eventId])).length;
  }
  async takeFailedHttp(clientKey: string, corpId: string, limit: number) {
    const taken = await this.r.all(this.ek.q.takeFailed, [
      this.ek.d.encodeBool(true),
      clientKey,
      corpId,
      limit,
    ]);
    if (taken.length === 0) return [];
    const ids = taken.map((r) => r.event_id as string);
    const evs = (await this.r.all(this.ek.q.eventsIn(ids.length), this.ek.d.listParams(ids))).map(
      this.ek.rows.event.decode,
    );
    return evs.sort((a, b) => a.no - b.no || cmp(a.eventId, b.eventId)).map((event) => ({ event }));
  }
  async hasFailedHttp(clientKey: string, corpId: string) {
    return !!(await this.r.one(this.ek.q.hasFailed, [clientKey, corpId]));
  }

  async listSubscriptions(clientKey?: string): Promise<SubscriptionRow[]> {
    const rows =
      clientKey === undefined
        ? await this.r.all(this.ek.q.listSubscriptions, [])
        : await this.r.all(this.ek.q.listSubscriptionsOf, [clientKey]);
    return rows.map(this.ek.rows.subscription.decode);
  }
  async putSubscription(row: SubscriptionRow): Promise<void> {
    await this.r.run(this.ek.q.putSubscription, this.ek.rows.subscription.encode(row));
  }
  async deleteSubscription(kind: SubscriberKind, clientKey: string, corpId: string): Promise<void> {
    const [pending, sub] = this.ek.q.deleteSubscription;
    await this.r.run(pending, [kind, clientKey, corpId, corpId]);
    await this.r.run(sub, [kind, clientKey, corpId]);
  }
  async getEventSettings(clientKey: string) {
    const r = await this.r.one(this.ek.q.getSettings, [clientKey]);
    return r && this.ek.rows.settings.decode(r);
  }
  async putEventSettings(row: EventSettingsRow): Promise<void> {
    await this.r.run(this.ek.q.putSettings, this.ek.rows.settings.encode(row));
  }
  async deleteEventSettings(clientKey: string): Promise<void> {
    await this.r.run(this.ek.q.deleteSettings, [clientKey]);
  }

  async putStreamTicket(row: StreamTicketRow): Promise<void> {
    await this.r.run(this.ek.q.dropExpiredTickets, [row.expiresAt - 90_000]);
    await this.r.run(this.ek.q.putTicket, this.ek.rows.ticket.encode(row));
  }
  async takeStreamTicket(ticket: string, now: number) {
    const r = await this.r.one(this.ek.q.takeTicket, [ticket, now]);
    return r && this.ek.rows.ticket.decode(r);
  }

  /** The events tables for a snapshot. */
  protected async exportEvents(): Promise<EventsDump> {
    const { q, rows } = this.ek;
    return {
      eventSeqs: (await this.r.all(q.allEventSeqs, [])).map(rows.seq.decode),
      events: (await this.r.all(q.allEvents, [])).map(rows.event.decode),
      eventDeliveries: (await this.r.all(q.allDeliveries, [])).map(rows.delivery.decode),
      eventSubscriptions: await this.listSubscriptions(),
      eventSettings: (await this.r.all(q.allSettings, [])).map(rows.settings.decode),
    };
  }
  /** Writes a snapshot's events tables (after they were emptied), rows as given. */
  protected async importEvents(d: Partial<EventsDump>): Promise<void> {
    const { q, rows } = this.ek;
    for (const s of d.eventSeqs ?? []) await this.r.run(q.insertEventSeq, rows.seq.encode(s));
    for (const e of d.events ?? []) await this.r.run(q.insertEvent, rows.event.encode(e));
    for (const x of d.eventDeliveries ?? []) await this.r.run(q.insertDelivery, rows.delivery.encode(x));
    for (const s of d.eventSubscriptions ?? []) await this.putSubscription(s);
    for (const s of d.eventSettings ?? []) await this.putEventSettings(s);
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
