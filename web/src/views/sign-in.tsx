import { useState } from "preact/hooks";
import { adminClient } from "../session.js";
import { Refusal } from "../shared.js";

/** Checks the key with a harmless control-plane read before keeping it. */
export function SignIn({ onSignedIn }: { onSignedIn: (key: string) => void }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await adminClient(key).listOrgs();
      onSignedIn(key);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="sign-in">
      <h1>vconf console</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <label for="admin-key">Admin key</label>
        <input
          id="admin-key"
          type="password"
          autoComplete="current-password"
          required
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
        />
        <p class="hint">
          Printed by <code>vconf serve</code> at start, or your <code>VCONF_ADMIN_KEY</code>. Kept for this
          tab only.
        </p>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        {error ? <Refusal error={error} /> : null}
      </form>
    </main>
  );
}
