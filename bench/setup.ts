/**
 * The benchmark's data, loaded straight through the store API (a few large transactions, no HTTP): one
 * org with users and an app, `conferences` conferences (each with its host as a member), `big` of them with
 * `bigSize` members, and long-lived access tokens.
 */
import { newMember } from "../src/domain/conferences/members.js";
import { hashToken } from "../src/domain/identity/secrets.js";
import { applySeed } from "../src/emulator/seed.js";
import { systemClock } from "../src/domain/clock.js";
import { SCOPE_READ, SCOPE_WRITE } from "../src/schemas/paths.js";
import type { ConferenceRow, Store, UserRow } from "../src/store/store.js";

export const CORP = "dingbenchcorp";
export const APP_KEY = "bench-app";
export const APP_SECRET = "bench-secret";

export interface LoadOptions {
  conferences: number;
  big: number;
  bigSize: number;
  users: number;
  tokens: number;
}

export interface Loaded {
  conferenceIds: string[];
  bigIds: string[];
  users: string[];
  tokens: string[];
}

export const userId = (i: number) => `union-b${i}`;
export const conferenceId = (i: number) => i.toString(16).padStart(24, "0");

export function conferenceRow(id: string, host: string, now: number): ConferenceRow {
  return {
    conferenceId: id,
    corpId: CORP,
    title: "bench",
    creatorId: host,
    creatorApp: APP_KEY,
    conferencePassword: "0000000000",
    hostPassword: "0000000000",
    roomCode: "000000000",
    externalLinkUrl: "https://vconf.local/j/000000000",
    phoneNumbers: [],
    status: 2,
    startTime: now,
    endTime: null,
    inviteCaller: false,
    locked: false,
    muteAll: false,
    forceMute: false,
    onlyInternal: false,
    autoTransferHost: false,
    forbiddenShareScreen: false,
    focusUnionId: null,
    scheduleConferenceId: "",
    extensionAppSettings: [],
  };
}

/** Loads the org, users, app and tokens (`seedBase`) and then conferences, in chunks of `CHUNK` rows. */
export async function seedBase(store: Store, o: Pick<LoadOptions, "users" | "tokens">) {
  const users = Array.from({ length: o.users }, (_, i) => userId(i));
  await applySeed(
    { store, clock: systemClock, maxCoHosts: 500, maxMembers: 1000 },
    {
      orgs: [
        {
          corpId: CORP,
          name: "Bench Org",
          users: users.map((u, i) => ({ unionId: u, userId: `b${i}`, name: `User ${i}` })),
          apps: [
            { appKey: APP_KEY, appSecret: APP_SECRET, scopes: [SCOPE_WRITE, SCOPE_READ] },
            // Listens to events only (bench/events.ts): a subscriber that did not create the meetings.
            { appKey: "bench-listener", appSecret: "bench-listener-secret", scopes: [SCOPE_READ] },
          ],
        },
      ],
    },
  );
  const tokens = Array.from({ length: o.tokens }, (_, i) => `benchtoken${String(i).padStart(22, "0")}`);
  await store.transaction(async (tx) => {
    await tx.reset(CORP);
    for (const t of tokens) {
      await tx.putToken({
        tokenHash: hashToken(t),
        corpId: CORP,
        clientKey: APP_KEY,
        kind: "app",
        scopes: [SCOPE_WRITE, SCOPE_READ],
        expiresAt: Date.now() + 24 * 3600_000,
      });
    }
  });
  return { users, tokens };
}

const CHUNK = 20_000;

/** Adds conferences `from`..`to`-1, each hosted by user 0. */
export async function loadConferences(store: Store, from: number, to: number): Promise<string[]> {
  const ids: string[] = [];
  const now = Date.now();
  const host: UserRow = { unionId: userId(0), corpId: CORP, userId: "b0", name: "User 0" };
  for (let start = from; start < to; start += CHUNK) {
    await store.transaction(async (tx) => {
      for (let i = start; i < Math.min(to, start + CHUNK); i++) {
        const conf = conferenceRow(conferenceId(i), host.unionId, now);
        await tx.insertConference(conf);
        await tx.putMember(newMember(conf, host, { host: true }));
        ids.push(conf.conferenceId);
      }
    });
  }
  return ids;
}

/** Invites users 1..`size`-1 into each of `ids` (the host is member 0): `size` members each. */
export async function loadMembers(store: Store, ids: string[], size: number): Promise<void> {
  const now = Date.now();
  const perTx = Math.max(1, Math.floor(CHUNK / size));
  for (let start = 0; start < ids.length; start += perTx) {
    await store.transaction(async (tx) => {
      for (const id of ids.slice(start, start + perTx)) {
        const conf = conferenceRow(id, userId(0), now);
        for (let u = 1; u < size; u++) {
          const user: UserRow = { unionId: userId(u), corpId: CORP, userId: `b${u}`, name: `User ${u}` };
          await tx.putMember(newMember(conf, user));
        }
      }
    });
  }
}

/** Everything at once: base, conferences, and `big` of them (spread evenly) with `bigSize` members. */
export async function loadAll(store: Store, o: LoadOptions): Promise<Loaded> {
  const { users, tokens } = await seedBase(store, o);
  const conferenceIds = await loadConferences(store, 0, o.conferences);
  const step = Math.max(1, Math.floor(o.conferences / Math.max(1, o.big)));
  const bigIds = conferenceIds.filter((_, i) => i % step === 0).slice(0, o.big);
  await loadMembers(store, bigIds, o.bigSize);
  return { conferenceIds, bigIds, users, tokens };
}
