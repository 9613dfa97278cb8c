import type { DeliveryRow, DeliveryStatus, Settlement, SubscriberRef } from "./types.js";

/**
 * A delivery's new state as this instance recorded it: a send settled (acknowledged, to be retried,
 * failed for good) or an event redelivered. What the console's watch stream tells of (`delivery`
 * messages); the store holds the same state for everyone else to read.
 */
export interface DeliveryChange extends SubscriberRef {
  eventId: string;
  status: DeliveryStatus;
  /** Sends so far (0 after a redelivery). */
  attempts: number;
  /** Set by this change (a retry's or failure's reason); absent: the earlier one stands. */
  lastError?: string;
  /** When it was acknowledged (delivered) or given up (failed). */
  settledAt?: number;
  /** When it is due again (pending). */
  nextAt?: number;
}

export type DeliveryChangeListener = (changes: readonly DeliveryChange[]) => void;

/** The state a written settlement left; none for a release (not a send: nothing changed). */
export function settledChange(s: Settlement): DeliveryChange | undefined {
  const base = {
    kind: s.kind,
    clientKey: s.clientKey,
    corpId: s.corpId,
    eventId: s.eventId,
    attempts: s.attempts ?? 0,
  };
  switch (s.outcome) {
    case "delivered":
      return { ...base, status: "delivered", settledAt: s.at };
    case "retry":
      return { ...base, status: "pending", lastError: s.error.slice(0, 500), nextAt: s.nextAt };
    case "failed":
      return { ...base, status: "failed", lastError: s.error.slice(0, 500), settledAt: s.at };
    default:
      return undefined;
  }
}

/** A stored delivery row as a change (after a redelivery: pending again, attempts 0). */
export function rowChange(d: DeliveryRow): DeliveryChange {
  return {
    kind: d.kind,
    clientKey: d.clientKey,
    corpId: d.corpId,
    eventId: d.eventId,
    status: d.status,
    attempts: d.attempts,
    ...(d.lastError ? { lastError: d.lastError } : {}),
    ...(d.settledAt !== null && d.status !== "pending" ? { settledAt: d.settledAt } : {}),
    ...(d.status === "pending" ? { nextAt: d.nextAt } : {}),
  };
}
