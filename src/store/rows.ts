import Type, { type Static } from "typebox";
import { EXTENSION_APPS_MAX, StoredSettings } from "../schemas/schedule-settings.js";
import { SHORT_LINKS_MAX, StoredShortLink } from "../schemas/schedules.js";
import { B, closed, Int, Key, NullableInt, NullableS, row, S, Seq } from "./row-fields.js";

/**
 * Every stored row, described once. A row's TypeScript type, its table's columns and codec
 * (`sql/tables.ts` derives each column's kind from the field's schema) and the snapshot document's schema
 * (`schemas/emulator/snapshot.ts`) all come from here, so a new stored field is one line in this file
 * plus its migration. The constraints are what a snapshot import must hold to (keys non-empty, lists bounded).
 */
const Scopes = Type.Array(S, { maxItems: 1_000 });

/** One of vconf's own settings (the emulated clock), kept across restarts; not DingTalk state. */
export const SettingRow = row({ name: Key, value: S });
export type SettingRow = Static<typeof SettingRow>;

export const OrgRow = row({ corpId: Key, name: S });
export type OrgRow = Static<typeof OrgRow>;

export const UserRow = row({ unionId: Key, corpId: Key, userId: S, name: S });
export type UserRow = Static<typeof UserRow>;

export const AppRow = row({
  appKey: Key,
  corpId: Key,
  secretHash: S,
  scopes: Scopes,
  /** Nonce the current internal-app token is derived from (with the secret); null when none issued. */
  tokenNonce: NullableS,
  tokenExpiresAt: Int,
});
export type AppRow = Static<typeof AppRow>;

export const SuiteRow = row({ suiteKey: Key, secretHash: S, ticketHash: S, scopes: Scopes });
export type SuiteRow = Static<typeof SuiteRow>;

export const SuiteAuthRow = row({ suiteKey: Key, corpId: Key });
export type SuiteAuthRow = Static<typeof SuiteAuthRow>;

export const TokenRow = row({
  tokenHash: Key,
  corpId: S,
  /** The app key or suite key the token was issued to. */
  clientKey: S,
  kind: Type.Union([Type.Literal("app"), Type.Literal("suite")]),
  scopes: Scopes,
  expiresAt: Int,
});
export type TokenRow = Static<typeof TokenRow>;

/** An extension app of a scheduled meeting, as confInfo shows it (no appId: vconf has no agent ids). */
export const ExtensionAppSetting = row({ appCode: S, autoOpenMode: Int, extensionAppBizData: S });
export type ExtensionAppSetting = Static<typeof ExtensionAppSetting>;

export const ConferenceRow = row({
  conferenceId: Key,
  corpId: S,
  title: S,
  creatorId: S,
  /** The app (key) that created it through the API. */
  creatorApp: S,
  conferencePassword: S,
  hostPassword: S,
  roomCode: S,
  externalLinkUrl: S,
  phoneNumbers: Type.Array(S, { maxItems: 1_000 }),
  /** 0 not started, 1 ended, 2 in progress. */
  status: Int,
  startTime: Int,
  endTime: NullableInt,
  inviteCaller: B,
  locked: B,
  muteAll: B,
  forceMute: B,
  onlyInternal: B,
  autoTransferHost: B,
  forbiddenShareScreen: B,
  focusUnionId: NullableS,
  /** The booking this is an instance of (spec-more section 9), "" for an instant meeting. */
  scheduleConferenceId: S,
  /** The booking's extension apps as its settings were when this instance started (confInfo). */
  extensionAppSettings: Type.Array(ExtensionAppSetting, { maxItems: EXTENSION_APPS_MAX }),
});
export type ConferenceRow = Static<typeof ConferenceRow>;

/** A scheduled conference (booking, spec-more section 9): stored as one document, keyed by id and room code. */
export const BookingRow = row({
  scheduleConferenceId: Key,
  corpId: S,
  creatorId: S,
  /** The app (key) that made the booking. */
  creatorApp: S,
  title: S,
  startTime: Int,
  endTime: Int,
  roomCode: Key,
  url: S,
  /** DingTalk's `scheduleConfSettingModel` as stored (schedule-settings.ts), merged on update. */
  settings: StoredSettings,
  cancelled: B,
  /** Its instances' conference ids, oldest first; the last one is the current instance. */
  instances: Type.Array(Key, { maxItems: 10_000_000 }),
  customShortLinks: Type.Array(StoredShortLink, { maxItems: SHORT_LINKS_MAX }),
  createdAt: Int,
});
export type BookingRow = Static<typeof BookingRow>;

export const MemberRow = row({
  conferenceId: Key,
  unionId: Key,
  /** Order in which members were added (list order). */
  seq: Seq,
  userNick: S,
  host: B,
  coHost: B,
  /** 1 invited, 2 ringing, 3 in meeting, 4 declined/failed, 5 kicked, 6 left. */
  attendStatus: Int,
  joinTime: NullableInt,
  leaveTime: NullableInt,
  /** Milliseconds spent in the meeting over all completed stays. */
  duration: Int,
  outerOrgMember: B,
  pstnJoin: B,
  /** 0 initial, 1 off, 2 on. */
  micStatus: Int,
  cameraStatus: Int,
  forbiddenRejoin: B,
  /** When the member last became co-host (for autoTransferHost), else null. */
  coHostSince: NullableInt,
  deviceType: NullableS,
});
export type MemberRow = Static<typeof MemberRow>;

export const ChangeRow = row({
  conferenceId: Key,
  seq: Seq,
  at: Int,
  app: S,
  operation: S,
  target: S,
  before: Type.Unknown(),
  after: Type.Unknown(),
});
export type ChangeRow = Static<typeof ChangeRow>;

/**
 * Recording sessions a meeting keeps: a start after this many drops the oldest (every start and stop is
 * also in the change log), so one meeting's state stays bounded however often it is toggled.
 */
export const MAX_RECORD_SESSIONS = 1000;
/** Grants per meeting: at most one per user and kind, so bounded by the directory; this is the schema's cap. */
const MAX_RECORD_GRANTS = 10_000_000;

/** A conference's recording and minutes state and its record grants (spec more §4–§6). */
export const MediaState = Type.Object(
  {
    /** 15 digits, shared by the meeting's recordings and minutes; fixed at the first start of either. */
    recordId: NullableS,
    cloudRecord: Type.Object(
      {
        /** 0 not recording, 1 recording, 2 paused, 3 ended. */
        status: Int,
        ownerUnionId: NullableS,
        mode: NullableS,
        smallWindowPosition: NullableS,
        sessions: Type.Array(Type.Object({ startTime: Int, endTime: Type.Optional(Int) }, closed), {
          maxItems: MAX_RECORD_SESSIONS,
        }),
      },
      closed,
    ),
    /** status as cloudRecord's. */
    minutes: Type.Object({ status: Int, ownerUnionId: NullableS, recordAudio: B }, closed),
    recordGrants: Type.Array(Type.Object({ bizType: S, ownerUnionId: S, unionId: S }, closed), {
      maxItems: MAX_RECORD_GRANTS,
    }),
  },
  closed,
);
export type MediaState = Static<typeof MediaState>;

/**
 * A conference's media state and its injected artifacts (spec more §10), two JSON documents vconf only
 * ever reads and writes whole; a conference without any has no row.
 */
export const MediaRow = row({
  conferenceId: Key,
  state: MediaState,
  /** The artifacts document of `PUT /_vconf/v1/conferences/{id}/artifacts`, as validated. */
  artifacts: Type.Record(S, Type.Unknown()),
});
export type MediaRow = Static<typeof MediaRow>;
