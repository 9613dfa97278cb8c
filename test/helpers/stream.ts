import { createRequire } from "node:module";
import WebSocket from "ws";

const require = createRequire(import.meta.url);

/** An EVENT frame as a Stream client receives it. */
export interface Received {
  headers: Record<string, string>;
  data: string;
  /** `JSON.parse(data)`. */
  body: Record<string, unknown>;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` every 10 ms until it holds, failing after `ms` (a hang guard, not a speed assertion). */
export async function until(cond: () => boolean, ms = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * DingTalk's own Node Stream client (npm `dingtalk-stream`, CommonJS build) pointed at vconf: it reads
 * `constants.GATEWAY_URL` when it connects, so that is set first (the README's recipe).
 */
export async function officialStreamClient(url: string, clientId: string, clientSecret: string) {
  const constants = require("dingtalk-stream/constants") as { GATEWAY_URL: string };
  constants.GATEWAY_URL = `${url}/v1.0/gateway/connections/open`;
  const { DWClient, EventAck } = require("dingtalk-stream") as typeof import("dingtalk-stream");
  const client = new DWClient({ clientId, clientSecret });
  const received: Received[] = [];
  client.registerAllEventListener((msg: { headers: Record<string, string>; data: string }) => {
    received.push({ headers: msg.headers, data: msg.data, body: JSON.parse(msg.data) });
    return { status: EventAck.SUCCESS };
  });
  const info = console.info;
  console.info = () => {}; // the SDK prints "connect success" on every connection
  try {
    await client.connect();
    await until(() => client.connected, 10_000, "the official client to connect");
  } finally {
    console.info = info;
  }
  return {
    client,
    received,
    close: () => {
      console.info = () => {};
      client.disconnect();
      console.info = info;
    },
  };
}

export type AckPolicy = (frame: Received, n: number) => "SUCCESS" | "LATER" | "none";

/**
 * A Stream client written on `ws` for what the official one cannot be told to do: answer LATER, not
 * answer at all, drop the connection. Speaks the protocol of dingtalk-events.md §1.
 */
export async function rawStreamClient(
  url: string,
  clientId: string,
  clientSecret: string,
  ack: AckPolicy = () => "SUCCESS",
) {
  const res = await fetch(`${url}/v1.0/gateway/connections/open`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({
      clientId,
      clientSecret,
      ua: "vconf-test/1",
      subscriptions: [{ type: "EVENT", topic: "*" }],
    }),
  });
  const opened = (await res.json()) as { endpoint: string; ticket: string };
  if (res.status !== 200) throw new Error(`open failed: ${res.status} ${JSON.stringify(opened)}`);
  const ws = new WebSocket(`${opened.endpoint}?ticket=${opened.ticket}`);
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  const received: Received[] = [];
  const system: { headers: Record<string, string>; data: string }[] = [];
  ws.on("message", (raw) => {
    const frame = JSON.parse(raw.toString());
    if (frame.type === "SYSTEM") {
      system.push(frame);
      if (frame.headers.topic === "ping") {
        ws.send(JSON.stringify({ code: 200, headers: frame.headers, message: "OK", data: frame.data }));
      }
      return;
    }
    const r: Received = { headers: frame.headers, data: frame.data, body: JSON.parse(frame.data) };
    received.push(r);
    const answer = ack(r, received.length);
    if (answer === "none") return;
    ws.send(
      JSON.stringify({
        code: 200,
        headers: { contentType: "application/json", messageId: r.headers.messageId },
        message: "OK",
        data: JSON.stringify({ status: answer, message: answer === "LATER" ? "busy" : "ok" }),
      }),
    );
  });
  const closed = new Promise<void>((resolve) => ws.once("close", () => resolve()));
  return {
    ws,
    received,
    system,
    ticket: opened.ticket,
    endpoint: opened.endpoint,
    closed,
    close: async () => {
      ws.terminate();
      await closed;
    },
  };
}

/** The events of `frames` as `[eventType, changeScene, statusSeqNum]`. */
export const summary = (frames: Received[]) =>
  frames.map((f) => [f.headers.eventType, f.body.changeScene, f.body.statusSeqNum]);
