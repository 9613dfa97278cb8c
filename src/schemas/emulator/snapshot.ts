import Type, { type Static, type TSchema } from "typebox";
import {
  AppRow,
  BookingRow,
  ChangeRow,
  ConferenceRow,
  MediaRow,
  MemberRow,
  OrgRow,
  SuiteAuthRow,
  SuiteRow,
  TokenRow,
  UserRow,
} from "../../store/rows.js";
import { ConferenceExtrasRow, RecordWhiteAccountRow } from "../../store/rows-extras.js";
import {
  DeliveryRow,
  EventRow,
  EventSeqRow,
  EventSettingsRow,
  SubscriptionRow,
} from "../../store/rows-events.js";

const closed = { additionalProperties: false } as const;
/**
 * Rows per table: more than a snapshot within its 256 MiB body limit can hold, so the body limit is what
 * binds; the bound keeps the schema's promise that every list has one.
 */
const ROWS_MAX = 10_000_000;
const Rows = <T extends TSchema>(row: T) => Type.Array(row, { maxItems: ROWS_MAX });

/**
 * Conferences as a snapshot holds them: taken before bookings existed, a document has neither field
 * (an instant meeting: `""` and `[]`, filled in on import).
 */
const ConferenceDoc = Type.Object(
  {
    ...ConferenceRow.properties,
    scheduleConferenceId: Type.Optional(ConferenceRow.properties.scheduleConferenceId),
    extensionAppSettings: Type.Optional(ConferenceRow.properties.extensionAppSettings),
  },
  closed,
);

export const SNAPSHOT_FORMAT = "vconf.snapshot";
export const SNAPSHOT_VERSION = 1;

/**
 * The whole state as one document: every table, rows as the store holds them (secrets and tokens only as
 * hashes). `format`/`version` let a later vconf refuse or convert an older document.
 */
export const Snapshot = Type.Object(
  {
    format: Type.Literal(SNAPSHOT_FORMAT),
    version: Type.Integer({ description: `${SNAPSHOT_VERSION} for this vconf` }),
    orgs: Rows(OrgRow),
    users: Rows(UserRow),
    apps: Rows(AppRow),
    suites: Rows(SuiteRow),
    suiteAuths: Rows(SuiteAuthRow),
    tokens: Rows(TokenRow),
    conferences: Rows(ConferenceDoc),
    members: Rows(MemberRow),
    changes: Rows(ChangeRow),
    bookings: Type.Optional(Rows(BookingRow)),
    media: Type.Optional(
      Type.Array(MediaRow, { maxItems: ROWS_MAX, description: "absent in snapshots of older vconf" }),
    ),
    extras: Type.Optional(Rows(ConferenceExtrasRow)),
    recordWhiteAccounts: Type.Optional(Rows(RecordWhiteAccountRow)),
    // Events (optional: a document written before events existed imports with none).
    eventSeqs: Type.Optional(Rows(EventSeqRow)),
    events: Type.Optional(Rows(EventRow)),
    eventDeliveries: Type.Optional(Rows(DeliveryRow)),
    eventSubscriptions: Type.Optional(Rows(SubscriptionRow)),
    eventSettings: Type.Optional(Rows(EventSettingsRow)),
  },
  { ...closed, description: "vconf's whole state" },
);
export type Snapshot = Static<typeof Snapshot>;
