import { fail } from "../../errors.js";
import type { MediaRow } from "../../store/store.js";
import type { Caller, Deps } from "../deps.js";
import { recordChange } from "../conferences/change-log.js";
import { ensureRecordId, isModerator, loadMedia, operator } from "../recordings/media.js";
import { writableConference } from "../conferences/policy.js";

const minutesState = (m: MediaRow) => ({
  minutesStatus: m.state.minutes.status,
  minutesOwnerUnionId: m.state.minutes.ownerUnionId,
});

const notModerator = () =>
  fail("permissionError", "permissionError:only the host or a co-host can start minutes");

export interface StartMinutesInput {
  unionId?: string;
  ownerUnionId?: string;
  recordAudio?: boolean;
}

/**
 * `POST …/{id}/minutes/start` (StartMinutes): the host or a co-host starts or resumes the meeting's
 * minutes; the owner is fixed at the first start; already running → success, no change.
 */
export async function startMinutes(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  input: StartMinutesInput,
) {
  return deps.store.transaction(async (tx) => {
    const conf = await writableConference(tx, caller, conferenceId);
    const member = await operator(tx, conf, input.unionId);
    if (!isModerator(member)) throw notModerator();
    if (input.ownerUnionId && !(await tx.getUser(input.ownerUnionId))) throw fail("unknownUserError");
    const media = await loadMedia(tx, conf.conferenceId, true);
    const m = media.state.minutes;
    if (m.status === 1) return { code: "200" };
    const after: MediaRow = {
      ...media,
      state: {
        ...ensureRecordId(media.state),
        minutes: {
          status: 1,
          ownerUnionId: m.ownerUnionId ?? (input.ownerUnionId || input.unionId!),
          recordAudio: input.recordAudio ?? m.recordAudio,
        },
      },
    };
    await tx.putMedia(after);
    await recordChange(tx, caller, {
      conferenceId: conf.conferenceId,
      operation: "StartMinutes",
      target: conf.conferenceId,
      before: minutesState(media),
      after: minutesState(after),
      at: deps.clock.now(),
    });
    return { code: "200" };
  });
}

/** `POST …/{id}/minutes/pause` (StopMinutes): pauses running minutes; otherwise success, no change. */
export async function stopMinutes(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  input: { unionId?: string },
) {
  return deps.store.transaction(async (tx) => {
    const conf = await writableConference(tx, caller, conferenceId);
    const member = await operator(tx, conf, input.unionId);
    if (!isModerator(member)) throw notModerator();
    const media = await loadMedia(tx, conf.conferenceId, true);
    if (media.state.minutes.status !== 1) return { code: "200" };
    const after: MediaRow = {
      ...media,
      state: { ...media.state, minutes: { ...media.state.minutes, status: 2 } },
    };
    await tx.putMedia(after);
    await recordChange(tx, caller, {
      conferenceId: conf.conferenceId,
      operation: "StopMinutes",
      target: conf.conferenceId,
      before: minutesState(media),
      after: minutesState(after),
      at: deps.clock.now(),
    });
    return { code: "200" };
  });
}
