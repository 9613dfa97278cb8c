import { assert, fail } from "../../errors.js";
import type { ConferenceRow, Tx } from "../../store/store.js";
import type { InviteMcuBody } from "../../schemas/meeting-extras.js";
import type { Caller, Deps } from "../deps.js";
import { recordChange } from "../conferences/change-log.js";
import { loadExtras } from "../conferences/extras.js";
import { policy } from "../conferences/policy.js";

/** MCUs one meeting may hold (GUESS: a few bridged rooms, not a list without end). */
export const MAX_MCUS = 16;

const digits = (code: string) => code.replace(/\s+/g, "");

/**
 * The meeting a room code leads to: the instance in progress, else why there is none (DingTalk's E-W
 * answers: unknown code, another org's, ended; a scheduled instance not started yet).
 */
async function meetingByRoomCode(tx: Tx, caller: Caller, roomCode: string): Promise<ConferenceRow> {
  const all = await tx.listConferencesByRoomCode(roomCode);
  assert(all.length, "paramsError", "roomCode not found");
  assert(
    all.some((c) => policy.sameOrg(caller, c)),
    "permissionError",
  );
  const live = all.find((c) => c.status === 2 && policy.sameOrg(caller, c));
  if (live) return (await tx.getConference(live.conferenceId, true))!;
  assert(!all.some((c) => c.status === 0), "paramsError", "the meeting has not started");
  throw fail("confClosed");
}

/**
 * `POST …/videoConferences/mcus/invite` (InviteMcu, newest SDKs only): the host or a co-host brings an
 * MCU (a room system's bridge, known by its own room code) into the meeting of `roomCode`. vconf carries
 * no media: the MCU is kept on the meeting (control plane) and is not a member. Inviting it again changes
 * nothing.
 */
export async function inviteMcu(deps: Deps, caller: Caller, body: InviteMcuBody) {
  const roomCode = digits(body.roomCode);
  const mcuRoomCode = digits(body.mcuRoomCode);
  assert(/^\d{1,32}$/.test(roomCode), "paramsError", "roomCode must be digits");
  assert(/^\d{1,32}$/.test(mcuRoomCode), "paramsError", "mcuRoomCode must be digits");
  assert(mcuRoomCode !== roomCode, "paramsError", "a meeting cannot invite itself");
  return deps.store.transaction(async (tx) => {
    const conf = await meetingByRoomCode(tx, caller, roomCode);
    assert(await tx.getUser(body.unionId), "unknownUserError");
    const operator = await tx.getMember(conf.conferenceId, body.unionId);
    assert(policy.isModerator(operator), "permissionError", "only the host or a co-host can invite an MCU");
    const extras = await loadExtras(tx, conf.conferenceId);
    if (extras.mcus.some((m) => m.mcuRoomCode === mcuRoomCode)) return { success: true };
    assert(extras.mcus.length < MAX_MCUS, "paramsError", `a meeting holds at most ${MAX_MCUS} MCUs`);
    const at = deps.clock.now();
    const mcu = { mcuRoomCode, invitedBy: body.unionId, at };
    await tx.putExtras({ ...extras, mcus: [...extras.mcus, mcu] });
    await recordChange(tx, caller, {
      conferenceId: conf.conferenceId,
      operation: "InviteMcu",
      target: `mcu:${mcuRoomCode}`,
      before: null,
      after: { invitedBy: body.unionId },
      at,
    });
    return { success: true };
  });
}
