import * as crypto from "node:crypto";
import { createHash, createHmac, randomFillSync, timingSafeEqual } from "node:crypto";

/**
 * SHA-256 of a string's UTF-8 bytes as hex. Node's one-shot `crypto.hash` (20.12+) where there is one:
 * every authenticated request hashes its token, and the one-shot form costs a fraction of a Hash object.
 */
const sha256Hex: (data: string) => string =
  typeof (crypto as { hash?: unknown }).hash === "function"
    ? (data) => (crypto as unknown as { hash(alg: string, data: string): string }).hash("sha256", data)
    : (data) => createHash("sha256").update(data).digest("hex");

/**
 * Random bytes drawn from the CSPRNG 4 KiB at a time and each handed out once, for every id, digit string
 * and nonce: one `randomFillSync` per 4 KiB instead of a `randomBytes` call per value (event ids, two per
 * event, were the first to need it).
 */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

/** Reserves `n` (≤ 4096) unused pool bytes; returns where they start. */
function take(n: number): number {
  if (n > pool.length) throw new RangeError(`at most ${pool.length} random bytes at a time`);
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += n;
  return poolAt - n;
}

/** Random lowercase hex of `bytes` bytes. */
export function randomHex(bytes: number): string {
  const at = take(bytes);
  return pool.toString("hex", at, at + bytes);
}

/** A string of `n` random decimal digits. */
export function randomDigits(n: number): string {
  // Bytes under 250 map evenly onto 0-9; the rest are drawn again.
  let s = "";
  while (s.length < n) {
    const b = pool[take(1)];
    if (b < 250) s += String(b % 10);
  }
  return s;
}

/** Salted SHA-256 of an app or suite secret, as stored: `<salt>:<hash>`. */
export function hashSecret(secret: string, salt = randomHex(16)): string {
  return `${salt}:${sha256Hex(salt + secret)}`;
}

/** Constant-time comparison of `secret` with a stored `hashSecret` value. */
export function verifySecret(secret: string, stored: string): boolean {
  const [salt] = stored.split(":");
  const a = Buffer.from(hashSecret(secret, salt));
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Tokens are stored only as this hash: a copied database holds no usable token. Tokens carry 128 random
 * bits, so a plain SHA-256 suffices (no salt needed against guessing).
 */
export const hashToken = (token: string) => sha256Hex(token);

/**
 * The internal-app token derived from the app secret and a stored nonce: asking again with the same secret
 * yields the same token (DingTalk's behaviour) while the database holds neither the token nor the secret.
 */
export const deriveAppToken = (secret: string, nonce: string) =>
  createHmac("sha256", secret).update(nonce).digest("hex").slice(0, 32);
