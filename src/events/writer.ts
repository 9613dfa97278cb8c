import { randomHex } from "../domain/identity/secrets.js";
import { SCOPE_READ, SCOPE_WRITE } from "../schemas/paths.js";
import type { MemberRow, Tx } from "../store/store.js";
import type { PlannedEvent } from "./derive.js";
import type { DeliveryUnit, EventsTx } from "./events-tx.js";
import { EXTENSIONS, TWIN, openConfModel, openMemberModel } from "./payloads.js";
import type { AudienceRow, ClaimedDelivery, DeliveryRow, EventRow, SubscriberRef } from "./types.js";

/**
 * This instance taking a new delivery at once: when it can send to the subscriber now, the delivery is
 * written already leased to it (attempt 1), so after the commit it is sent without a claim transaction.
 */
export interface Leaser {
  owner: string;
  leaseMs: number;
  /** Whether this instance will send this delivery right after the commit. */
  takes(ref: SubscriberRef): boolean;
}

/** The store's transaction with the events part. */
export type ETx = Tx & EventsTx;

/**
 * `eventId`: 32 lower-case hex, unique (vconf-events.md §1): the milliseconds since 1970 (12 hex), then 80
 * random bits. Ids that grow with time are appended to the outbox's primary-key index instead of landing
 * on a random page of it: fewer pages written per commit (the co-host change's costliest insert).
 */
export function newEventId(now = Date.now()): string {
  return now.toString(16).padStart(12, "0").slice(-12) + randomHex(10);
}

/** An event to write with its data ready: the general event; its twin goes to the creating app. */
export interface EventToWrite {
  conferenceId: string;
  eventType: string;
  /** The data fields besides `statusSeqNum` (filled in here). */
  data: Record<string, unknown>;
  /** Takes a number of the conference's statusSeqNum sequence (default true). */
  sequenced?: boolean;
  /**
   * Only these apps or suites (client keys) receive it and its twin, among the usual recipients: the
   * subtitle events go to the apps SetSubtitleEvent subscribed (spec more §11).
   */
  only?: readonly string[];
}

/** One outbox row as written, with its deliveries (for the console's live view of the outbox). */
export interface WrittenEvent {
  event: EventRow;
  deliveries: DeliveryRow[];
}

/** What writing a transaction's events produced: the subscribers to wake, and how many deliveries. */
export interface Written {
  units: DeliveryUnit[];
  deliveries: number;
  /** Deliveries leased to this instance in the transaction: to send once it is durable. */
  leased: ClaimedDelivery[];
  /** The rows written, in write order. */
  events: WrittenEvent[];
  /** Whether each subscriber's clientKey is an app or a suite (known here from the audience). */
  clientKinds: Map<string, "app" | "suite">;
}

const hasScope = (a: AudienceRow) => a.scopes.includes(SCOPE_READ) || a.scopes.includes(SCOPE_WRITE);

/**
 * Who receives an event of `eventType`: the org's subscriptions whose client holds a conference scope,
 * has opted into the type's extension (if it is one) and, over HTTP, lists the type among its tags. An
 * HTTP registration of a suite for this org wins over its suite-wide one (one subscriber per org).
 */
export function recipients(audience: AudienceRow[], eventType: string, corpId: string): SubscriberRef[] {
  const extension = Object.entries(EXTENSIONS).find(([, type]) => type === eventType)?.[0];
  const specific = new Set(
    audience.filter((a) => a.kind === "http" && a.corpId === corpId).map((a) => a.clientKey),
  );
  const out: SubscriberRef[] = [];
  for (const a of audience) {
    if (!hasScope(a)) continue;
    if (extension && !a.extensions.includes(extension)) continue;
    if (a.kind === "http") {
      if (a.corpId === "" && specific.has(a.clientKey)) continue;
      if (a.tags && !a.tags.includes(eventType)) continue;
    }
    out.push({ kind: a.kind, clientKey: a.clientKey, corpId });
  }
  return out;
}

/**
 * Writes events in the caller's transaction: numbers from the conference's sequence (a twin shares its
 * general event's), outbox rows, and one pending delivery per recipient. Returns what to wake.
 */
export async function writeEvents(
  tx: ETx,
  events: EventToWrite[],
  now: number,
  leaser?: Leaser,
): Promise<Written> {
  const written: Written = { units: [], deliveries: 0, leased: [], events: [], clientKinds: new Map() };
  if (events.length === 0) return written;
  const byConf = new Map<string, EventToWrite[]>();
  for (const e of events) byConf.set(e.conferenceId, [...(byConf.get(e.conferenceId) ?? []), e]);
  const rows: Omit<EventRow, "no">[] = [];
  const targets: SubscriberRef[][] = [];
  const audiences = new Map<string, AudienceRow[]>();
  for (const [conferenceId, list] of byConf) {
    const conf = await tx.getConference(conferenceId);
    if (!conf) continue;
    let audience = audiences.get(conf.corpId);
    if (!audience) audiences.set(conf.corpId, (audience = await tx.listEventAudience(conf.corpId)));
    for (const a of audience) written.clientKinds.set(a.clientKey, a.clientKind);
    const sequenced = list.filter((e) => e.sequenced !== false).length;
    let seq = sequenced > 0 ? await tx.nextStatusSeqs(conferenceId, sequenced) : 0;
    for (const e of list) {
      const statusSeqNum = e.sequenced === false ? null : seq++;
      // DingTalk's order: the models, statusSeqNum, changeScene.
      const { changeScene, ...models } = e.data;
      const payload =
        statusSeqNum === null
          ? e.data
          : { ...models, statusSeqNum, ...(changeScene === undefined ? {} : { changeScene }) };
      const base = { conferenceId, corpId: conf.corpId, statusSeqNum, bornAt: now, payload };
      rows.push({ ...base, eventId: newEventId(), eventType: e.eventType });
      const allowed = (r: SubscriberRef) => !e.only || e.only.includes(r.clientKey);
      targets.push(recipients(audience, e.eventType, conf.corpId).filter(allowed));
      const twin = TWIN[e.eventType];
      if (twin) {
        rows.push({ ...base, eventId: newEventId(), eventType: twin });
        targets.push(
          recipients(audience, twin, conf.corpId).filter(
            (r) => r.clientKey === conf.creatorApp && allowed(r),
          ),
        );
      }
    }
  }
  const inserted = await tx.insertEvents(rows);
  const deliveries: DeliveryRow[] = [];
  const units = new Map<string, DeliveryUnit>();
  inserted.forEach((ev, i) => {
    const ofEvent: DeliveryRow[] = [];
    written.events.push({ event: ev, deliveries: ofEvent });
    for (const r of targets[i]) {
      const mine = r.kind === "stream" && !!leaser?.takes(r);
      const row: DeliveryRow = {
        ...r,
        eventId: ev.eventId,
        eventNo: ev.no,
        bornAt: ev.bornAt,
        status: "pending",
        attempts: mine ? 1 : 0,
        nextAt: now,
        leaseOwner: mine ? leaser!.owner : null,
        leaseUntil: mine ? now + leaser!.leaseMs : 0,
        lastError: null,
        settledAt: null,
        reported: false,
      };
      deliveries.push(row);
      ofEvent.push(row);
      if (mine) {
        written.leased.push({ ...r, eventId: ev.eventId, attempts: 1, event: ev });
        continue; // nobody needs waking for it
      }
      const unit: DeliveryUnit =
        r.kind === "stream"
          ? { kind: r.kind, clientKey: r.clientKey }
          : { kind: r.kind, clientKey: r.clientKey, corpId: r.corpId };
      units.set(JSON.stringify(unit), unit);
    }
  });
  if (deliveries.length > 0) await tx.insertDeliveries(deliveries);
  if (units.size > 0) await tx.notifyDeliveries([...units.values()]);
  written.units = [...units.values()];
  written.deliveries = deliveries.length;
  return written;
}

/** The data of planned member, role and status events, read from the transaction's final state. */
export async function buildPlanned(tx: ETx, planned: PlannedEvent[]): Promise<EventToWrite[]> {
  const out: EventToWrite[] = [];
  for (const p of planned) {
    const conf = await tx.getConference(p.conferenceId);
    if (!conf) continue;
    let data: Record<string, unknown>;
    if (p.unionIds.length === 0) {
      // Status events carry the counts, which need every member; member events only those touched.
      const members = await tx.listMembers(p.conferenceId);
      const nick = (await tx.getUser(conf.creatorId))?.name ?? "";
      data = { openConfModel: openConfModel(conf, members, nick) };
    } else {
      const members = await Promise.all(p.unionIds.map((id) => tx.getMember(p.conferenceId, id)));
      data = { openMemberModels: members.filter((m): m is MemberRow => !!m).map(openMemberModel) };
    }
    data.changeScene = p.changeScene;
    out.push({ conferenceId: p.conferenceId, eventType: p.eventType, data });
  }
  return out;
}
