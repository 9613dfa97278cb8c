import Type, { type Static, type TSchema } from "typebox";
import type {
  AppRow,
  BookingRow,
  ChangeRow,
  ConferenceRow,
  MemberRow,
  OrgRow,
  SuiteAuthRow,
  SuiteRow,
  TokenRow,
  UserRow,
} from "../../store/store.js";
import { EXTENSION_APPS_MAX } from "../schedule-settings.js";
import { SHORT_LINKS_MAX } from "../schedules.js";

const closed = { additionalProperties: false } as const;
const S = Type.String();
const Key = Type.String({ minLength: 1 });
const Int = Type.Integer();
const B = Type.Boolean();
const NullableS = Type.Union([Type.String(), Type.Null()]);
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const Scopes = Type.Array(S, { maxItems: 1_000 });
/**
 * Rows per table: more than a snapshot within its 256 MiB body limit can hold, so the body limit is what
 * binds; the bound keeps the schema's promise that every list has one.
 */
const ROWS_MAX = 10_000_000;
const Rows = <T extends TSchema>(row: T) => Type.Array(row, { maxItems: ROWS_MAX });

export const SNAPSHOT_FORMAT = "vconf.snapshot";
export const SNAPSHOT_VERSION = 1;

const Org = Type.Object({ corpId: Key, name: S }, closed);
const User = Type.Object({ unionId: Key, corpId: Key, userId: S, name: S }, closed);
const AppR = Type.Object(
  { appKey: Key, corpId: Key, secretHash: S, scopes: Scopes, tokenNonce: NullableS, tokenExpiresAt: Int },
  closed,
);
const Suite = Type.Object({ suiteKey: Key, secretHash: S, ticketHash: S, scopes: Scopes }, closed);
const SuiteAuth = Type.Object({ suiteKey: Key, corpId: Key }, closed);
const Token = Type.Object(
  {
    tokenHash: Key,
    corpId: S,
    clientKey: S,
    kind: Type.Union([Type.Literal("app"), Type.Literal("suite")]),
    scopes: Scopes,
    expiresAt: Int,
  },
  closed,
);
const Conference = Type.Object(
  {
    conferenceId: Key,
    corpId: S,
    title: S,
    creatorId: S,
    creatorApp: S,
    conferencePassword: S,
    hostPassword: S,
    roomCode: S,
    externalLinkUrl: S,
    phoneNumbers: Type.Array(S, { maxItems: 1_000 }),
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
    // Optional so that snapshots taken before bookings existed still load ("" = an instant meeting).
    scheduleConferenceId: Type.Optional(S),
    extensionAppSettings: Type.Optional(
      Type.Array(Type.Object({ appCode: S, autoOpenMode: Int, extensionAppBizData: S }, closed), {
        maxItems: EXTENSION_APPS_MAX,
      }),
    ),
  },
  closed,
);
/** A booking (spec-more section 9), as the store holds it. */
const Booking = Type.Object(
  {
    scheduleConferenceId: Key,
    corpId: S,
    creatorId: S,
    creatorApp: S,
    title: S,
    startTime: Int,
    endTime: Int,
    roomCode: Key,
    url: S,
    // Checked against the stored shapes by emulator/snapshot-bookings.ts (the store's row types are loose).
    settings: Type.Record(S, Type.Unknown()),
    cancelled: B,
    instances: Rows(Key),
    customShortLinks: Type.Array(Type.Record(S, Type.Unknown()), { maxItems: SHORT_LINKS_MAX }),
    createdAt: Int,
  },
  closed,
);
const Member = Type.Object(
  {
    conferenceId: Key,
    unionId: Key,
    seq: Type.Integer({ minimum: 1 }),
    userNick: S,
    host: B,
    coHost: B,
    attendStatus: Int,
    joinTime: NullableInt,
    leaveTime: NullableInt,
    duration: Int,
    outerOrgMember: B,
    pstnJoin: B,
    micStatus: Int,
    cameraStatus: Int,
    forbiddenRejoin: B,
    coHostSince: NullableInt,
    deviceType: NullableS,
  },
  closed,
);
const Change = Type.Object(
  {
    conferenceId: Key,
    seq: Type.Integer({ minimum: 1 }),
    at: Int,
    app: S,
    operation: S,
    target: S,
    before: Type.Unknown(),
    after: Type.Unknown(),
  },
  closed,
);

/**
 * The whole state as one document: every table, rows as the store holds them (secrets and tokens only as
 * hashes). `format`/`version` let a later vconf refuse or convert an older document.
 */
export const Snapshot = Type.Object(
  {
    format: Type.Literal(SNAPSHOT_FORMAT),
    version: Type.Integer({ description: `${SNAPSHOT_VERSION} for this vconf` }),
    orgs: Rows(Org),
    users: Rows(User),
    apps: Rows(AppR),
    suites: Rows(Suite),
    suiteAuths: Rows(SuiteAuth),
    tokens: Rows(Token),
    conferences: Rows(Conference),
    members: Rows(Member),
    changes: Rows(Change),
    bookings: Type.Optional(Rows(Booking)),
  },
  { ...closed, description: "vconf's whole state" },
);
export type Snapshot = Static<typeof Snapshot>;

// The schema must describe the store's rows exactly: a column added to a row type without its field here
// would be dropped from snapshots silently, so it fails to compile instead.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Row<T extends { properties: unknown }> = Static<T>;
export const rowsMatchStore: [
  Same<Row<typeof Org>, OrgRow>,
  Same<Row<typeof User>, UserRow>,
  Same<Row<typeof AppR>, AppRow>,
  Same<Row<typeof Suite>, SuiteRow>,
  Same<Row<typeof SuiteAuth>, SuiteAuthRow>,
  Same<Row<typeof Token>, TokenRow>,
  Same<
    Row<typeof Conference>,
    Omit<ConferenceRow, "scheduleConferenceId" | "extensionAppSettings"> &
      Partial<Pick<ConferenceRow, "scheduleConferenceId" | "extensionAppSettings">>
  >,
  Same<Row<typeof Booking>, BookingRow>,
  Same<Row<typeof Member>, MemberRow>,
  Same<Row<typeof Change>, ChangeRow>,
] = [true, true, true, true, true, true, true, true, true, true];
