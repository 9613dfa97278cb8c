import { useState } from "preact/hooks";
import type { ConferenceSummary } from "../../../src/client/types.js";
import { href } from "../router.js";
import { fmtTime, Refusal, useChanges, useConsole, useLoad } from "../shared.js";

/** Every org, each with its live and ended conferences, updated as conferences change. */
export function ConferencesPage() {
  const { client } = useConsole();
  const orgs = useLoad(() => client.listOrgs(), []);
  // Orgs change only with the directory: a `state` notice (conference changes do not match).
  useChanges(() => false, orgs.reload);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Conferences</h1>
      {orgs.error ? <Refusal error={orgs.error} label="Could not list the orgs" /> : null}
      {orgs.data?.orgs.length === 0 ? <p>No orgs yet: apply a seed file.</p> : null}
      {orgs.data?.orgs.map((org) => (
        <section class="org" key={org.corpId} aria-labelledby={`org-${org.corpId}`}>
          <h2 id={`org-${org.corpId}`}>
            {org.name} <small>{org.corpId}</small>
          </h2>
          <div class="lists">
            <ConferenceList corpId={org.corpId} status="live" title="Live" />
            <ConferenceList corpId={org.corpId} status="ended" title="Ended" />
          </div>
        </section>
      ))}
    </section>
  );
}

const PAGE = 10;

function ConferenceList(p: { corpId: string; status: "live" | "ended"; title: string }) {
  const { client } = useConsole();
  const [limit, setLimit] = useState(PAGE);
  const list = useLoad(
    () => client.listConferences({ corpId: p.corpId, status: p.status, limit }),
    [p.corpId, p.status, limit],
  );
  const shown = list.data?.conferences ?? [];
  // A new or closed meeting may enter this list; a change to one shown alters its counts.
  useChanges(
    (c) =>
      c.kind === "conference" &&
      (c.operations.includes("CreateVideoConference") ||
        c.operations.includes("CloseVideoConference") ||
        shown.some((s) => s.conferenceId === c.conferenceId)),
    list.reload,
  );
  const label = `${p.title} conferences of ${p.corpId}`;
  return (
    <section class="list" aria-label={label}>
      <h3>
        {p.title}{" "}
        <span class="count">{list.data ? `${shown.length}${list.data.nextToken ? "+" : ""}` : ""}</span>
      </h3>
      {list.error ? <Refusal error={list.error} /> : null}
      {list.data && shown.length === 0 ? <p class="empty">None.</p> : null}
      {shown.length ? <ConferenceTable rows={shown} ended={p.status === "ended"} /> : null}
      {list.data?.nextToken ? (
        <button type="button" class="quiet" onClick={() => setLimit(Math.min(limit + PAGE * 2, 200))}>
          Show more
        </button>
      ) : null}
    </section>
  );
}

function ConferenceTable({ rows, ended }: { rows: ConferenceSummary[]; ended: boolean }) {
  return (
    <div class="table-wrap">
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">{ended ? "Ended" : "Started"}</th>
            <th scope="col">Members</th>
            <th scope="col">In meeting</th>
            <th scope="col">Created by</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.conferenceId}>
              <th scope="row" data-label="Title">
                <a href={href.conference(c.conferenceId)}>{c.title}</a>
              </th>
              <td data-label={ended ? "Ended" : "Started"}>{fmtTime(ended ? c.endTime : c.startTime)}</td>
              <td data-label="Members">{c.memberCount}</td>
              <td data-label="In meeting">{c.onlineCount}</td>
              <td data-label="Created by">
                {c.creatorId} <small>via {c.creatorApp}</small>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
