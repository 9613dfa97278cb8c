import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { Clock } from "../domain/clock.js";
import type { Store } from "../store/store.js";
import type { SendDone, Transport } from "./delivery.js";
import type { DeliveryUnit } from "./events-tx.js";
import {
  disconnectFrame,
  eventFrame,
  newMessageId,
  parseUpstream,
  pingFrame,
  unifiedAppId,
} from "./frames.js";
import type { ClaimedDelivery, StreamTicketRow } from "./types.js";
import type { ETx } from "./writer.js";

/** Java's SDK caps frames at 256 KiB; nothing upstream is larger than an ACK. */
const MAX_UPSTREAM = 256 * 1024;
/** An operator's disconnect: SYSTEM disconnect, then the socket closes after this (dingtalk-events.md §1.5). */
export const DISCONNECT_GRACE_MS = 10_000;

export interface ConnectionInfo {
  id: string;
  clientId: string;
  clientKind: "app" | "suite";
  since: number;
  ua: string;
  remoteAddress: string;
  instance: string;
  inFlight: number;
  disconnecting: boolean;
}

interface Connection {
  info: Omit<ConnectionInfo, "inFlight">;
  ws: WebSocket;
  inFlight: Map<string, SendDone>;
  closeTimer?: NodeJS.Timeout;
}

/**
 * DingTalk's Stream gateway on vconf's port: the WebSocket at `/connect?ticket=` (the `ws` library does the
 * framing), one-time tickets from `POST /v1.0/gateway/connections/open`, SYSTEM pings, disconnects, ACKs.
 * As a transport it sends each delivery to one of the client's open connections (the least busy, ties
 * broken at random: DingTalk load-balances, it does not broadcast).
 */
export class StreamGateway implements Transport {
  private wss = new WebSocketServer({ noServer: true, maxPayload: MAX_UPSTREAM });
  private byClient = new Map<string, Set<Connection>>();
  private all = new Map<string, Connection>();
  private pingTimer?: NodeJS.Timeout;
  /** Called when a client's connection opens (its waiting deliveries can go now). */
  onOpen: (unit: DeliveryUnit) => void = () => {};

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly pingMs: number,
    readonly instance: string,
    private readonly log: (msg: string, err?: unknown) => void = () => {},
  ) {}

  /** Takes over `GET /connect` upgrades of `server`; other upgrade paths get 404. */
  attach(server: Server): void {
    server.on("upgrade", (req, socket, head) => {
      this.upgrade(req, socket, head).catch((e) => {
        this.log("a Stream handshake failed", e);
        socket.destroy();
      });
    });
    this.pingTimer = setInterval(() => this.ping(), this.pingMs);
    this.pingTimer.unref();
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on("error", () => socket.destroy());
    const url = new URL(req.url ?? "/", "http://vconf");
    if (url.pathname !== "/connect") return refuse(socket, 404, "Not Found");
    const ticket = url.searchParams.get("ticket") ?? "";
    let row: StreamTicketRow | undefined;
    try {
      row = ticket
        ? await this.store.transaction((tx) => (tx as ETx).takeStreamTicket(ticket, this.clock.now()))
        : undefined;
    } catch (e) {
      this.log("checking a Stream ticket failed", e);
      return refuse(socket, 503, "Service Unavailable");
    }
    if (!row) return refuse(socket, 401, "Unauthorized");
    const ticketRow = row;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.opened(ws, ticketRow, req));
  }

  private opened(ws: WebSocket, t: StreamTicketRow, req: IncomingMessage): void {
    const conn: Connection = {
      info: {
        id: randomUUID(),
        clientId: t.clientKey,
        clientKind: t.clientKind,
        since: this.clock.now(),
        ua: t.ua,
        remoteAddress: req.socket.remoteAddress ?? "",
        instance: this.instance,
        disconnecting: false,
      },
      ws,
      inFlight: new Map(),
    };
    this.all.set(conn.info.id, conn);
    let set = this.byClient.get(t.clientKey);
    if (!set) this.byClient.set(t.clientKey, (set = new Set()));
    set.add(conn);
    ws.on("message", (data, isBinary) => {
      if (isBinary) return;
      const up = parseUpstream(data.toString());
      if (!up) return;
      const done = conn.inFlight.get(up.messageId);
      if (!done) return; // a ping reply, or a late ACK for a send already retried
      conn.inFlight.delete(up.messageId);
      done(up.later ? `LATER (${up.detail})` : undefined);
    });
    ws.on("error", () => ws.terminate());
    ws.on("close", () => this.closed(conn));
    this.onOpen({ kind: "stream", clientKey: t.clientKey });
  }

  private closed(conn: Connection): void {
    if (conn.closeTimer) clearTimeout(conn.closeTimer);
    this.all.delete(conn.info.id);
    const set = this.byClient.get(conn.info.clientId);
    set?.delete(conn);
    if (set?.size === 0) this.byClient.delete(conn.info.clientId);
    const waiting = [...conn.inFlight.values()];
    conn.inFlight.clear();
    for (const done of waiting) done("connection closed before the ACK");
  }

  private usable(clientKey: string): Connection[] {
    const set = this.byClient.get(clientKey);
    if (!set) return [];
    return [...set].filter((c) => !c.info.disconnecting && c.ws.readyState === c.ws.OPEN);
  }

  serves(unit: DeliveryUnit): boolean {
    return unit.kind === "stream" && this.usable(unit.clientKey).length > 0;
  }

  send(d: ClaimedDelivery, done: SendDone): boolean {
    const open = this.usable(d.clientKey);
    if (open.length === 0) return false;
    const least = Math.min(...open.map((c) => c.inFlight.size));
    const candidates = open.filter((c) => c.inFlight.size === least);
    const conn = candidates[Math.floor(Math.random() * candidates.length)];
    const now = this.clock.now();
    const messageId = newMessageId(now);
    const frame = eventFrame(
      {
        eventId: d.eventId,
        eventType: d.event.eventType,
        corpId: d.corpId,
        bornAt: d.event.bornAt,
        unifiedAppId: unifiedAppId(d.clientKey),
        payload: d.event.payload,
      },
      messageId,
      now,
    );
    conn.inFlight.set(messageId, (error) => {
      conn.inFlight.delete(messageId);
      done(error);
    });
    conn.ws.send(frame, (err) => {
      if (err) conn.inFlight.get(messageId)?.(`send failed: ${err.message}`);
    });
    return true;
  }

  /** SYSTEM ping to every connection (the opaque comes back in the client's reply). */
  private ping(): void {
    const now = this.clock.now();
    for (const c of this.all.values()) {
      if (c.ws.readyState === c.ws.OPEN) c.ws.send(pingFrame(randomUUID(), newMessageId(now), now));
    }
  }

  list(): ConnectionInfo[] {
    return [...this.all.values()].map((c) => ({ ...c.info, inFlight: c.inFlight.size }));
  }

  /**
   * SYSTEM disconnect, then close after `graceMs`: nothing new is routed to it meanwhile, ACKs still count.
   * Returns false for an unknown id.
   */
  disconnect(id: string, reason: string, graceMs = DISCONNECT_GRACE_MS): boolean {
    const c = this.all.get(id);
    if (!c) return false;
    if (!c.info.disconnecting) {
      c.info.disconnecting = true;
      const now = this.clock.now();
      if (c.ws.readyState === c.ws.OPEN) c.ws.send(disconnectFrame(reason, newMessageId(now), now));
    }
    if (c.closeTimer) clearTimeout(c.closeTimer);
    c.closeTimer = setTimeout(() => c.ws.terminate(), graceMs);
    c.closeTimer.unref();
    return true;
  }

  /** Shutdown: every connection gets SYSTEM disconnect; sockets close once their ACKs are in or after `graceMs`. */
  async close(graceMs: number): Promise<void> {
    if (this.pingTimer) clearInterval(this.pingTimer);
    const conns = [...this.all.values()];
    for (const c of conns) this.disconnect(c.info.id, "server is shutting down", graceMs);
    const deadline = Date.now() + graceMs;
    while (conns.some((c) => c.inFlight.size > 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    for (const c of conns) c.ws.terminate();
    this.wss.close();
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
