import type { Clock } from "../domain/clock.js";
import { open, seal } from "./crypto.js";
import type { SendDone, Transport } from "./delivery.js";
import type { DeliveryUnit } from "./events-tx.js";
import { httpPlaintext } from "./payloads.js";
import type { ClaimedDelivery } from "./types.js";

/** The reply deadline (DingTalk's newer guide: 2.5 s). */
export const HTTP_REPLY_MS = 2500;
/** Replies are read up to this size; a receiver has no reason to send more than the sealed `success`. */
const MAX_REPLY = 64 * 1024;

export interface CallbackTarget {
  url: string;
  token: string;
  aesKey: string;
  ownerKey: string;
}

/**
 * One HTTP push (dingtalk-events.md §2): POST `{"encrypt"}` with `msg_signature`, `signature` (same
 * value), `timestamp` and `nonce` in the query; delivered only if the reply, within the deadline, is
 * HTTP 200 JSON whose `encrypt` decrypts (for our owner key) to `success` under a valid `msg_signature`.
 * A redirect is a failure (DingTalk refuses redirecting URLs). Resolves to undefined, or what went wrong.
 */
export async function push(
  target: CallbackTarget,
  plaintext: string,
  now: number,
  timeoutMs = HTTP_REPLY_MS,
): Promise<string | undefined> {
  const keys = { token: target.token, aesKey: target.aesKey, ownerKey: target.ownerKey };
  const sealed = seal(keys, plaintext, String(now));
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    return "the callback URL is not a URL";
  }
  url.searchParams.set("msg_signature", sealed.msg_signature);
  url.searchParams.set("signature", sealed.msg_signature);
  url.searchParams.set("timestamp", sealed.timeStamp);
  url.searchParams.set("nonce", sealed.nonce);
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ encrypt: sealed.encrypt }),
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await readLimited(res, MAX_REPLY);
  } catch (e) {
    const err = e as Error;
    return err.name === "TimeoutError" ? `no reply within ${timeoutMs} ms` : `request failed: ${err.message}`;
  }
  if (res.status !== 200) return `HTTP ${res.status}`;
  let reply: Record<string, unknown>;
  try {
    reply = JSON.parse(text);
  } catch {
    return "the reply is not JSON";
  }
  const fields = ["msg_signature", "timeStamp", "nonce", "encrypt"] as const;
  const missing = fields.find((f) => typeof reply?.[f] !== "string" && typeof reply?.[f] !== "number");
  if (missing) return `the reply has no ${missing}`;
  try {
    const msg = open(keys, {
      signature: String(reply.msg_signature),
      timeStamp: String(reply.timeStamp),
      nonce: String(reply.nonce),
      encrypt: String(reply.encrypt),
    });
    return msg === "success"
      ? undefined
      : `the reply decrypts to ${JSON.stringify(msg.slice(0, 40))}, not "success"`;
  } catch (e) {
    return `the reply does not check: ${(e as Error).message}`;
  }
}

async function readLimited(res: Response, max: number): Promise<string> {
  if (!res.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > max) throw new Error(`reply larger than ${max} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** HTTP push as a delivery transport: every instance can push to every registration. */
export class HttpPusher implements Transport {
  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs = HTTP_REPLY_MS,
  ) {}

  serves(unit: DeliveryUnit): boolean {
    return unit.kind === "http";
  }

  send(d: ClaimedDelivery, done: SendDone): boolean {
    if (!d.http) {
      done("the HTTP registration is gone");
      return true;
    }
    const plaintext = httpPlaintext({ ...d.event, corpId: d.corpId });
    push(d.http, plaintext, this.clock.now(), this.timeoutMs).then(done, (e) => done(String(e)));
    return true;
  }
}
