import Type, { type Static, type TSchema } from "typebox";
import { ID_MAX, LIST_MAX } from "./limits.js";

/**
 * A booking's settings, `scheduleConfSettingModel` (spec-more section 1), as the SDKs model it: the request
 * of CreateScheduleConference and UpdateScheduleConfSettings, what a booking stores, and the answer of
 * QueryScheduleConfSettings. Values outside DingTalk's lists are the endpoint's field error (the schema's
 * `invalid` code). Fields the newest SDKs send but 2.2.27 cannot (`hiddenOwnerNick`, `minutesSummary*`,
 * `restrictShareMinutesSummaryOnly`, `aiAgentSummarySetting`) are accepted, typed and stored too.
 */

/** Characters in an opaque value an app hands DingTalk (extensionAppBizData, the AI agent's `value`). */
export const BIZ_DATA_MAX = 4096;
/** DingTalk's limit on extension apps per booking (GUESS, spec-more section 1): over it is extensionAppSettingError. */
export const EXTENSION_APPS_MAX = 10;

const Id = Type.String({ maxLength: ID_MAX });
const UnionId = Type.String({ minLength: 1, maxLength: ID_MAX });
const B = Type.Boolean();
const L = <N extends number>(n: N) => Type.Literal(n);
const Bit = Type.Union([L(0), L(1)], { description: "0 off, 1 on" });
const Three = (description?: string) => Type.Union([L(0), L(1), L(2)], description ? { description } : {});
/** A number the SDK types as integer but whose values DingTalk does not publish (AI agent settings). */
const Int = Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 });
const opt = <T extends TSchema>(t: T) => Type.Optional(t);

export const RecordSetting = Type.Object({
  recordAutoStart: opt(Bit),
  recordAutoStartType: opt(
    Three("0 when the host joins, 1 when someone joins as co-host, 2 when anyone joins"),
  ),
  mode: opt(Id),
  isFollowHost: opt(B),
  restrictShareMinutesSummaryOnly: opt(Int),
});

export const ExtensionApp = Type.Object({
  coolAppCode: opt(Id),
  autoOpenMode: opt(Three()),
  extensionAppBizData: opt(Type.String({ maxLength: BIZ_DATA_MAX })),
});

const extraFields = {
  waitingRoom: opt(Three("1 on; 0 and 2 off (reported 0)")),
  joinBeforeHost: opt(Bit),
  enableChat: opt(Bit),
  lockNick: opt(Bit),
  lockMediaStatusMicMute: opt(Bit),
  enableWebAnonymousJoin: opt(B),
  pushAllMeetingRecords: opt(B),
  pushMinutesCard: opt(B),
  pushCloudRecordCard: opt(B),
  cloudRecordOwnerUnionId: opt(Id),
  minutesOwnerUnionId: opt(Id),
  hiddenOwnerNick: opt(B),
  minutesSummaryTemplateId: opt(Id),
  minutesSummaryTemplateType: opt(Id),
  minutesSummaryDiyTemplateVersion: opt(Id),
};

export const VirtualExtraSetting = Type.Object({
  ...extraFields,
  // Bounded by the body bounds; over EXTENSION_APPS_MAX is DingTalk's own extensionAppSettingError.
  moziConfExtensionAppSettings: opt(Type.Array(ExtensionApp, { maxItems: LIST_MAX })),
});

export const AiAgentSummarySetting = Type.Object({
  allowAllParticipantsStart: opt(Int),
  enableAiAgentStatus: opt(B),
  receiverType: opt(Int),
  restrictShareMinutesSummaryOnly: opt(Int),
  value: opt(Type.String({ maxLength: BIZ_DATA_MAX })),
});

const topFields = {
  hostUnionId: opt(UnionId),
  cohostUnionIds: opt(Type.Array(UnionId, { maxItems: LIST_MAX })),
  confAllowedCorpId: opt(Id),
  lockRoom: opt(Bit),
  screenShareForbidden: opt(Bit),
  muteOnJoin: opt(
    Type.Union([L(-1), L(0), L(6)], { description: "-1 mute on join, 0 off, 6 mute once over 6 people" }),
  ),
  moziConfOpenRecordSetting: opt(RecordSetting),
  aiAgentSummarySetting: opt(AiAgentSummarySetting),
};

/** The request model (all optional). */
export const ScheduleSettings = Type.Object({
  ...topFields,
  moziConfVirtualExtraSetting: opt(VirtualExtraSetting),
});
export type ScheduleSettings = Static<typeof ScheduleSettings>;

/** What a booking stores: the request model merged, each extension app with the app that set it. */
export const StoredSettings = Type.Object(
  {
    ...topFields,
    moziConfVirtualExtraSetting: opt(
      Type.Object(
        {
          ...extraFields,
          moziConfExtensionAppSettings: opt(
            Type.Array(
              Type.Object({ ...ExtensionApp.properties, clientId: Id }, { additionalProperties: false }),
              {
                maxItems: EXTENSION_APPS_MAX,
              },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type StoredSettings = Static<typeof StoredSettings>;

/** QueryScheduleConfSettings' answer: every field, defaults filled in; `autoOpenMode` is a string here. */
export const SettingsReply = Type.Object({
  scheduleConfSettingModel: Type.Object({
    hostUnionId: Type.String(),
    cohostUnionIds: Type.Array(Type.String()),
    confAllowedCorpId: Type.String(),
    lockRoom: Type.Integer(),
    screenShareForbidden: Type.Integer(),
    muteOnJoin: Type.Integer(),
    moziConfVirtualExtraSetting: Type.Object({
      waitingRoom: Type.Integer(),
      joinBeforeHost: Type.Integer(),
      enableChat: Type.Integer(),
      lockNick: Type.Integer(),
      lockMediaStatusMicMute: Type.Integer(),
      enableWebAnonymousJoin: Type.Boolean(),
      moziConfExtensionAppSettings: Type.Array(
        Type.Object({
          clientId: Type.String(),
          coolAppCode: Type.String(),
          autoOpenMode: Type.String(),
          extensionAppBizData: Type.String(),
        }),
      ),
    }),
  }),
});
