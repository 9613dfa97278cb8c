import type { VconfClient } from "../../src/client/client.js";

/** Who DingTalk calls act as: an internal app of the org, or the suite that created the meeting. */
export interface Actor {
  kind: "app" | "suite";
  key: string;
  corpId: string;
}

const tokens = new Map<string, { token: string; until: number }>();

/**
 * A client carrying `actor`'s access token, issued by the control plane (`POST /_vconf/v1/tokens`, no
 * secret needed) and kept until shortly before it expires, so host controls go through the DingTalk API
 * with the same rules, scopes and refusals as any app's calls.
 */
export async function actingClient(admin: VconfClient, actor: Actor): Promise<VconfClient> {
  const id = `${actor.kind}:${actor.key}:${actor.corpId}`;
  const cached = tokens.get(id);
  if (cached && cached.until > Date.now()) return admin.withAccessToken(cached.token);
  const issued = await admin.issueToken(
    actor.kind === "app" ? { appKey: actor.key } : { suiteKey: actor.key, corpId: actor.corpId },
  );
  tokens.set(id, { token: issued.accessToken, until: Date.now() + (issued.expireIn - 60) * 1000 });
  return admin.withAccessToken(issued.accessToken);
}

/** Forgets a token the server no longer accepts (app deleted, secret rotated with revoke, reset). */
export function forgetToken(actor: Actor) {
  tokens.delete(`${actor.kind}:${actor.key}:${actor.corpId}`);
}
