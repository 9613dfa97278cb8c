import type { ConferenceRow, MediaRow, StateDump } from "../store.js";
import { type Row, SqliteTx, toConference } from "./tx.js";

const toMedia = (r: Row): MediaRow => ({
  conferenceId: r.conference_id as string,
  state: JSON.parse(r.state as string),
  artifacts: JSON.parse(r.artifacts as string),
});

/**
 * The SQLite `Tx` with the media table (recording/minutes state and injected artifacts, spec more §10).
 * Kept apart from tx.ts so that file stays small; reset and snapshots cover the table here.
 */
export class SqliteMediaTx extends SqliteTx {
  async getMedia(conferenceId: string): Promise<MediaRow | undefined> {
    const r = this.one("SELECT * FROM conference_media WHERE conference_id = ?", conferenceId);
    return r && toMedia(r);
  }
  async putMedia(m: MediaRow) {
    this.run(
      `INSERT INTO conference_media (conference_id, state, artifacts) VALUES (?, ?, ?)
       ON CONFLICT (conference_id) DO UPDATE SET state = excluded.state, artifacts = excluded.artifacts`,
      m.conferenceId,
      JSON.stringify(m.state),
      JSON.stringify(m.artifacts),
    );
  }
  async listStartedConferences(corpId: string, from: number, to: number): Promise<ConferenceRow[]> {
    return this.all(
      `SELECT * FROM conferences WHERE corp_id = ? AND status IN (1, 2) AND start_time BETWEEN ? AND ?
       ORDER BY start_time, conference_id`,
      corpId,
      from,
      to,
    ).map(toConference);
  }

  override async reset(corpId?: string) {
    if (corpId === undefined) this.run("DELETE FROM conference_media");
    else
      this.run(
        "DELETE FROM conference_media WHERE conference_id IN (SELECT conference_id FROM conferences WHERE corp_id = ?)",
        corpId,
      );
    await super.reset(corpId);
  }
  override async exportAll(): Promise<StateDump> {
    const dump = await super.exportAll();
    const media = this.all("SELECT * FROM conference_media ORDER BY conference_id").map(toMedia);
    return { ...dump, media };
  }
  override async importAll(d: StateDump) {
    this.run("DELETE FROM conference_media");
    await super.importAll(d);
    for (const m of d.media ?? []) await this.putMedia(m);
  }
}
