import { randomHex } from "../identity/secrets.js";

/**
 * A new conference id: 24 lowercase hex digits, as before, but the first 12 are the creation time in
 * milliseconds (real time, not the emulated clock) and only the last 12 are random. Every per-conference
 * index (the conference, its members, its change log, its event sequence) is keyed by this id: random ids
 * put each new conference on a random page of every one of them, so a create dirtied about ten distinct
 * pages and its COMMIT wrote them all to the WAL; ids that grow with time append to the same few pages.
 * 48 random bits still make ids unguessable in practice, and access is checked by org, not by secrecy.
 */
export function newConferenceId(now = Date.now()): string {
  const time = Math.max(0, Math.floor(now)) % 2 ** 48;
  return time.toString(16).padStart(12, "0") + randomHex(6);
}
