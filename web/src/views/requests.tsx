import { useEffect, useState } from "preact/hooks";
import type { RequestEntry } from "../../../src/client/types.js";
import { Refusal, useConsole } from "../shared.js";

/** Entries the tail keeps on screen (the server's journal holds VCONF_JOURNAL_SIZE). */
const KEEP = 300;

/** The console's own reads of the control plane: noise in the tail unless asked for. */
const isConsoleRead = (e: RequestEntry) => e.method === "GET" && e.path.startsWith("/_vconf/");

/** The request journal, newest first, extended live from the watch stream. */
export function RequestsPage() {
  const { client, live } = useConsole();
  const [entries, setEntries] = useState<RequestEntry[]>([]);
  const [error, setError] = useState<unknown>();
  const [paused, setPaused] = useState(false);
  const [hideReads, setHideReads] = useState(true);
  const [filter, setFilter] = useState("");

  useEffect(() => {
    let held: RequestEntry[] = [];
    let loaded = false;
    const add = (more: RequestEntry[]) =>
      setEntries((now) => {
        const seen = new Set(now.map((e) => e.requestid));
        return [...now, ...more.filter((e) => !seen.has(e.requestid))].slice(-KEEP);
      });
    // Subscribe first, then load: nothing answered in between is lost (duplicates are dropped).
    const off = live.onRequest((e) => (loaded ? add([e]) : held.push(e)));
    client.requests({ limit: 100 }).then((r) => {
      setEntries(r.entries.slice(-KEEP));
      add(held);
      held = [];
      loaded = true;
    }, setError);
    return off;
  }, [client, live]);

  const [frozen, setFrozen] = useState<RequestEntry[] | null>(null);
  const source = paused ? (frozen ?? entries) : entries;
  const needle = filter.trim().toLowerCase();
  const shown = source
    .filter((e) => !(hideReads && isConsoleRead(e)))
    .filter(
      (e) =>
        !needle ||
        `${e.operation} ${e.status} ${e.code ?? ""} ${e.app ?? ""} ${e.path}`.toLowerCase().includes(needle),
    )
    .reverse();

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Requests</h1>
      <div class="toolbar">
        <button
          type="button"
          aria-pressed={paused}
          onClick={() => {
            setFrozen(paused ? null : entries);
            setPaused(!paused);
          }}
        >
          {paused ? "Resume" : "Pause"}
        </button>
        <label class="check">
          <input
            type="checkbox"
            checked={hideReads}
            onChange={(e) => setHideReads(e.currentTarget.checked)}
          />{" "}
          Hide control-plane reads
        </label>
        <label>
          Filter <input type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
        </label>
        <button
          type="button"
          class="quiet"
          onClick={() => client.clearRequests().then(() => setEntries([]), setError)}
        >
          Empty the journal
        </button>
      </div>
      {error ? <Refusal error={error} /> : null}
      <div class="table-wrap">
        <table class="requests stack" aria-label="Request journal, newest first">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Status</th>
              <th scope="col">Operation</th>
              <th scope="col">Path</th>
              <th scope="col">App</th>
              <th scope="col">Latency</th>
              <th scope="col">Instance</th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr key={e.requestid} class={e.status >= 400 ? "failed" : undefined}>
                <td data-label="Time">
                  {e.time ? new Date(e.time).toLocaleTimeString([], { hour12: false }) : ""}
                </td>
                <td data-label="Status">{e.status}</td>
                <td data-label="Operation">{e.operation}</td>
                <td data-label="Path">
                  <code>
                    {e.method} {e.path}
                  </code>
                </td>
                <td data-label="App">{e.app ?? ""}</td>
                <td data-label="Latency">{String(e.latencyMs ?? "")} ms</td>
                <td data-label="Instance">
                  <code>{e.instance ?? ""}</code>
                </td>
                <td data-label="Error">{e.code ? <code class="code">{e.code}</code> : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length === 0 ? <p class="empty">No requests to show.</p> : null}
    </section>
  );
}
