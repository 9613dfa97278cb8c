import {
  AppRow,
  BookingRow,
  ChangeRow,
  ConferenceRow,
  MediaRow,
  MemberRow,
  OrgRow,
  SettingRow,
  SuiteAuthRow,
  SuiteRow,
  TokenRow,
  UserRow,
} from "../rows.js";
import { table } from "./table.js";

// Every table: its name, primary key and row schema (`store/rows.ts`, which also gives each column's
// kind; see table.ts). A new stored field: one field in rows.ts and a migration (migrations.ts).

/** vconf's own settings (the emulated clock); outside resets and snapshots. */
export const settings = table("settings", ["name"], SettingRow);

export const orgs = table("orgs", ["corpId"], OrgRow);

export const users = table("users", ["unionId"], UserRow);

export const apps = table("apps", ["appKey"], AppRow);

export const suites = table("suites", ["suiteKey"], SuiteRow);

export const suiteAuths = table("suite_auths", ["suiteKey", "corpId"], SuiteAuthRow);

export const tokens = table("tokens", ["tokenHash"], TokenRow);

export const conferences = table("conferences", ["conferenceId"], ConferenceRow);

/** Scheduled conferences (spec-more section 9); their instances are conferences carrying the id. */
export const bookings = table("bookings", ["scheduleConferenceId"], BookingRow);

export const members = table("members", ["conferenceId", "unionId"], MemberRow);

export const changes = table("changes", ["conferenceId", "seq"], ChangeRow);

/** A conference's recording/minutes state and injected artifacts (spec more §10), two JSON documents. */
export const conferenceMedia = table("conference_media", ["conferenceId"], MediaRow);
