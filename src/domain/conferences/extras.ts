import type { ConferenceExtrasRow, Tx } from "../../store/store.js";

/** A conference's extras row, or an empty one (stored only once something changes). */
export async function loadExtras(tx: Tx, conferenceId: string): Promise<ConferenceExtrasRow> {
  return (
    (await tx.getExtras(conferenceId)) ?? {
      conferenceId,
      extInfo: null,
      subtitleApps: [],
      streams: [],
      mcus: [],
    }
  );
}

/**
 * The extras part of `GET /_vconf/v1/conferences/{id}/state` (spec more §10): streams (without who
 * started them; `stoppedAt` only once stopped), subtitle apps, extInfo, and the MCUs InviteMcu added.
 */
export async function extrasState(tx: Tx, conferenceId: string) {
  const e = await loadExtras(tx, conferenceId);
  return {
    streams: e.streams.map(({ startedBy: _by, stoppedAt, ...s }) => ({
      ...s,
      ...(stoppedAt === null ? {} : { stoppedAt }),
    })),
    subtitleApps: e.subtitleApps,
    extInfo: e.extInfo,
    mcus: e.mcus,
  };
}
