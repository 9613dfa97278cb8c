import { assert } from "../errors.js";
import type { JoinBody } from "../schemas/emulator/control.js";
import type { Deps } from "../domain/deps.js";
import { assertMayStart, newInstance } from "../domain/schedules/instances.js";
import { admit } from "./attendees.js";

const OPERATION = "JoinByRoomCode";

/**
 * `POST /_vconf/v1/roomCodes/{roomCode}/attendees/{unionId}/join` (spec-more section 9): joins whatever
 * the room code leads to: the live instance, else the booking's pending instance (starting it), else a new
 * instance of a booking that is not cancelled (held again); an instant meeting's code while it is live.
 */
export async function joinByRoomCode(deps: Deps, roomCode: string, unionId: string, input: JoinBody = {}) {
  const code = roomCode.replaceAll(" ", "");
  return deps.store.transaction(async (tx) => {
    const bk = code ? await tx.getBookingByRoomCode(code) : undefined;
    let conferenceId: string;
    if (bk) {
      const locked = (await tx.getBooking(bk.scheduleConferenceId, true))!;
      const current = await tx.getConference(locked.instances[locked.instances.length - 1], true);
      if (current && current.status !== 1) {
        conferenceId = current.conferenceId;
      } else {
        // Held again: the last instance ended; a new one starts at once (at most one is not ended).
        assertMayStart(locked, unionId);
        const now = deps.clock.now();
        const next = { ...newInstance(locked, 0, now) };
        await tx.insertConference(next);
        await tx.putBooking({ ...locked, instances: [...locked.instances, next.conferenceId] });
        conferenceId = next.conferenceId;
      }
    } else {
      const confs = code ? await tx.listConferencesByRoomCode(code) : [];
      assert(confs.length > 0, "vconf.NotFound", `no meeting has room code ${code}`);
      const live = confs.filter((c) => c.status === 2);
      assert(live.length > 0, "joinRefused", "the meeting has ended");
      conferenceId = live[live.length - 1].conferenceId;
    }
    const { started } = await admit(deps, tx, conferenceId, unionId, input, OPERATION);
    return { joined: true, conferenceId, started };
  });
}

/** `GET /_vconf/v1/scheduleConferences/{sid}`: the booking as vconf holds it (spec-more section 9). */
export async function bookingDetail(deps: Deps, id: string) {
  return deps.store.transaction(
    async (tx) => {
      const bk = await tx.getBooking(id);
      assert(bk, "vconf.NotFound", `no schedule conference ${id}`);
      return bk;
    },
    { readOnly: true },
  );
}

/** `GET /_vconf/v1/scheduleConferences/{sid}/audit`: the booking's change log, oldest first. */
export async function bookingAudit(deps: Deps, id: string) {
  return deps.store.transaction(
    async (tx) => {
      assert(await tx.getBooking(id), "vconf.NotFound", `no schedule conference ${id}`);
      const entries = (await tx.listChanges(id)).map(({ conferenceId: _c, ...e }) => e);
      return { entries };
    },
    { readOnly: true },
  );
}

/** `GET /_vconf/v1/scheduleConferences?corpId=`: an org's bookings, oldest first (at most 1000). */
export async function listBookings(deps: Deps, corpId: string) {
  return deps.store.transaction(
    async (tx) => {
      assert(await tx.getOrg(corpId), "vconf.NotFound", `no org ${corpId}`);
      return { scheduleConferences: (await tx.listBookings(corpId)).slice(0, 1000) };
    },
    { readOnly: true },
  );
}
