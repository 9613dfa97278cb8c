import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";

/** Random lowercase hex of `bytes` bytes. */
export const randomHex = (bytes: number) => randomBytes(bytes).toString("hex");

/** A string of `n` random decimal digits. */
export function randomDigits(n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String(randomInt(10));
  return s;
}

/** Salted SHA-256 of an app or suite secret, as stored: `<salt>:<hash>`. */
export function hashSecret(secret: string, salt = randomHex(16)): string {
  return `${salt}:${createHash("sha256").update(salt).update(secret).digest("hex")}`;
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
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * The internal-app token derived from the app secret and a stored nonce: asking again with the same secret
 * yields the same token (DingTalk's behaviour) while the database holds neither the token nor the secret.
 */
export const deriveAppToken = (secret: string, nonce: string) =>
  createHmac("sha256", secret).update(nonce).digest("hex").slice(0, 32);
