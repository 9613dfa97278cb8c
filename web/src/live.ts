import { EventSource } from "eventsource";
import type { RequestEntry } from "../../src/client/types.js";

/** What the watch stream says changed (`change` events), plus `reconnected` after a gap: reload all. */
export type Change =
  | { kind: "conference"; conferenceId: string; operations: string[] }
  | { kind: "state"; reason: string }
  | { kind: "reconnected" };

export type LiveStatus = "connecting" | "live" | "down";

type Listener<T> = (value: T) => void;

/**
 * One watch stream (`GET /_vconf/v1/watch`) per tab, shared by every view. EventSource cannot send
 * headers, so the `eventsource` package's fetch-based EventSource carries the admin key. It reconnects
 * by itself after a dropped connection; after a refusal (wrong key, too many watchers) it stops, and this
 * tries again every few seconds.
 */
export class Live {
  private source?: EventSource;
  private retry?: ReturnType<typeof setTimeout>;
  private opened = false;
  private changes = new Set<Listener<Change>>();
  private requests = new Set<Listener<RequestEntry>>();
  private statuses = new Set<Listener<LiveStatus>>();
  status: LiveStatus = "connecting";

  constructor(private adminKey: string) {}

  start() {
    const adminKey = this.adminKey;
    const source = new EventSource("/_vconf/v1/watch?topics=changes,requests", {
      fetch: (url, init) =>
        fetch(url, { ...init, headers: { ...init.headers, "x-vconf-admin-key": adminKey } }),
    });
    this.source = source;
    source.addEventListener("ready", () => {
      // Anything may have changed while the stream was down: views reload.
      if (this.opened) this.emit(this.changes, { kind: "reconnected" });
      this.opened = true;
      this.setStatus("live");
    });
    source.addEventListener("change", (e) => this.emit(this.changes, JSON.parse(e.data) as Change));
    source.addEventListener("request", (e) => this.emit(this.requests, JSON.parse(e.data) as RequestEntry));
    source.addEventListener("error", () => {
      if (source.readyState !== EventSource.CLOSED) return this.setStatus("connecting");
      this.setStatus("down");
      this.retry = setTimeout(() => this.start(), 3000);
    });
  }

  stop() {
    clearTimeout(this.retry);
    this.source?.close();
    this.source = undefined;
  }

  onChange(fn: Listener<Change>) {
    this.changes.add(fn);
    return () => void this.changes.delete(fn);
  }
  onRequest(fn: Listener<RequestEntry>) {
    this.requests.add(fn);
    return () => void this.requests.delete(fn);
  }
  onStatus(fn: Listener<LiveStatus>) {
    this.statuses.add(fn);
    return () => void this.statuses.delete(fn);
  }

  private setStatus(status: LiveStatus) {
    this.status = status;
    this.emit(this.statuses, status);
  }
  private emit<T>(listeners: Set<Listener<T>>, value: T) {
    for (const fn of listeners) fn(value);
  }
}
