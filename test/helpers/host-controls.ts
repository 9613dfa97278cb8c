import assert from "node:assert/strict";
import type { App } from "../../src/http/types.js";
import {
  api,
  buildTestApp,
  CONF,
  control,
  createConference,
  expectOk,
  tokenFor,
  type TestContext,
} from "./app.js";

/** Inject calls for the host controls and their reads. */
export function hc(app: App, token: string) {
  const a = api(app, token);
  const post = (id: string, path: string, body: unknown) => a.call("POST", `${CONF}/${id}/${path}`, body);
  return {
    mute: (id: string, body: unknown) => post(id, "members/mute", body),
    muteOne: (id: string, action: string, unionId: string) =>
      post(id, "members/mute", { action, userList: [{ unionId }] }),
    muteAll: (id: string, body: unknown) => post(id, "allMembers/mute", body),
    kick: (id: string, body: unknown) => post(id, "members/kick", body),
    focus: (id: string, body: unknown) => post(id, "focus", body),
    lock: (id: string, body: unknown) => post(id, "lock", body),
    invite: (id: string, body: unknown) => post(id, "users/invite", body),
    settings: (id: string, body: unknown) => a.call("PUT", `${CONF}/${id}`, body),
    batch: (body: unknown) => a.call("POST", `${CONF}/query`, body),
    ongoing: (query: string) => a.call("GET", `/v1.0/conference/users/lists${query}`),
    members: async (id: string) =>
      new Map(
        (expectOk(await a.members(id)).memberModels as Record<string, unknown>[]).map((m) => [
          m.unionId as string,
          m,
        ]),
      ),
  };
}

/** A conference's per-user media state from QueryConferenceInfoBatch, keyed by unionId. */
export async function mediaOf(app: App, token: string, id: string) {
  const body = expectOk(await hc(app, token).batch({ conferenceIdList: [id] }));
  assert.equal(body.infos.length, 1);
  const info = body.infos[0];
  const users = new Map<string, { attendStatus: number; micStatus: number; cameraStatus: number }>(
    info.userList.map((u: { userId: string }) => [u.userId, u]),
  );
  return { mediaStatus: info.mediaStatus as number, users };
}

/** Everything observable about a conference: members, batch info, audit (for "changed nothing"). */
export async function observe(app: App, token: string, id: string) {
  const a = api(app, token);
  return {
    members: expectOk(await a.members(id)),
    info: expectOk(await a.info(id)),
    batch: expectOk(await hc(app, token).batch({ conferenceIdList: [id] })),
    audit: expectOk(await control(app).audit(id)),
  };
}

/** Asserts that `fn` (a rejected request) left the conference exactly as it was. */
export async function unchangedBy(app: App, token: string, id: string, fn: () => Promise<unknown>) {
  const before = await observe(app, token, id);
  await fn();
  assert.deepEqual(await observe(app, token, id), before);
}

export interface Meeting extends TestContext {
  token: string;
  id: string;
  h: ReturnType<typeof hc>;
  c: ReturnType<typeof control>;
}

/**
 * A fresh app with a conference organized by alice (host) where `present` have joined (alice first when
 * listed) and `invite` are invited.
 */
export async function meeting(present: string[] = [], invite: string[] = []): Promise<Meeting> {
  const ctx = await buildTestApp();
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token, invite);
  const c = control(ctx.app);
  for (const u of present) expectOk(await c.join(id, u));
  return { ...ctx, token, id, h: hc(ctx.app, token), c };
}

/** The audit entries' [operation, target] pairs from `fromSeq` on. */
export async function auditOps(app: App, id: string, fromSeq = 0) {
  const entries = expectOk(await control(app).audit(id)).entries as {
    seq: number;
    operation: string;
    target: string;
  }[];
  return entries.filter((e) => e.seq > fromSeq).map((e) => [e.operation, e.target]);
}

/** The last seq in a conference's audit. */
export async function lastSeq(app: App, id: string) {
  const entries = expectOk(await control(app).audit(id)).entries as { seq: number }[];
  return entries.length ? entries[entries.length - 1].seq : 0;
}
