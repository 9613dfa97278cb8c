import { createHash, randomBytes, randomUUID } from "node:crypto";

/**
 * DingTalk Stream frames (dingtalk-events.md §1.3–1.4): JSON text frames, every header value a string
 * (the Go SDK decodes headers into map[string]string), `data` a string holding a JSON object.
 */

export interface DownstreamFrame {
  specVersion: "1.0";
  type: "SYSTEM" | "EVENT";
  headers: Record<string, string>;
  data: string;
}

/** What an EVENT frame carries about one event for one subscriber. */
export interface EventFrameInput {
  eventId: string;
  eventType: string;
  corpId: string;
  bornAt: number;
  /** `eventUnifiedAppId`: the receiving app's or suite's fixed UUID. */
  unifiedAppId: string;
  /** The event's data object (openConfModel/openMemberModels, statusSeqNum, changeScene, …). */
  payload: unknown;
}

const prefix = randomBytes(4).toString("hex");
let counter = 0;

/**
 * A new `messageId`, shaped like DingTalk's (`213d841d_972_1898bb26334_70a7`): process prefix, counter,
 * time in hex, random suffix. Unique per send, so a redelivery of one event gets a new one.
 */
export function newMessageId(now: number): string {
  counter = (counter + 1) % 1_000_000_000;
  return `${prefix}_${counter}_${now.toString(16)}_${randomUUID().slice(0, 4)}`;
}

export function eventFrame(e: EventFrameInput, messageId: string, now: number): string {
  const frame: DownstreamFrame = {
    specVersion: "1.0",
    type: "EVENT",
    headers: {
      topic: "*",
      contentType: "application/json",
      messageId,
      time: String(now),
      eventId: e.eventId,
      eventBornTime: String(e.bornAt),
      eventCorpId: e.corpId,
      eventType: e.eventType,
      eventUnifiedAppId: e.unifiedAppId,
    },
    data: JSON.stringify(e.payload),
  };
  return JSON.stringify(frame);
}

export function pingFrame(opaque: string, messageId: string, now: number): string {
  const frame: DownstreamFrame = {
    specVersion: "1.0",
    type: "SYSTEM",
    headers: { topic: "ping", contentType: "application/json", messageId, time: String(now) },
    data: JSON.stringify({ opaque }),
  };
  return JSON.stringify(frame);
}

export function disconnectFrame(reason: string, messageId: string, now: number): string {
  const frame: DownstreamFrame = {
    specVersion: "1.0",
    type: "SYSTEM",
    headers: { topic: "disconnect", contentType: "application/json", messageId, time: String(now) },
    data: JSON.stringify({ reason }),
  };
  return JSON.stringify(frame);
}

/** An upstream frame: the reply to the downstream frame `messageId`. */
export interface Upstream {
  messageId: string;
  /** The event should be sent again (LATER, or a non-200 code). */
  later: boolean;
  /** The client's `message` or ACK `message`, for the delivery's `lastError`. */
  detail?: string;
}

/**
 * Reads an upstream frame. The ACK rule (§1.4): LATER iff `code` is not 200 or `data.status` is "LATER";
 * anything else is SUCCESS: the Python SDK echoes the event data without a status and the Node SDK sends
 * "{}" for an async handler, and both mean success. Returns undefined for a frame without a messageId.
 */
export function parseUpstream(raw: string): Upstream | undefined {
  let frame: unknown;
  try {
    frame = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!frame || typeof frame !== "object") return undefined;
  const f = frame as { code?: unknown; headers?: { messageId?: unknown }; message?: unknown; data?: unknown };
  const messageId = f.headers?.messageId;
  if (typeof messageId !== "string" || messageId === "") return undefined;
  let status: unknown;
  let ackMessage: unknown;
  if (typeof f.data === "string") {
    try {
      const d = JSON.parse(f.data) as { status?: unknown; message?: unknown } | null;
      status = d?.status;
      ackMessage = d?.message;
    } catch {
      // a non-JSON data string carries no status: SUCCESS by the rule above
    }
  }
  const code = typeof f.code === "number" ? f.code : Number(f.code);
  const later = code !== 200 || status === "LATER";
  const text = typeof ackMessage === "string" ? ackMessage : typeof f.message === "string" ? f.message : "";
  return { messageId, later, ...(later ? { detail: `code ${f.code}${text ? `: ${text}` : ""}` } : {}) };
}

/**
 * `eventUnifiedAppId`: a UUID fixed per app or suite, derived from its key (the same on every instance
 * and after a restart, with nothing to store). Shaped as a version-5-style UUID.
 */
export function unifiedAppId(clientKey: string): string {
  const h = createHash("sha1").update(`vconf:app:${clientKey}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
