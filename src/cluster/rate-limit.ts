import type { Caller } from "../domain/deps.js";
import type { RateLimiter } from "../http/rate-limit.js";
import type { SharedQuery } from "./instance.js";

/** One (app, org, API)'s one-second window as this instance sees it. */
interface Window {
  second: number;
  /** Calls this instance was granted from the shared counter in this window. */
  leased: number;
  /** Calls it admitted. */
  used: number;
  /** The shared counter said the window's budget is spent. */
  exhausted: boolean;
  /** A lease request in flight. */
  pending: boolean;
  /** Calls waiting for that lease, in arrival order. */
  waiters: ((allowed: boolean) => void)[];
}

/** The lease statement: adds `want` to the window's shared counter and returns its new total. */
const LEASE = `INSERT INTO cluster_rate_windows (key, second, used) VALUES ($1, $2, $3)
  ON CONFLICT (key, second) DO UPDATE SET used = cluster_rate_windows.used + EXCLUDED.used
  RETURNING used`;

/** Rows of windows older than this many seconds are deleted (every TRIM_EVERY_MS). */
const KEEP_SECONDS = 10;
const TRIM_EVERY_MS = 10_000;

/**
 * The rate limit of several instances on one PostgreSQL: a one-second fixed window per (app, org, API)
 * whose budget lives in one counter row per window (`cluster_rate_windows`). An instance does not go to
 * the database per call: it leases a share of the budget (`chunk` calls, about 5% of the limit, or
 * as many as are waiting) with one `INSERT … ON CONFLICT DO UPDATE … RETURNING`, admits calls from that
 * lease synchronously, and leases the next share before the current one runs out. A call that finds no
 * lease left waits for the lease in flight (the only asynchronous answer). The counter only grows, so the
 * whole cluster never admits more than the limit in a window; what it may admit less is what other
 * instances leased and did not use (at most about one chunk each). A lease that fails (the database is
 * unreachable) admits its waiters: a store fault must not pass for DingTalk's throttle.
 */
export class SharedRateLimiter implements RateLimiter {
  private windows = new Map<string, Window>();
  private readonly chunk: number;
  private lastTrim = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number,
    private readonly query: SharedQuery,
    private readonly log: (msg: string, err?: unknown) => void = () => {},
  ) {
    this.chunk = Math.max(1, Math.ceil(perSecond / 20));
  }

  allow(caller: Caller, operation: string): boolean | Promise<boolean> {
    if (this.perSecond <= 0) return true;
    const key = JSON.stringify([caller.clientKey, caller.corpId, operation]);
    const second = Math.floor(this.now() / 1000);
    let w = this.windows.get(key);
    if (!w || w.second !== second) {
      if (this.windows.size > 100_000) this.windows.clear();
      w = { second, leased: 0, used: 0, exhausted: false, pending: false, waiters: [] };
      this.windows.set(key, w);
    }
    if (w.used < w.leased) {
      w.used++;
      // The next share is leased while this one still has calls left, so calls rarely wait.
      if (w.leased - w.used <= this.chunk / 2) this.lease(key, w);
      return true;
    }
    if (w.exhausted) return false;
    const waiting = new Promise<boolean>((resolve) => w.waiters.push(resolve));
    this.lease(key, w);
    return waiting;
  }

  private lease(key: string, w: Window): void {
    if (w.pending || w.exhausted) return;
    w.pending = true;
    const want = Math.max(this.chunk, w.waiters.length + Math.ceil(this.chunk / 2));
    this.query(LEASE, [key, w.second, want]).then(
      (rows) => {
        const total = Number(rows[0]?.used ?? 0);
        // What was left of the budget before this lease, up to what it asked for.
        const grant = Math.max(0, Math.min(want, this.perSecond - (total - want)));
        w.leased += grant;
        if (grant < want) w.exhausted = true;
        this.settle(key, w);
      },
      (e) => {
        this.log("rate limit lease failed; admitting the calls that waited for it", e);
        w.pending = false;
        for (const resolve of w.waiters.splice(0)) resolve(true);
      },
    );
    this.trim();
  }

  /** Hands the lease to the calls that waited for it; leases again if some still wait. */
  private settle(key: string, w: Window): void {
    w.pending = false;
    while (w.waiters.length > 0 && w.used < w.leased) {
      w.used++;
      w.waiters.shift()!(true);
    }
    if (w.waiters.length === 0) return;
    if (w.exhausted) for (const resolve of w.waiters.splice(0)) resolve(false);
    else this.lease(key, w);
  }

  /** Deletes old windows' rows, at most every TRIM_EVERY_MS per instance. */
  private trim(): void {
    const now = this.now();
    if (now - this.lastTrim < TRIM_EVERY_MS) return;
    this.lastTrim = now;
    const before = Math.floor(now / 1000) - KEEP_SECONDS;
    this.query("DELETE FROM cluster_rate_windows WHERE second < $1", [before]).catch((e) =>
      this.log("rate limit trim failed", e),
    );
  }
}
