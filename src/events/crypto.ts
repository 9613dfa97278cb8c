import { createCipheriv, createDecipheriv, createHash, randomInt } from "node:crypto";

/**
 * DingTalk's callback crypto (dingtalk-events.md §2.2–2.4): AES-256-CBC without cipher padding over
 * `random(16) ‖ len(UInt32 BE) ‖ msg ‖ ownerKey`, padded to a multiple of 32 bytes (PKCS#7 style, n = 1..32),
 * key = base64(aesKey + "="), IV = key[0..16); signature = SHA-1 hex of the four strings sorted.
 * https://open.dingtalk.com/document/development/callback-event-message-body-encryption-and-decryption
 */

const BLOCK = 32;
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** An EncodingAESKey: exactly 43 letters or digits. */
export const AES_KEY = /^[a-zA-Z0-9]{43}$/;

/** The 32-byte AES key of an EncodingAESKey (decoded leniently: most keys are non-canonical base64). */
export function aesKeyBytes(aesKey: string): Buffer {
  if (!AES_KEY.test(aesKey)) throw new Error("aes_key must be 43 letters or digits");
  return Buffer.from(aesKey + "=", "base64");
}

/** `n` random ASCII letters and digits (the random prefix; nonces). */
export function randomAlnum(n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += ALNUM[randomInt(ALNUM.length)];
  return s;
}

/** `msg_signature`: lower-case hex SHA-1 of token, timestamp, nonce and encrypt, sorted and joined. */
export function signature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash("sha1").update([token, timestamp, nonce, encrypt].sort().join("")).digest("hex");
}

/** Encrypts `msg` for `ownerKey` (AppKey, corpId or suiteKey); `random` is 16 characters, drawn if absent. */
export function encrypt(aesKey: string, ownerKey: string, msg: string, random = randomAlnum(16)): string {
  const key = aesKeyBytes(aesKey);
  const body = Buffer.from(msg, "utf8");
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  const plain = Buffer.concat([Buffer.from(random, "utf8"), len, body, Buffer.from(ownerKey, "utf8")]);
  const n = BLOCK - (plain.length % BLOCK);
  const padded = Buffer.concat([plain, Buffer.alloc(n, n)]);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString("base64");
}

export interface Decrypted {
  random: string;
  msg: string;
  ownerKey: string;
}

/**
 * Decrypts an `encrypt` value. Tolerant where apps' helpers differ: base64 with line breaks, 16-byte
 * padding (any pad byte 1..32 is stripped). Throws on a malformed value.
 */
export function decrypt(aesKey: string, value: string): Decrypted {
  const key = aesKeyBytes(aesKey);
  const data = Buffer.from(value.replace(/\s+/g, ""), "base64");
  if (data.length === 0 || data.length % 16 !== 0) throw new Error("encrypt is not AES-CBC ciphertext");
  const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16)).setAutoPadding(false);
  let plain = Buffer.concat([decipher.update(data), decipher.final()]);
  const pad = plain[plain.length - 1];
  if (pad >= 1 && pad <= BLOCK && pad <= plain.length) plain = plain.subarray(0, plain.length - pad);
  if (plain.length < 20) throw new Error("decrypted message is too short");
  const len = plain.readUInt32BE(16);
  if (20 + len > plain.length) throw new Error("decrypted message length is out of range");
  return {
    random: plain.subarray(0, 16).toString("utf8"),
    msg: plain.subarray(20, 20 + len).toString("utf8"),
    ownerKey: plain.subarray(20 + len).toString("utf8"),
  };
}

/** The signed envelope of an encrypted message: the reply body, or a push's query plus body. */
export interface Sealed {
  msg_signature: string;
  timeStamp: string;
  nonce: string;
  encrypt: string;
}

/** Encrypts and signs `msg`, as a push or a reply (`timeStamp` in ms, an 8-character nonce). */
export function seal(
  keys: { token: string; aesKey: string; ownerKey: string },
  msg: string,
  timeStamp: string,
  nonce = randomAlnum(8),
): Sealed {
  const enc = encrypt(keys.aesKey, keys.ownerKey, msg);
  return { msg_signature: signature(keys.token, timeStamp, nonce, enc), timeStamp, nonce, encrypt: enc };
}

/**
 * Checks a signed envelope and returns its plaintext; throws naming the first problem (signature,
 * decryption, owner key). Signs the exact strings received (apps send seconds or ms, nonces of any length).
 */
export function open(
  keys: { token: string; aesKey: string; ownerKey: string },
  sealed: { signature: string; timeStamp: string; nonce: string; encrypt: string },
): string {
  const expected = signature(keys.token, sealed.timeStamp, sealed.nonce, sealed.encrypt);
  if (expected !== sealed.signature) throw new Error("signature does not match");
  const d = decrypt(keys.aesKey, sealed.encrypt);
  if (d.ownerKey !== keys.ownerKey) throw new Error(`owner key ${JSON.stringify(d.ownerKey)} is not ours`);
  return d.msg;
}
