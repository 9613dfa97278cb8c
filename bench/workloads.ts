/** The request files the bench replays (bench/requests.lua): one line per request, in replay order. */
import { BASE } from "../src/schemas/paths.js";
import { writeRequests } from "./proc.js";
import { APP_KEY, APP_SECRET, userId } from "./setup.js";

/** Co-host targets per conference: with the cap at 500 an add pass can never hit the cap. */
export const TARGETS = 400;

type Line = [string, string, string, unknown];

/**
 * Co-host changes of one user per call over all conferences: every (conference, user) item added, then
 * every one removed, round and round. The items repeat: conference and user both follow k (a stride
 * prime to the conference count, k mod 400), so 20 000 items over 1 000 conferences hold 2 000 distinct
 * pairs and 9 of 10 calls find the change already made (a write transaction that writes nothing). Kept
 * as it is so the row compares with every earlier figure; `distinctCohostRequests` changes on every call.
 */
export function cohostRequests(file: string, confs: string[], tokens: string[], items = 20_000) {
  const n = Math.min(items, confs.length * TARGETS);
  const list: [string, string[]][] = [];
  for (let k = 0; k < n; k++) list.push([confs[(k * 7919 + 13) % confs.length], [userId(1 + (k % TARGETS))]]);
  return cohostLines(file, list, tokens);
}

/**
 * Co-host changes of `perCall` users per call over `confs` (the busy ones): every item distinct, so every
 * add and every remove changes something; conferences take turns, each walking through its users.
 */
export function distinctCohostRequests(file: string, confs: string[], tokens: string[], perCall: number) {
  const perConf = Math.floor(TARGETS / perCall);
  const list: [string, string[]][] = [];
  for (let k = 0; k < confs.length * perConf; k++) {
    const first = 1 + Math.floor(k / confs.length) * perCall;
    list.push([confs[k % confs.length], Array.from({ length: perCall }, (_, j) => userId(first + j))]);
  }
  return cohostLines(file, list, tokens);
}

function cohostLines(file: string, list: [string, string[]][], tokens: string[]) {
  const lines = (["add", "remove"] as const).flatMap((action) =>
    list.map(([conf, users], k): Line => [
      "POST",
      `${BASE}/${conf}/coHosts/set`,
      tokens[k % tokens.length],
      { action, userList: users.map((unionId) => ({ unionId })) },
    ]),
  );
  return writeRequests(file, lines);
}

/** One page of 500 members of each of `ids`, with every token. */
export function membersRequests(file: string, ids: string[], tokens: string[]) {
  return writeRequests(
    file,
    ids.flatMap((id) =>
      tokens.map((tok): Line => ["GET", `${BASE}/${id}/members?maxResults=500`, tok, undefined]),
    ),
  );
}

export function tokenRequests(file: string) {
  return writeRequests(file, [
    ["POST", "/v1.0/oauth2/accessToken", "", { appKey: APP_KEY, appSecret: APP_SECRET }],
  ]);
}

export function createRequests(file: string, tokens: string[]) {
  return writeRequests(
    file,
    tokens.map((tok): Line => [
      "POST",
      BASE,
      tok,
      { userId: userId(0), confTitle: "bench", inviteUserIds: [userId(1), userId(2)] },
    ]),
  );
}
