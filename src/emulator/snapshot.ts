import { paramsError } from "../errors.js";
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type Snapshot } from "../schemas/emulator/snapshot.js";
import type { Deps } from "../domain/deps.js";
import { MAX_PROBLEMS, snapshotProblems } from "./snapshot-check.js";

/** `GET /_vconf/v1/snapshot`: every table in one read transaction. */
export async function exportSnapshot(deps: Deps): Promise<Snapshot> {
  const dump = await deps.store.transaction((tx) => tx.exportAll(), { readOnly: true });
  return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, ...dump };
}

/**
 * `PUT /_vconf/v1/snapshot`: replaces the whole state with `doc` in one transaction. A document with any
 * problem (emulator/snapshot-check.ts) is refused before anything is touched.
 */
export async function importSnapshot(deps: Deps, doc: Snapshot) {
  const problems = snapshotProblems(doc);
  if (problems.length) {
    const more = problems.length > MAX_PROBLEMS ? `; and ${problems.length - MAX_PROBLEMS} more` : "";
    throw paramsError(problems.slice(0, MAX_PROBLEMS).join("; ") + more);
  }
  const { format: _f, version: _v, ...rest } = doc;
  // Snapshots from before bookings existed have neither bookings nor instance links.
  const dump = {
    ...rest,
    conferences: rest.conferences.map((c) => ({
      ...c,
      scheduleConferenceId: c.scheduleConferenceId ?? "",
      extensionAppSettings: c.extensionAppSettings ?? [],
    })),
    bookings: rest.bookings ?? [],
  };
  await deps.store.transaction((tx) => tx.importAll(dump));
  return { success: true };
}
