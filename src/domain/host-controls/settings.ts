import type { SettingsBody } from "../../schemas/host-controls.js";
import type { Caller, Deps } from "../deps.js";
import { saveConference } from "../conferences/change-log.js";
import { setMicsForMuteAll } from "./mute.js";
import { writableConference } from "../conferences/policy.js";

const OP = "UpdateVideoConferenceSetting";

/**
 * `PUT …/{id}` (UpdateVideoConferenceSetting), no public doc page. Each given setting acts as its
 * control: `muteAll` = MuteAll mute (keeping the current forceMute) / un_mute (clearing it), then
 * `allowUnmuteSelf` sets forceMute to its negation; `lockConference` = LockConference;
 * `onlyInternalEmployeesJoin` refuses other orgs' users at join; `autoTransferHost` hands the host role to
 * the longest-present co-host when the host leaves. Unset fields are unchanged; `{}` changes nothing.
 */
export async function updateVideoConferenceSetting(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  body: SettingsBody,
) {
  return deps.store.transaction(async (tx) => {
    const conf = await writableConference(tx, caller, conferenceId);
    const now = deps.clock.now();
    // muteAll:false is un_mute all, which lifts forceMute; allowUnmuteSelf then sets it explicitly.
    const forceMute = body.muteAll === false ? false : conf.forceMute;
    const after = {
      ...conf,
      muteAll: body.muteAll ?? conf.muteAll,
      forceMute: body.allowUnmuteSelf === undefined ? forceMute : !body.allowUnmuteSelf,
      locked: body.lockConference ?? conf.locked,
      onlyInternal: body.onlyInternalEmployeesJoin ?? conf.onlyInternal,
      autoTransferHost: body.autoTransferHost ?? conf.autoTransferHost,
      forbiddenShareScreen: body.forbiddenShareScreen ?? conf.forbiddenShareScreen,
    };
    await saveConference(tx, caller, OP, conf, after, now);
    if (body.muteAll !== undefined)
      await setMicsForMuteAll(tx, caller, OP, conf.conferenceId, body.muteAll, now);
    return { case: "success", code: "200" };
  });
}
