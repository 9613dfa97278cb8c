import { assert } from "../../errors.js";
import type { ConferenceExtrasRow, ConferenceRow, Tx } from "../../store/store.js";
import type { Caller } from "../deps.js";
import { writableConference } from "./policy.js";

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
 * The conference a write of spec more §3/§7 (and the newest SDKs' writes) acts on: E-W, and refused
 * while a scheduled instance has not started yet (spec more §0 "Not yet started").
 */
export async function startedConference(
  tx: Tx,
  caller: Caller,
  conferenceId: string,
): Promise<ConferenceRow> {
  const conf = await writableConference(tx, caller, conferenceId);
  assert(conf.status !== 0, "paramsError", "the meeting has not started");
  return conf;
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
