import type { Caller, Deps } from "../deps.js";
import { recordChange } from "./change-log.js";
import { loadExtras, startedConference } from "./extras.js";

/**
 * `POST …/{id}/subtitleEvents` (SetSubtitleEvent, spec more §3): turns the calling app's subscription to
 * this meeting's live transcription (`meeting_asr_result_event`, §11) on or off. Idempotent: a repeat
 * changes nothing and writes no change-log row.
 */
export async function setSubtitleEvent(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  body: { enable: boolean },
) {
  return deps.store.transaction(async (tx) => {
    const conf = await startedConference(tx, caller, conferenceId);
    const extras = await loadExtras(tx, conf.conferenceId);
    const was = extras.subtitleApps.includes(caller.clientKey);
    if (was !== body.enable) {
      const subtitleApps = body.enable
        ? [...extras.subtitleApps, caller.clientKey]
        : extras.subtitleApps.filter((k) => k !== caller.clientKey);
      await tx.putExtras({ ...extras, subtitleApps });
      await recordChange(tx, caller, {
        conferenceId: conf.conferenceId,
        operation: "SetSubtitleEvent",
        target: caller.clientKey,
        before: { subscribed: was },
        after: { subscribed: body.enable },
        at: deps.clock.now(),
      });
    }
    return { success: true };
  });
}
