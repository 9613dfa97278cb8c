import type { ApiError } from "../../errors.js";

/**
 * A decimal query value (the SDK sends numbers as decimal strings); `dflt` when absent, else an integer
 * in [min, max] or `bad(message)` thrown.
 */
export function queryInt(
  raw: string | undefined,
  name: string,
  dflt: number | undefined,
  min: number,
  max: number,
  bad: (why: string) => ApiError,
): number | undefined {
  if (raw === undefined || raw === "") return dflt;
  const n = /^-?\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max)) throw bad(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** `true`/`false` as the SDK sends booleans in a query. */
export function queryBool(raw: string | undefined, name: string, bad: (why: string) => ApiError) {
  if (raw === undefined || raw === "") return undefined;
  if (raw !== "true" && raw !== "false") throw bad(`${name} must be true or false`);
  return raw === "true";
}

/** `0` ascending (default) or `1` descending. */
export function queryDirection(raw: string | undefined, bad: (why: string) => ApiError): 0 | 1 {
  if (raw === undefined || raw === "" || raw === "0") return 0;
  if (raw === "1") return 1;
  throw bad("direction must be 0 or 1");
}

/** Items sorted by `startTime` in `direction` (stable: equal times keep their injected order). */
export function byStartTime<T>(items: T[], direction: 0 | 1): T[] {
  const st = (x: T) => Number((x as { startTime?: unknown }).startTime ?? 0);
  const sorted = items.map((x, i) => [x, i] as const).sort((a, b) => st(a[0]) - st(b[0]) || a[1] - b[1]);
  if (direction === 1) sorted.reverse();
  return sorted.map(([x]) => x);
}

export const MAX_INT = Number.MAX_SAFE_INTEGER;
