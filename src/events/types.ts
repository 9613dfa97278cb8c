/**
 * The rows events keep in the store (both drivers): the outbox, one delivery per event and subscriber,
 * the subscriptions, and the Stream gateway's one-time tickets.
 */

/** One outbox row: an event as written in the transaction of its change. */
export interface EventRow {
  eventId: string;
  /** Write order across the store (assigned on insert; kept by snapshots). */
  no: number;
  eventType: string;
  conferenceId: string;
  corpId: string;
  /** The per-conference sequence number; null for events outside it. */
  statusSeqNum: number | null;
  /** Commit time (ms): `eventBornTime`. */
  bornAt: number;
  /** The data object: openConfModel / openMemberModels, statusSeqNum, changeScene, … */
  payload: Record<string, unknown>;
}

export type SubscriberKind = "stream" | "http";
export type DeliveryStatus = "pending" | "delivered" | "failed";

/** Who receives: a Stream subscriber (app, or suite per corp) or an HTTP registration. */
export interface SubscriberRef {
  kind: SubscriberKind;
  clientKey: string;
  /** The org the event belongs to (for a suite: one of its authorizing orgs). */
  corpId: string;
}

export interface DeliveryRow extends SubscriberRef {
  eventId: string;
  /** The event's `no`: deliveries are first sent in this order. */
  eventNo: number;
  /** The event's `bornAt` (the retry TTL counts from it). */
  bornAt: number;
  status: DeliveryStatus;
  /** Sends so far. */
  attempts: number;
  /** When it may be sent (again). */
  nextAt: number;
  /** The instance that holds it now (sent, waiting for the ACK), until `leaseUntil`. */
  leaseOwner: string | null;
  leaseUntil: number;
  lastError: string | null;
  /** When it was acknowledged, or finally failed. */
  settledAt: number | null;
  /** A failed HTTP push already returned by `get_call_back_failed_result` (each call clears its list). */
  reported: boolean;
}

/**
 * A subscription. Stream: the app (or suite) opened a Stream connection once (`corpId` "" for a suite:
 * all its orgs). HTTP: a callback registration; `corpId` is the app's org, or for a suite the org that
 * registered it ("" for the suite-wide one from the control plane).
 */
export interface SubscriptionRow {
  kind: SubscriberKind;
  clientKey: string;
  clientKind: "app" | "suite";
  corpId: string;
  url: string | null;
  token: string | null;
  aesKey: string | null;
  /** The `ownerKey` of the encrypted payload: corpId (register_call_back), appKey or suiteKey. */
  ownerKey: string | null;
  /** Event types pushed (null: all). */
  tags: string[] | null;
  /** "api" (register_call_back) or "config" (seed, control plane). */
  source: "api" | "config";
  createdAt: number;
}

/** The last statusSeqNum a conference handed out. */
export interface EventSeqRow {
  conferenceId: string;
  lastSeq: number;
}

/** An app's or suite's opt-in extensions (`member_role_change`). */
export interface EventSettingsRow {
  clientKey: string;
  extensions: string[];
}

/** A subscription that may receive an org's events, with its client's scopes and extensions. */
export interface AudienceRow extends SubscriptionRow {
  scopes: string[];
  extensions: string[];
}

/** A Stream ticket: good for one connection, until `expiresAt`. */
export interface StreamTicketRow {
  ticket: string;
  clientKey: string;
  clientKind: "app" | "suite";
  ua: string;
  expiresAt: number;
}

/** A delivery leased for sending, with its event and (HTTP) where to send it. */
export interface ClaimedDelivery extends SubscriberRef {
  eventId: string;
  attempts: number;
  event: EventRow;
  http?: { url: string; token: string; aesKey: string; ownerKey: string };
}

/** How one send ended. */
export type Settlement = SubscriberRef & { eventId: string } & (
    | { outcome: "delivered"; at: number }
    | { outcome: "retry"; nextAt: number; error: string }
    | { outcome: "failed"; at: number; error: string }
    /** Not sent after all (no connection left): back to pending, the attempt not counted. */
    | { outcome: "released" }
  );

/** The control plane's filter over the outbox. */
export interface EventQuery {
  conferenceId?: string;
  eventType?: string;
  status?: DeliveryStatus;
  /** Only events after this one (`no`, then `eventId`: the cursor of `vconf events tail`). */
  afterNo?: number;
  afterEventId?: string;
  /** The newest `limit` rows instead of the oldest (still returned oldest first). */
  newest?: boolean;
  limit: number;
}
