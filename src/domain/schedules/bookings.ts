import { randomUUID } from "node:crypto";
import { assert } from "../../errors.js";
import type { CancelScheduleBody, CreateScheduleBody, UpdateScheduleBody } from "../../schemas/schedules.js";
import type { BookingRow, Tx } from "../../store/store.js";
import { recordChange } from "../conferences/change-log.js";
import type { Caller, Deps } from "../deps.js";
import { newInstance, uniqueRoomCode } from "./instances.js";
import { checkSettings, storedSettings } from "./settings.js";

/** DingTalk's title limits (create-appointment-meeting): over 50 cut to 50, over 256 refused. */
const TITLE_KEEP = 50;
const TITLE_MAX = 256;

/** The title as stored, after DingTalk's rules (code points, like CreateVideoConference). */
function checkedTitle(title: string | undefined): string {
  assert(title !== undefined && title.trim() !== "", "paramsError", "title is missing");
  const chars = [...title];
  assert(chars.length <= TITLE_MAX, "paramsError", `title is longer than ${TITLE_MAX} characters`);
  return chars.slice(0, TITLE_KEEP).join("");
}

function checkTimes(startTime: number, endTime: number) {
  assert(Number.isInteger(startTime) && startTime >= 0, "paramsError", "startTime must be a time in ms");
  assert(Number.isInteger(endTime) && endTime >= 0, "paramsError", "endTime must be a time in ms");
  assert(endTime > startTime, "paramsError", "endTime must be later than startTime");
}

/** The caller's org's booking, or `error:scheduleConferenceId not found` (another org learns nothing). */
async function ownBooking(tx: Tx, caller: Caller, id: string, forUpdate = false): Promise<BookingRow> {
  assert(id, "paramsError", "scheduleConferenceId is missing");
  const bk = await tx.getBooking(id, forUpdate);
  assert(bk && bk.corpId === caller.corpId, "paramsError", "scheduleConferenceId not found");
  return bk;
}

/** Saves a booking and its audit row (the booking's change log is keyed by its id). */
async function saveBooking(
  tx: Tx,
  caller: Caller,
  operation: string,
  bk: BookingRow,
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
  at: number,
) {
  await tx.putBooking(bk);
  const target = bk.scheduleConferenceId;
  await recordChange(tx, caller, { conferenceId: target, operation, target, before, after, at });
}

/** `POST /v1.0/conference/scheduleConferences` (CreateScheduleConference): a booking and its pending instance. */
export async function createScheduleConference(
  deps: Deps,
  caller: Caller,
  input: CreateScheduleBody,
  requestId: string,
) {
  const title = checkedTitle(input.title);
  checkTimes(input.startTime, input.endTime);
  return deps.store.transaction(async (tx) => {
    const creator = input.creatorUnionId ? await tx.getUser(input.creatorUnionId) : undefined;
    assert(
      creator && creator.corpId === caller.corpId,
      "paramsError",
      "creatorUnionId is not a user of this organization",
    );
    const settings = storedSettings(input.scheduleConfSettingModel, caller.clientKey);
    await checkSettings(deps, tx, caller.corpId, creator.unionId, settings, "paramsError");
    const now = deps.clock.now();
    const roomCode = await uniqueRoomCode(tx);
    const bk: BookingRow = {
      scheduleConferenceId: randomUUID(),
      corpId: caller.corpId,
      creatorId: creator.unionId,
      creatorApp: caller.clientKey,
      title,
      startTime: input.startTime,
      endTime: input.endTime,
      roomCode,
      url: `https://vconf.local/j/${roomCode}`,
      settings,
      cancelled: false,
      instances: [],
      customShortLinks: [],
      createdAt: now,
    };
    const instance = newInstance(bk, 0, bk.startTime);
    await tx.insertConference(instance);
    bk.instances.push(instance.conferenceId);
    const fields = { title, startTime: bk.startTime, endTime: bk.endTime, roomCode, settings };
    await saveBooking(tx, caller, "CreateScheduleConference", bk, null, fields, now);
    return { scheduleConferenceId: bk.scheduleConferenceId, roomCode, url: bk.url, phones: [], requestId };
  });
}

/** The creator's booking, not cancelled: what Update and Cancel act on. */
async function creatorsBooking(tx: Tx, caller: Caller, id: string, creatorUnionId: string, verb: string) {
  const bk = await ownBooking(tx, caller, id, true);
  const creator = creatorUnionId ? await tx.getUser(creatorUnionId) : undefined;
  assert(creator, "paramsError", "creatorUnionId is unknown");
  assert(creator.corpId === caller.corpId, "permissionError", "user is not in this organization");
  assert(
    creator.unionId === bk.creatorId,
    "permissionError",
    `only the creator can ${verb} this schedule conference`,
  );
  assert(!bk.cancelled, "resourceCancel");
  return bk;
}

/** `PUT /v1.0/conference/scheduleConferences` (UpdateScheduleConference): retitle and re-time. */
export async function updateScheduleConference(deps: Deps, caller: Caller, input: UpdateScheduleBody) {
  const title = checkedTitle(input.title);
  checkTimes(input.startTime, input.endTime);
  return deps.store.transaction(async (tx) => {
    const bk = await creatorsBooking(tx, caller, input.scheduleConferenceId, input.creatorUnionId, "update");
    const next = { title, startTime: input.startTime, endTime: input.endTime };
    const keys = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== bk[k]);
    if (keys.length === 0) return { success: true };
    const before = Object.fromEntries(keys.map((k) => [k, bk[k]]));
    const after = Object.fromEntries(keys.map((k) => [k, next[k]]));
    const now = deps.clock.now();
    await saveBooking(tx, caller, "UpdateScheduleConference", { ...bk, ...next }, before, after, now);
    // Only a pending instance follows the booking; a live or ended one keeps its own title and start.
    const current = await tx.getConference(bk.instances[bk.instances.length - 1], true);
    if (current?.status === 0) {
      await tx.updateConference({ ...current, title, startTime: input.startTime });
    }
    return { success: true };
  });
}

/** `POST /v1.0/conference/scheduleConferences/cancel` (CancelScheduleConference): no new starts. */
export async function cancelScheduleConference(deps: Deps, caller: Caller, input: CancelScheduleBody) {
  return deps.store.transaction(async (tx) => {
    const bk = await creatorsBooking(tx, caller, input.scheduleConferenceId, input.creatorUnionId, "cancel");
    const now = deps.clock.now();
    const done = { ...bk, cancelled: true };
    await saveBooking(
      tx,
      caller,
      "CancelScheduleConference",
      done,
      { cancelled: false },
      { cancelled: true },
      now,
    );
    return { success: true };
  });
}

/** `GET /v1.0/conference/scheduleConferences/{id}/infos` (QueryScheduleConference): any user of its org. */
export async function queryScheduleConference(
  deps: Deps,
  caller: Caller,
  id: string,
  requestUnionId: string | undefined,
  requestId: string,
) {
  assert(requestUnionId, "paramsError", "requestUnionId is missing");
  return deps.store.transaction(
    async (tx) => {
      const requester = await tx.getUser(requestUnionId);
      assert(requester, "paramsError", "requestUnionId is unknown");
      const bk = await ownBooking(tx, caller, id);
      assert(requester.corpId === bk.corpId, "permissionError", "no right to view this schedule conference");
      assert(!bk.cancelled, "resourceCancel");
      const { scheduleConferenceId, title, roomCode, url, startTime, endTime } = bk;
      return { scheduleConferenceId, title, roomCode, url, startTime, endTime, phones: [], requestId };
    },
    { readOnly: true },
  );
}
