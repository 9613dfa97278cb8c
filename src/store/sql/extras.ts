import { ConferenceExtrasRow, RecordWhiteAccountRow } from "../rows-extras.js";
import type { Dialect } from "./dialect.js";
import { codec, insertInto, selectFrom, table, upsert } from "./table.js";

/**
 * The tables of the stream, subtitle, extInfo and MCU operations (spec more §3, §7) and of the org's
 * recording white list (OptRecordWhiteAccount), with their statements: kept out of statements.ts so
 * the conference part stays small. Migration 7 creates them.
 */

export const conferenceExtras = table("conference_extras", ["conferenceId"], ConferenceExtrasRow);

export const recordWhiteAccounts = table(
  "record_white_accounts",
  ["corpId", "bizType", "settingRangeType", "settingRangeId"],
  RecordWhiteAccountRow,
);

const WHITE_KEY = "corp_id = ? AND biz_type = ? AND setting_range_type = ? AND setting_range_id = ?";
const WHITE_ORDER = "ORDER BY corp_id, biz_type, setting_range_type, setting_range_id";

/** Migration 7 (both engines). */
export const extrasDdl = ({ key, bigint }: Dialect["ddl"]) => `
CREATE TABLE conference_extras (
  conference_id ${key} PRIMARY KEY REFERENCES conferences(conference_id),
  ext_info TEXT NOT NULL,
  subtitle_apps TEXT NOT NULL,
  streams TEXT NOT NULL,
  mcus TEXT NOT NULL
);
CREATE TABLE record_white_accounts (
  corp_id ${key} NOT NULL,
  biz_type ${key} NOT NULL,
  setting_range_type INTEGER NOT NULL,
  setting_range_id ${key} NOT NULL,
  added_by TEXT NOT NULL,
  added_at ${bigint} NOT NULL,
  PRIMARY KEY (corp_id, biz_type, setting_range_type, setting_range_id)
);
`;

export function extrasStatements(d: Dialect) {
  const t = d.text;
  return {
    getExtras: t(`${selectFrom(conferenceExtras)} WHERE conference_id = ?`),
    putExtras: t(upsert(conferenceExtras)),
    insertExtras: t(insertInto(conferenceExtras)),
    allExtras: t(`${selectFrom(conferenceExtras)} ORDER BY conference_id`),
    listWhiteAccounts: t(
      `${selectFrom(recordWhiteAccounts)} WHERE corp_id = ? AND biz_type = ? ${WHITE_ORDER}`,
    ),
    addWhiteAccount: t(`${insertInto(recordWhiteAccounts)} ON CONFLICT DO NOTHING`),
    removeWhiteAccount: t(`DELETE FROM record_white_accounts WHERE ${WHITE_KEY}`),
    allWhiteAccounts: t(`${selectFrom(recordWhiteAccounts)} ${WHITE_ORDER}`),
  };
}

export function extrasCodecs(d: Dialect) {
  return { extras: codec(conferenceExtras, d), whiteAccount: codec(recordWhiteAccounts, d) };
}
