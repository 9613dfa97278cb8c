import type { AuditEntry } from "../../../src/client/types.js";
import { fmtTime, Refusal } from "../shared.js";

/** `coHost: false → true, micStatus: 2 → 1`: only what changed. */
function delta(before: unknown, after: unknown): string {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  if (before === null) return "added";
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]),
  );
  return keys.map((k) => `${k}: ${JSON.stringify(b[k])} → ${JSON.stringify(a[k])}`).join(", ");
}

/** The newest this many changes are shown (a long meeting has thousands). */
const MAX_SHOWN = 200;

/** The conference's change log, newest first (the server keeps it oldest first). */
export function AuditTrail({ entries, error }: { entries?: AuditEntry[]; error?: unknown }) {
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit trail</h2>
      {error ? <Refusal error={error} /> : null}
      <div class="table-wrap">
        <table class="audit stack">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Time</th>
              <th scope="col">Operation</th>
              <th scope="col">By</th>
              <th scope="col">Target</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {[...(entries ?? [])]
              .slice(-MAX_SHOWN)
              .reverse()
              .map((e) => (
                <tr key={e.seq}>
                  <td data-label="#">{e.seq}</td>
                  <td data-label="Time">{fmtTime(e.at)}</td>
                  <td data-label="Operation">{e.operation}</td>
                  <td data-label="By">{e.app}</td>
                  <td data-label="Target">{e.target}</td>
                  <td data-label="Change">{delta(e.before, e.after)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
