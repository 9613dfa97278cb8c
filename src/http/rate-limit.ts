import type { Caller } from "../domain/deps.js";

/**
 * Decides whether a call may go ahead under the per-app, per-API rate (DingTalk: 20/s standard). The
 * answer is synchronous whenever it can be; a limiter shared by several instances (src/cluster/) answers
 * with a promise only when it must first lease budget from the database.
 */
export interface RateLimiter {
  allow(caller: Caller, operation: string): boolean | Promise<boolean>;
}

/** The key a limiter counts under: DingTalk's limit is per app (or suite), org and API. */
export const rateKey = (caller: Caller, operation: string) =>
  `${caller.clientKey}\u0000${caller.corpId}\u0000${operation}`;

/**
 * A one-second fixed window per (app, org, API), in this process's memory: the limiter of a store one
 * process owns (SQLite). Several instances on PostgreSQL share one (src/cluster/rate-limit.ts).
 */
export class WindowRateLimiter implements RateLimiter {
  private windows = new Map<string, { second: number; count: number }>();
  constructor(
    private perSecond: number,
    private now: () => number,
  ) {}

  allow(caller: Caller, operation: string): boolean {
    if (this.perSecond <= 0) return true;
    const key = rateKey(caller, operation);
    const second = Math.floor(this.now() / 1000);
    const w = this.windows.get(key);
    if (!w || w.second !== second) {
      if (this.windows.size > 100_000) this.windows.clear();
      this.windows.set(key, { second, count: 1 });
      return true;
    }
    w.count++;
    return w.count <= this.perSecond;
  }
}
