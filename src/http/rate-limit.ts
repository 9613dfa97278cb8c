import type { Caller } from "../domain/deps.js";

/** Decides whether a call may go ahead under the per-app, per-API rate (DingTalk: 20/s standard). */
export interface RateLimiter {
  allow(caller: Caller, operation: string): boolean;
}

/**
 * A one-second fixed window per (app, org, API), in this process's memory. With several instances each
 * enforces the limit on its own share of the traffic (see README, "Running several instances").
 */
export class WindowRateLimiter implements RateLimiter {
  private windows = new Map<string, { second: number; count: number }>();
  constructor(
    private perSecond: number,
    private now: () => number,
  ) {}

  allow(caller: Caller, operation: string): boolean {
    if (this.perSecond <= 0) return true;
    const key = `${caller.clientKey}\u0000${caller.corpId}\u0000${operation}`;
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
