import type {
  AudienceRow,
  ClaimedDelivery,
  DeliveryRow,
  EventQuery,
  EventRow,
  EventSettingsRow,
  Settlement,
  StreamTicketRow,
  SubscriberKind,
  SubscriptionRow,
} from "./types.js";

/** Which deliveries a claim takes: a Stream client's (every org), or one HTTP registration's. */
export interface DeliveryUnit {
  kind: SubscriberKind;
  clientKey: string;
  /** HTTP only: the org of the registration. */
  corpId?: string;
}

/** What the store does for events, inside one transaction (both drivers). */
export interface EventsTx {
  // --- the outbox, written in the transaction of the change ---
  /** Reserves `count` numbers of a conference's statusSeqNum sequence; returns the first. */
  nextStatusSeqs(conferenceId: string, count: number): Promise<number>;
  /** Inserts outbox rows (their `no` is assigned here) and returns them with it. */
  insertEvents(rows: Omit<EventRow, "no">[]): Promise<EventRow[]>;
  insertDeliveries(rows: DeliveryRow[]): Promise<void>;
  /** The subscriptions that may receive events of `corpId`'s conferences, with scopes and extensions. */
  listEventAudience(corpId: string): Promise<AudienceRow[]>;
  /** Wakes every instance's dispatcher once this transaction commits (PostgreSQL NOTIFY; else nothing). */
  notifyDeliveries(units: DeliveryUnit[]): Promise<void>;

  // --- delivery ---
  /**
   * Leases up to `limit` due deliveries of `unit` (pending, `nextAt` ≤ now, lease expired), oldest event
   * first, skipping rows another instance is claiming (`FOR UPDATE SKIP LOCKED`); counts the attempt.
   */
  claimDeliveries(
    unit: DeliveryUnit,
    limit: number,
    now: number,
    leaseUntil: number,
    owner: string,
  ): Promise<ClaimedDelivery[]>;
  /** Records how sends ended (only for rows `owner` still leases). */
  settleDeliveries(settlements: Settlement[], owner: string): Promise<void>;
  /** Subscribers with deliveries due now (for the periodic sweep). */
  dueUnits(now: number, limit: number): Promise<DeliveryUnit[]>;
  /** The earliest `nextAt` of a pending delivery, if any. */
  nextDueAt(): Promise<number | undefined>;
  /** Pending deliveries (every subscriber, every instance) and the oldest one's event birth (metrics). */
  deliveryBacklog(): Promise<{ pending: number; oldestBornAt?: number }>;
  /** Fails pending deliveries of events born before `bornBefore` (the retry TTL). */
  expireDeliveries(bornBefore: number, now: number): Promise<void>;
  /** Drops every lease (one SQLite process owns its file: leases of a crashed run are void). */
  releaseLeases(): Promise<void>;

  // --- control plane ---
  /** Outbox rows, oldest first. */
  listEvents(query: EventQuery): Promise<EventRow[]>;
  getEvent(eventId: string): Promise<EventRow | undefined>;
  listDeliveriesOf(eventIds: string[]): Promise<DeliveryRow[]>;
  /** Every delivery of the event back to pending, due now, attempts 0; returns how many. */
  redeliver(eventId: string, now: number): Promise<number>;
  /** Up to `limit` finally failed, unreported HTTP pushes of a registration, marked reported. */
  takeFailedHttp(clientKey: string, corpId: string, limit: number): Promise<{ event: EventRow }[]>;
  /** Whether more failed, unreported HTTP pushes of a registration remain. */
  hasFailedHttp(clientKey: string, corpId: string): Promise<boolean>;

  // --- subscriptions ---
  listSubscriptions(clientKey?: string): Promise<SubscriptionRow[]>;
  /** Inserts or replaces (key: kind, clientKey, corpId). */
  putSubscription(row: SubscriptionRow): Promise<void>;
  /** Deletes a subscription and its deliveries not yet settled. */
  deleteSubscription(kind: SubscriberKind, clientKey: string, corpId: string): Promise<void>;
  getEventSettings(clientKey: string): Promise<EventSettingsRow | undefined>;
  putEventSettings(row: EventSettingsRow): Promise<void>;
  deleteEventSettings(clientKey: string): Promise<void>;

  // --- Stream tickets ---
  putStreamTicket(row: StreamTicketRow): Promise<void>;
  /** Removes and returns the ticket if it exists and has not expired (one connection per ticket). */
  takeStreamTicket(ticket: string, now: number): Promise<StreamTicketRow | undefined>;
}
