/**
 * The rows events keep in the store (both drivers): the outbox, one delivery per event and subscriber,
 * the subscriptions, and the Stream gateway's one-time tickets.
 */

import type {
  DeliveryRow,
  EventRow,
  EventSeqRow,
  EventSettingsRow,
  StreamTicketRow,
  SubscriptionRow,
} from "../store/rows-events.js";

// The stored rows are described once, as schemas, in store/rows-events.ts.
export type { DeliveryRow, EventRow, EventSeqRow, EventSettingsRow, StreamTicketRow, SubscriptionRow };

export type SubscriberKind = "stream" | "http";
export type DeliveryStatus = "pending" | "delivered" | "failed";

/** Who receives: a Stream subscriber (app, or suite per corp) or an HTTP registration. */
export interface SubscriberRef {
  kind: SubscriberKind;
  clientKey: string;
  /** The org the event belongs to (for a suite: one of its authorizing orgs). */
  corpId: string;
}

/** A subscription that may receive an org's events, with its client's scopes and extensions. */
export interface AudienceRow extends SubscriptionRow {
  scopes: string[];
  extensions: string[];
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
