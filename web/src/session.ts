import { VconfClient } from "../../src/client/client.js";
import { VconfApiError } from "../../src/client/errors.js";

export { VconfApiError };

const KEY = "vconf.adminKey";

/** The admin key lives in sessionStorage: gone with the tab, never in a URL or a cookie. */
export const session = {
  key: (): string | null => sessionStorage.getItem(KEY),
  signIn: (key: string) => sessionStorage.setItem(KEY, key),
  signOut: () => sessionStorage.removeItem(KEY),
};

/** The typed client the CLI and test suites use, against this server, with the admin key. */
export function adminClient(adminKey: string): VconfClient {
  return new VconfClient({ url: location.origin, adminKey });
}

/** A refusal as the console shows it: DingTalk's code first, then the message and the HTTP status. */
export function describeError(e: unknown): { code: string; text: string } {
  if (e instanceof VconfApiError)
    return { code: e.code, text: `${e.message} (HTTP ${e.status}${e.requestid ? `, ${e.requestid}` : ""})` };
  // fetch rejects with a TypeError when the server cannot be reached; anything else is the console's own.
  const code = e instanceof TypeError ? "NetworkError" : "ConsoleError";
  return { code, text: e instanceof Error ? e.message : String(e) };
}
