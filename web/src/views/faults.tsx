import { useEffect, useState } from "preact/hooks";
import type { FaultSet } from "../../../src/client/types.js";
import { Refusal, useConsole, useLoad } from "../shared.js";

const EXAMPLE: FaultSet = {
  seed: 42,
  faults: [
    { operation: "Cohosts", status: 500, code: "systemError", message: "systemError:injected", count: 2 },
    { operation: "QueryConferenceMembers", delayMs: 300, probability: 0.5 },
  ],
};

/**
 * The active fault set with how often each fault fired (refreshed as requests are answered), and an
 * editor for the whole set: the server validates it and answers a bad one with paramsError, shown as is.
 */
export function FaultsPage() {
  const { client, live } = useConsole();
  const state = useLoad(() => client.getFaults(), []);
  useEffect(() => live.onRequest(() => state.reload()), [live]);
  const [text, setText] = useState("");
  const [outcome, setOutcome] = useState<{ ok?: string; error?: unknown }>();
  useEffect(() => {
    // Start the editor from the active set once it is known (and keep the user's edits after that).
    if (state.data && text === "")
      setText(JSON.stringify(state.data.faults.length ? strip(state.data) : EXAMPLE, null, 2));
  }, [state.data]);

  const apply = async () => {
    setOutcome(undefined);
    let parsed: FaultSet;
    try {
      parsed = JSON.parse(text) as FaultSet;
    } catch (e) {
      return setOutcome({ error: new Error(`not JSON: ${(e as Error).message}`) });
    }
    try {
      await client.setFaults(parsed);
      setOutcome({ ok: "Fault set applied" });
      state.reload();
    } catch (error) {
      setOutcome({ error });
    }
  };
  const clear = async () => {
    try {
      await client.clearFaults();
      setOutcome({ ok: "Faults cleared" });
      state.reload();
    } catch (error) {
      setOutcome({ error });
    }
  };

  const faults = state.data?.faults ?? [];
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Faults</h1>
      {state.error ? <Refusal error={state.error} /> : null}
      <h2>Active</h2>
      {faults.length === 0 ? <p class="empty">No faults: every call runs normally.</p> : null}
      {faults.length ? (
        <div class="table-wrap">
          <table class="stack" aria-label="Active faults">
            <thead>
              <tr>
                <th scope="col">Operation</th>
                <th scope="col">Answer</th>
                <th scope="col">Delay</th>
                <th scope="col">Count</th>
                <th scope="col">Probability</th>
                <th scope="col">Fired</th>
              </tr>
            </thead>
            <tbody>
              {faults.map((f, i) => (
                <tr key={i}>
                  <th scope="row" data-label="Operation">
                    {f.operation}
                  </th>
                  <td data-label="Answer">
                    {f.status || f.code ? `${f.status ?? ""} ${f.code ?? ""}` : "normal"}
                  </td>
                  <td data-label="Delay">{f.delayMs ? `${f.delayMs} ms` : ""}</td>
                  <td data-label="Count">{f.count ?? "∞"}</td>
                  <td data-label="Probability">{f.probability ?? 1}</td>
                  <td data-label="Fired">{f.fired ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <h2>
        <label for="fault-editor">Edit the fault set (JSON)</label>
      </h2>
      <textarea
        id="fault-editor"
        rows={12}
        spellcheck={false}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <div class="toolbar">
        <button type="button" onClick={apply}>
          Apply
        </button>
        <button type="button" class="quiet" onClick={() => setText(JSON.stringify(EXAMPLE, null, 2))}>
          Example
        </button>
        <button type="button" class="danger" onClick={clear}>
          Clear all faults
        </button>
      </div>
      {outcome?.error ? <Refusal error={outcome.error} label="Refused" /> : null}
      {outcome?.ok ? (
        <p class="outcome ok" role="status">
          {outcome.ok}
        </p>
      ) : null}
    </section>
  );
}

/** The set without the server's counters, ready to edit and send back. */
function strip(state: { seed?: number; faults: Record<string, unknown>[] }): FaultSet {
  const faults = state.faults.map(({ fired: _f, ...f }) => f) as FaultSet["faults"];
  return state.seed === undefined ? { faults } : { seed: state.seed, faults };
}
