import { fail, paramsError } from "../../errors.js";
import type { ConferenceRow, MediaRow, MediaState, Tx } from "../../store/store.js";
import { policy } from "../conferences/policy.js";
import { randomDigits } from "../identity/secrets.js";

/** The two kinds of flash-minutes record (spec more §6). */
export type BizType = "cloud_record" | "minutes";
export const BIZ_TYPES: readonly string[] = ["cloud_record", "minutes"];

export { MAX_RECORD_SESSIONS } from "../../store/rows.js";

export function emptyMediaState(): MediaState {
  return {
    recordId: null,
    cloudRecord: { status: 0, ownerUnionId: null, mode: null, smallWindowPosition: null, sessions: [] },
    minutes: { status: 0, ownerUnionId: null, recordAudio: false },
    recordGrants: [],
  };
}

/** A conference's media row, or an empty one (not stored until something changes). */
export async function loadMedia(tx: Tx, conferenceId: string, forUpdate = false): Promise<MediaRow> {
  return (
    (await tx.getMedia(conferenceId, forUpdate)) ?? {
      conferenceId,
      state: emptyMediaState(),
      artifacts: {},
    }
  );
}

/** 15 digits without a leading zero, so the number some models carry keeps every digit. */
export const newRecordId = () => String(1 + Math.floor(Math.random() * 9)) + randomDigits(14);

/** Fixes the meeting's one recordId (shared by recordings and minutes) at the first start of either. */
export function ensureRecordId(state: MediaState): MediaState {
  return state.recordId ? state : { ...state, recordId: newRecordId() };
}

const CLOUD_KEYS = ["cloudRecordVideos", "cloudRecordPlayInfos", "cloudRecordTexts"];
const MINUTES_KEYS = ["minutesTexts", "minutesAudios", "minutesSummary", "minutesMeetingResult"];

/**
 * Whether the meeting has a record of `bizType`: it recorded (cloud recording started / minutes started)
 * or got injected data of that kind (spec more §6, §10).
 */
export function hasRecord(media: MediaRow, bizType: BizType): boolean {
  const a = media.artifacts;
  const flash = (a.flashMinutes as { bizType: string }[] | undefined) ?? [];
  if (flash.some((f) => f.bizType === bizType)) return true;
  if (bizType === "cloud_record")
    return media.state.cloudRecord.sessions.length > 0 || CLOUD_KEYS.some((k) => k in a);
  return media.state.minutes.ownerUnionId !== null || MINUTES_KEYS.some((k) => k in a);
}

/** The owner of the meeting's record of `bizType`: who started it, else the injected owner, else the creator. */
export function recordOwner(media: MediaRow, conf: ConferenceRow, bizType: BizType): string {
  const a = media.artifacts;
  if (bizType === "cloud_record")
    return media.state.cloudRecord.ownerUnionId ?? (a.cloudRecordOwnerUnionId as string) ?? conf.creatorId;
  return media.state.minutes.ownerUnionId ?? (a.minutesOwnerUnionId as string) ?? conf.creatorId;
}

/** The operator of a media write: given, a known user; returns their member row (if any). */
export async function operator(tx: Tx, conf: ConferenceRow, unionId: string | undefined) {
  if (!unionId) throw paramsError("unionId is missing");
  if (!(await tx.getUser(unionId))) throw fail("unknownUserError");
  return tx.getMember(conf.conferenceId, unionId);
}

/** Host or co-host (who may start and pause minutes). */
export const isModerator = policy.isModerator;
