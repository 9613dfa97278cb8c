import type { Database } from "better-sqlite3";
import type { AudienceRow } from "../../events/types.js";
import { ConferenceKeyed } from "./conference-cache.js";

/**
 * Each org's event audience (`Tx.listEventAudience`: its subscriptions with their clients' scopes and
 * extensions), kept by corpId with the conference cache's discipline (conference-cache.ts): every write
 * transaction that changes a member reads it once to address its events, and with nobody subscribed it is
 * the same empty list each time. Any write that could change an answer forgets every org's.
 */
export function audienceCache(): ConferenceKeyed<readonly Readonly<AudienceRow>[]> {
  return new ConferenceKeyed(10_000, (rows) => 1 + rows.length);
}

/**
 * Temporary triggers (this connection only) reporting to `cache` every write to the tables the audience
 * query joins: subscriptions, event settings and suite authorizations, and the apps' and suites' scopes
 * and keys (an app's token issuance updates only its nonce, and keeps the audience).
 */
export function watchAudienceWrites(
  db: Database,
  cache: ConferenceKeyed<readonly Readonly<AudienceRow>[]>,
): void {
  db.function("vconf_audience_written", () => {
    cache.wrote();
    return null;
  });
  const report = "BEGIN SELECT vconf_audience_written(); END";
  const triggers: Record<string, string> = {};
  for (const table of ["event_subscriptions", "event_settings", "suite_auths"]) {
    for (const op of ["INSERT", "UPDATE", "DELETE"]) {
      triggers[`${table}_audience_${op.toLowerCase()}`] = `AFTER ${op} ON main.${table} ${report}`;
    }
  }
  for (const [table, key] of [
    ["apps", "app_key"],
    ["suites", "suite_key"],
  ]) {
    const corp = table === "apps" ? " OR OLD.corp_id IS NOT NEW.corp_id" : "";
    triggers[`${table}_audience_insert`] = `AFTER INSERT ON main.${table} ${report}`;
    triggers[`${table}_audience_delete`] = `AFTER DELETE ON main.${table} ${report}`;
    triggers[`${table}_audience_update`] =
      `AFTER UPDATE ON main.${table} WHEN OLD.scopes IS NOT NEW.scopes OR OLD.${key} IS NOT NEW.${key}${corp} ${report}`;
  }
  // Named apart from the token cache's triggers on the same tables (IF NOT EXISTS would skip these).
  for (const [name, body] of Object.entries(triggers)) {
    db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS vconf_${name} ${body}`);
  }
}
