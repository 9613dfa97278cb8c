import Value from "typebox/value";
import { readFileSync } from "node:fs";
import { assert } from "../errors.js";
import { SeedDocument } from "../schemas/emulator/seed.js";
import type { Tx } from "../store/store.js";
import type { Deps } from "../domain/deps.js";
import { SCOPE_READ, SCOPE_WRITE } from "../schemas/paths.js";
import { hashSecret, verifySecret } from "../domain/identity/secrets.js";
import { documentProblems, writeDocument } from "../events/subscriptions.js";
import type { ETx } from "../events/writer.js";

/** Problems with a seed document, each naming the field (`/orgs/0/users/1/unionId: must be string`). */
export function seedProblems(doc: unknown): string[] {
  const problems = [...Value.Errors(SeedDocument, doc)]
    .filter((e) => e.keyword !== "boolean")
    .map((e) => {
      const extra = (e.params as { additionalProperties?: string[] }).additionalProperties;
      return `${e.instancePath || "/"}: ${extra ? `unknown field ${extra.join(", ")}` : e.message}`;
    });
  if (problems.length) return problems;
  const seen = new Map<string, string>();
  const d = doc as SeedDocument;
  const corps = new Set((d.orgs ?? []).map((o) => o.corpId));
  for (const [i, org] of (d.orgs ?? []).entries()) {
    for (const [j, u] of (org.users ?? []).entries()) {
      const other = seen.get(u.unionId);
      if (other) problems.push(`/orgs/${i}/users/${j}/unionId: ${u.unionId} is already used in ${other}`);
      seen.set(u.unionId, org.corpId);
    }
  }
  for (const [i, org] of (d.orgs ?? []).entries()) {
    for (const [j, a] of (org.apps ?? []).entries()) {
      if (a.events) problems.push(...documentProblems(a.events, `/orgs/${i}/apps/${j}/events/`));
    }
  }
  for (const [i, s] of (d.suites ?? []).entries()) {
    if (s.events) problems.push(...documentProblems(s.events, `/suites/${i}/events/`));
    for (const [j, corp] of (s.authorizedCorps ?? []).entries()) {
      if (!corps.has(corp)) problems.push(`/suites/${i}/authorizedCorps/${j}: no org ${corp} in this seed`);
    }
  }
  return problems;
}

/** Reads and checks a seed file (JSON); throws an Error listing every problem. */
export function readSeedFile(path: string): SeedDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`seed file ${path}: ${(e as Error).message}`);
  }
  const problems = seedProblems(doc);
  if (problems.length) throw new Error(`seed file ${path}:\n` + problems.map((p) => "  - " + p).join("\n"));
  return doc as SeedDocument;
}

/** Keeps a stored secret hash when the secret is unchanged, so applying a seed twice changes nothing. */
const keepHash = (secret: string, stored: string | undefined) =>
  stored && verifySecret(secret, stored) ? stored : hashSecret(secret);

async function applySeedTx(tx: Tx, doc: SeedDocument): Promise<void> {
  for (const org of doc.orgs ?? []) {
    await tx.putOrg({ corpId: org.corpId, name: org.name });
    for (const u of org.users ?? []) {
      const existing = await tx.getUser(u.unionId);
      assert(
        !existing || existing.corpId === org.corpId,
        "paramsError",
        `unionId ${u.unionId} already belongs to ${existing?.corpId}`,
      );
      await tx.putUser({ ...u, corpId: org.corpId });
    }
    for (const a of org.apps ?? []) {
      const existing = await tx.getApp(a.appKey);
      await tx.putApp({
        appKey: a.appKey,
        corpId: org.corpId,
        secretHash: keepHash(a.appSecret, existing?.secretHash),
        scopes: a.scopes,
        tokenNonce: existing?.tokenNonce ?? null,
        tokenExpiresAt: existing?.tokenExpiresAt ?? 0,
      });
      // Given: the app's whole event document (as PUT …/apps/{appKey}/events); absent: left as it is.
      if (a.events) await writeDocument(tx as ETx, "app", a.appKey, a.events, Date.now());
    }
  }
  for (const s of doc.suites ?? []) {
    const existing = await tx.getSuite(s.suiteKey);
    await tx.putSuite({
      suiteKey: s.suiteKey,
      secretHash: keepHash(s.suiteSecret, existing?.secretHash),
      ticketHash: keepHash(s.suiteTicket, existing?.ticketHash),
      scopes: s.scopes,
    });
    for (const corp of s.authorizedCorps ?? []) {
      assert(await tx.getOrg(corp), "paramsError", `suite ${s.suiteKey}: no org ${corp}`);
      await tx.authorizeSuite(s.suiteKey, corp);
    }
    if (s.events) await writeDocument(tx as ETx, "suite", s.suiteKey, s.events, Date.now());
  }
}

/** Applies a checked seed document in one transaction; applying it twice changes nothing. */
export async function applySeed(deps: Deps, doc: SeedDocument): Promise<void> {
  await deps.store.transaction((tx) => applySeedTx(tx, doc));
}

/** `POST /_vconf/v1/seed`: checks the document (every problem named, nothing applied), then applies it. */
export async function seed(deps: Deps, doc: unknown) {
  const problems = seedProblems(doc);
  assert(problems.length === 0, "paramsError", problems.join("; "));
  await applySeed(deps, doc as SeedDocument);
  return { success: true };
}

/** The demo org seeded into an empty store, so `npm start` gives working credentials at once. */
export const DEMO_SEED: SeedDocument = {
  orgs: [
    {
      corpId: "dingdemocorp",
      name: "Demo Org",
      users: [
        { unionId: "union-alice", userId: "alice", name: "Alice" },
        { unionId: "union-bob", userId: "bob", name: "Bob" },
        { unionId: "union-carol", userId: "carol", name: "Carol" },
        { unionId: "union-dave", userId: "dave", name: "Dave" },
      ],
      apps: [{ appKey: "dingdemoapp", appSecret: "demo-secret", scopes: [SCOPE_WRITE, SCOPE_READ] }],
    },
  ],
};

/** Seeds the demo org when the store has no org at all; returns whether it did. */
export async function seedDemoIfEmpty(deps: Deps): Promise<boolean> {
  return deps.store.transaction(async (tx) => {
    if ((await tx.listOrgs()).length > 0) return false;
    await applySeedTx(tx, DEMO_SEED);
    return true;
  });
}
