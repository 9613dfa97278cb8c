import { EventSource } from "eventsource";
import type { App } from "../../src/http/types.js";
import { ADMIN_KEY } from "./app.js";

/** Bounds a wait on a shared, busy machine; it is not a speed assertion. */
const WAIT_MS = 10_000;

export interface WatchEvent {
  type: string;
  data: Record<string, unknown>;
}

/** Listens on a real port (0: any free one); returns the base URL. */
export async function listen(app: App): Promise<string> {
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  if (!address || typeof address !== "object") throw new Error("no address");
  return `http://127.0.0.1:${address.port}`;
}

/**
 * A watch stream (`GET /_vconf/v1/watch`) over real HTTP, read with the `eventsource` client the console
 * bundles; resolves once the server's `ready` event arrived. `next(pred)` waits for the first event not
 * yet taken that matches; `taken` and `events` let a test check what else came.
 */
export async function watch(url: string, topics?: string) {
  const events: WatchEvent[] = [];
  const waiters: { pred: (e: WatchEvent) => boolean; resolve: (e: WatchEvent) => void }[] = [];
  let closedByServer = false;
  const source = new EventSource(`${url}/_vconf/v1/watch${topics ? `?topics=${topics}` : ""}`, {
    fetch: (u, init) => fetch(u, { ...init, headers: { ...init.headers, "x-vconf-admin-key": ADMIN_KEY } }),
  });
  let cursor = 0;
  const push = (type: string) => (e: MessageEvent) => {
    const event = { type, data: JSON.parse(e.data) as Record<string, unknown> };
    events.push(event);
    for (const w of [...waiters]) {
      if (w.pred(event)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(event);
      }
    }
  };
  for (const type of ["ready", "change", "request"]) source.addEventListener(type, push(type));
  let refused: ((e: Error) => void) | undefined;
  source.addEventListener("error", (e) => {
    closedByServer = true;
    // Closed for good (a refusal such as 401 or 429): nothing more will come.
    if (source.readyState === EventSource.CLOSED)
      refused?.(new Error(`watch refused: ${e.code} ${e.message}`));
  });

  const next = (pred: (e: WatchEvent) => boolean = () => true, what = "an event"): Promise<WatchEvent> => {
    const found = events.slice(cursor).find(pred);
    if (found) {
      cursor = events.indexOf(found) + 1;
      return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${what} within ${WAIT_MS} ms; got ${JSON.stringify(events)}`)),
        WAIT_MS,
      );
      waiters.push({
        pred,
        resolve: (e) => {
          clearTimeout(timer);
          cursor = events.indexOf(e) + 1;
          resolve(e);
        },
      });
    });
  };
  await new Promise<void>((resolve, reject) => {
    refused = reject;
    next((e) => e.type === "ready", "ready event").then(() => resolve(), reject);
  });
  refused = undefined;
  return {
    events,
    next,
    /** The next `change` event. */
    change: () => next((e) => e.type === "change", "change event"),
    get closedByServer() {
      return closedByServer;
    },
    close: () => source.close(),
  };
}
