import { isDeepStrictEqual } from "node:util";
import type { Deps } from "../domain/deps.js";
import { recordChange } from "../domain/conferences/change-log.js";
import { extrasState } from "../domain/conferences/extras.js";
import { ensureRecordId, hasRecord, loadMedia, recordOwner } from "../domain/recordings/media.js";
import { fail, paramsError } from "../errors.js";
import type { MediaRow, Tx } from "../store/store.js";
import { artifactsProblem } from "./artifact-check.js";
import { emitFlashMinutesOpen, flashMinutesEvents } from "./flash-minutes-events.js";

const ADMIN = "admin";

async function conferenceOf(tx: Tx, conferenceId: string, forUpdate = false) {
  const conf = await tx.getConference(conferenceId, forUpdate);
  if (!conf) throw fail("vconf.NotFound", `no conference ${conferenceId}`);
  return conf;
}

/**
 * `PUT /_vconf/v1/conferences/{id}/artifacts`: each key given replaces that kind, `null` deletes it, keys
 * left out stay (spec more §10). Data that makes a record exist also fixes the meeting's recordId. One
 * change-log row naming the changed keys; nothing changed, no row.
 */
export async function putArtifacts(deps: Deps, conferenceId: string, body: unknown) {
  const problem = artifactsProblem(body);
  if (problem) throw paramsError(problem);
  return deps.store.transaction(async (tx) => {
    const conf = await conferenceOf(tx, conferenceId, true);
    const media = await loadMedia(tx, conferenceId, true);
    const artifacts = { ...media.artifacts };
    const changed: string[] = [];
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (isDeepStrictEqual(artifacts[key], value ?? undefined)) continue;
      changed.push(key);
      if (value === null) delete artifacts[key];
      else artifacts[key] = value;
    }
    if (!changed.length) return artifacts;
    let after: MediaRow = { ...media, artifacts };
    if (hasRecord(after, "cloud_record") || hasRecord(after, "minutes"))
      after = { ...after, state: ensureRecordId(after.state) };
    await tx.putMedia(after);
    const now = deps.clock.now();
    await recordChange(tx, ADMIN, {
      conferenceId,
      operation: "vconf.PutArtifacts",
      target: conferenceId,
      before: changed.filter((k) => k in media.artifacts),
      after: changed.filter((k) => k in artifacts),
      at: now,
    });
    for (const event of flashMinutesEvents(conf, media, after)) await emitFlashMinutesOpen(tx, event, now);
    return artifacts;
  });
}

/** `GET /_vconf/v1/conferences/{id}/artifacts`: the document (`{}` when empty). */
export async function getArtifacts(deps: Deps, conferenceId: string) {
  return deps.store.transaction(
    async (tx) => {
      await conferenceOf(tx, conferenceId);
      return (await loadMedia(tx, conferenceId)).artifacts;
    },
    { readOnly: true },
  );
}

/** `DELETE /_vconf/v1/conferences/{id}/artifacts`: removes every kind (the record state stays). */
export async function deleteArtifacts(deps: Deps, conferenceId: string) {
  return deps.store.transaction(async (tx) => {
    await conferenceOf(tx, conferenceId, true);
    const media = await loadMedia(tx, conferenceId, true);
    const keys = Object.keys(media.artifacts);
    if (keys.length) {
      await tx.putMedia({ ...media, artifacts: {} });
      await recordChange(tx, ADMIN, {
        conferenceId,
        operation: "vconf.DeleteArtifacts",
        target: conferenceId,
        before: keys,
        after: [],
        at: deps.clock.now(),
      });
    }
    return { success: true };
  });
}

/**
 * `GET /_vconf/v1/conferences/{id}/state`: what vconf keeps that DingTalk's calls do not show: recording
 * and minutes state with their grants, and the streams, subtitle apps, extInfo and MCUs of the extras.
 */
export async function conferenceState(deps: Deps, conferenceId: string) {
  return deps.store.transaction(
    async (tx) => {
      const conf = await conferenceOf(tx, conferenceId);
      const media = await loadMedia(tx, conferenceId);
      const s = media.state;
      return {
        cloudRecord: {
          status: s.cloudRecord.status,
          ownerUnionId: hasRecord(media, "cloud_record") ? recordOwner(media, conf, "cloud_record") : null,
          recordId: s.recordId,
          mode: s.cloudRecord.mode,
          smallWindowPosition: s.cloudRecord.smallWindowPosition,
          sessions: s.cloudRecord.sessions,
        },
        minutes: {
          status: s.minutes.status,
          ownerUnionId: hasRecord(media, "minutes") ? recordOwner(media, conf, "minutes") : null,
          recordAudio: s.minutes.recordAudio,
        },
        recordGrants: s.recordGrants,
        ...(await extrasState(tx, conferenceId)),
      };
    },
    { readOnly: true },
  );
}
