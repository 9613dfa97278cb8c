import Type, { type Static } from "typebox";
import { closed, Int, Key, NullableInt, NullableS, S } from "./row-fields.js";

/**
 * The rows events keep in the store (both drivers), described once like rows.ts: the outbox, one delivery
 * per event and subscriber, the subscriptions, the per-conference statusSeqNum counter, the opt-in
 * extensions and the Stream gateway's one-time tickets. Their types are re-exported by events/types.ts.
 */
const Names = Type.Array(S, { maxItems: 1_000 });
const SubscriberKind = Type.Union([Type.Literal("stream"), Type.Literal("http")]);
const ClientKind = Type.Union([Type.Literal("app"), Type.Literal("suite")]);

/** One outbox row: an event as written in the transaction of its change. */
export const EventRow = Type.Object(
  {
    eventId: Key,
    /** Write order across the store (assigned on insert; kept by snapshots). */
    no: Int,
    eventType: S,
    conferenceId: S,
    corpId: S,
    /** The per-conference sequence number; null for events outside it. */
    statusSeqNum: NullableInt,
    /** Commit time (ms): `eventBornTime`. */
    bornAt: Int,
    /** The data object: openConfModel / openMemberModels, statusSeqNum, changeScene, … */
    payload: Type.Record(Type.String(), Type.Unknown()),
  },
  closed,
);
export type EventRow = Static<typeof EventRow>;

/** One event's delivery to one subscriber (`kind`, `clientKey`, `corpId`: see events/types.ts SubscriberRef). */
export const DeliveryRow = Type.Object(
  {
    eventId: Key,
    kind: SubscriberKind,
    clientKey: S,
    /** The org the event belongs to (for a suite: one of its authorizing orgs). */
    corpId: S,
    /** The event's `no`: deliveries are first sent in this order. */
    eventNo: Int,
    /** The event's `bornAt` (the retry TTL counts from it). */
    bornAt: Int,
    status: Type.Union([Type.Literal("pending"), Type.Literal("delivered"), Type.Literal("failed")]),
    /** Sends so far. */
    attempts: Int,
    /** When it may be sent (again). */
    nextAt: Int,
    /** The instance that holds it now (sent, waiting for the ACK), until `leaseUntil`. */
    leaseOwner: NullableS,
    leaseUntil: Int,
    lastError: NullableS,
    /** When it was acknowledged, or finally failed. */
    settledAt: NullableInt,
    /** A failed HTTP push already returned by `get_call_back_failed_result` (each call clears its list). */
    reported: Type.Boolean(),
  },
  closed,
);
export type DeliveryRow = Static<typeof DeliveryRow>;

/**
 * A subscription. Stream: the app (or suite) opened a Stream connection once (`corpId` "" for a suite:
 * all its orgs). HTTP: a callback registration; `corpId` is the app's org, or for a suite the org that
 * registered it ("" for the suite-wide one from the control plane).
 */
export const SubscriptionRow = Type.Object(
  {
    kind: SubscriberKind,
    clientKey: Key,
    clientKind: ClientKind,
    corpId: S,
    url: NullableS,
    token: NullableS,
    aesKey: NullableS,
    /** The `ownerKey` of the encrypted payload: corpId (register_call_back), appKey or suiteKey. */
    ownerKey: NullableS,
    /** Event types pushed (null: all). */
    tags: Type.Union([Names, Type.Null()]),
    /** "api" (register_call_back) or "config" (seed, control plane). */
    source: Type.Union([Type.Literal("api"), Type.Literal("config")]),
    createdAt: Int,
  },
  closed,
);
export type SubscriptionRow = Static<typeof SubscriptionRow>;

/** The last statusSeqNum a conference handed out. */
export const EventSeqRow = Type.Object({ conferenceId: Key, lastSeq: Int }, closed);
export type EventSeqRow = Static<typeof EventSeqRow>;

/** An app's or suite's opt-in extensions (`member_role_change`). */
export const EventSettingsRow = Type.Object({ clientKey: Key, extensions: Names }, closed);
export type EventSettingsRow = Static<typeof EventSettingsRow>;

/** A Stream ticket: good for one connection, until `expiresAt` (not in snapshots). */
export const StreamTicketRow = Type.Object(
  { ticket: Key, clientKey: S, clientKind: ClientKind, ua: S, expiresAt: Int },
  closed,
);
export type StreamTicketRow = Static<typeof StreamTicketRow>;
