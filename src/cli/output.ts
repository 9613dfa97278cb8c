/** A plain-text table: a header row and left-aligned columns. */
export function table(headers: string[], rows: unknown[][]): string {
  const cells = rows.map((r) => r.map(cellText));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(headers), ...cells.map(line)].join("\n");
}

/** `key  value` lines, keys aligned. */
export function fields(obj: Record<string, unknown>): string {
  const entries = Object.entries(obj).filter(([, v]) => v !== undefined);
  const width = Math.max(0, ...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `${k.padEnd(width)}  ${cellText(v)}`).join("\n");
}

function cellText(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

/** Epoch milliseconds as an ISO time; anything else unchanged. */
export function time(ms: unknown): unknown {
  return typeof ms === "number" && ms > 0 ? new Date(ms).toISOString() : ms;
}

export const ATTEND_STATUS: Record<number, string> = {
  1: "invited",
  2: "ringing",
  3: "in meeting",
  4: "declined",
  5: "kicked",
  6: "left",
};

export const CONF_STATUS: Record<number, string> = { 0: "not started", 1: "ended", 2: "in progress" };
