import type { ConferenceRow, MediaRow, StateDump } from "../store.js";
import { type Row, toConference } from "./rows.js";
import { PostgresTx } from "./tx.js";

const toMedia = (r: Row): MediaRow => ({
  conferenceId: r.conference_id as string,
  state: JSON.parse(r.state as string),
  artifacts: JSON.parse(r.artifacts as string),
});

/**
 * The PostgreSQL `Tx` with the media table (recording/minutes state and injected artifacts, spec more
 * §10). JSON is kept as TEXT, as the change log's before/after are, so both drivers round-trip the same.
 */
export class PostgresMediaTx extends PostgresTx {
  async getMedia(conferenceId: string, forUpdate = false): Promise<MediaRow | undefined> {
    const r = await this.one(
      `SELECT * FROM conference_media WHERE conference_id = $1${this.lock(forUpdate)}`,
      [conferenceId],
    );
    return r && toMedia(r);
  }
  async putMedia(m: MediaRow) {
    await this.q(
      `INSERT INTO conference_media (conference_id, state, artifacts) VALUES ($1, $2, $3)
       ON CONFLICT (conference_id) DO UPDATE SET state = EXCLUDED.state, artifacts = EXCLUDED.artifacts`,
      [m.conferenceId, JSON.stringify(m.state), JSON.stringify(m.artifacts)],
    );
  }
  async listStartedConferences(corpId: string, from: number, to: number): Promise<ConferenceRow[]> {
    const rows = await this.q(
      `SELECT * FROM conferences WHERE corp_id = $1 AND status IN (1, 2) AND start_time BETWEEN $2 AND $3
       ORDER BY start_time, conference_id`,
      [corpId, from, to],
    );
    return rows.map(toConference);
  }

  override async reset(corpId?: string) {
    if (corpId === undefined) await this.q("DELETE FROM conference_media");
    else
      await this.q(
        "DELETE FROM conference_media WHERE conference_id IN (SELECT conference_id FROM conferences WHERE corp_id = $1)",
        [corpId],
      );
    await super.reset(corpId);
  }
  override async exportAll(): Promise<StateDump> {
    const dump = await super.exportAll();
    const rows = await this.q("SELECT * FROM conference_media ORDER BY conference_id");
    return { ...dump, media: rows.map(toMedia) };
  }
  override async importAll(d: StateDump) {
    await this.q("DELETE FROM conference_media");
    await super.importAll(d);
    for (const m of d.media ?? []) await this.putMedia(m);
  }
}
