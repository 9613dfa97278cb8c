import { randomBytes } from "node:crypto";
import { assert } from "../../errors.js";
import type { AutoLoginBody } from "../../schemas/meeting-extras.js";
import type { Caller, Deps } from "../deps.js";

const isHttpUrl = (s: string) => {
  try {
    const u = new URL(s);
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
};

/**
 * `POST …/videoConferences/createAutoLoginUrl` (CreateAutoLoginUrl, newest SDKs only): a link that opens
 * `meetingUrl` logged in as `unionId`. vconf serves no login pages, so the link is a placeholder on
 * vconf's host (like `externalLinkUrl`), new on every call; nothing is stored.
 */
export async function createAutoLoginUrl(deps: Deps, caller: Caller, body: AutoLoginBody) {
  assert(isHttpUrl(body.meetingUrl), "paramsError", "meetingUrl must be an http or https URL");
  return deps.store.transaction(
    async (tx) => {
      const user = await tx.getUser(body.unionId);
      assert(user, "unknownUserError");
      assert(user.corpId === caller.corpId, "permissionError", "user is not in this organization");
      const ticket = randomBytes(16).toString("hex");
      const loginUrl = `https://vconf.local/autologin/${ticket}?redirect=${encodeURIComponent(body.meetingUrl)}`;
      return { loginInfo: { loginUrl }, success: true };
    },
    { readOnly: true },
  );
}
