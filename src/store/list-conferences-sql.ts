import type { ConferenceFilter } from "./store.js";

/**
 * `Tx.listConferences`' statement, written once for both drivers: `param(n)` renders the n-th placeholder
 * (`?` for SQLite, `$n` for PostgreSQL). Filters that are not given leave the condition out, so the org
 * filter can use the `conferences_corp` index.
 */
export function listConferencesSql(f: ConferenceFilter, param: (n: number) => string) {
  const params: unknown[] = [];
  const next = (v: unknown) => (params.push(v), param(params.length));
  const where = ["TRUE"];
  if (f.corpId !== undefined) where.push(`corp_id = ${next(f.corpId)}`);
  if (f.ended !== undefined) where.push(f.ended ? "status = 1" : "status <> 1");
  const sql =
    `SELECT * FROM conferences WHERE ${where.join(" AND ")} ` +
    `ORDER BY start_time DESC, conference_id DESC LIMIT ${next(f.limit)} OFFSET ${next(f.offset)}`;
  return { sql, params };
}
