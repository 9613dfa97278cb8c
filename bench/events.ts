/**
 * The events rows of `npm run bench`: event lag (commit → DingTalk's own Stream client's handler) at a
 * sustained rate, and co-host throughput with a Stream and an HTTP subscriber connected against the same
 * row without subscribers, in the same run on the same server.
 */
import { writeFileSync } from "node:fs";
import { Agent, createServer, request, type Server as HttpServer } from "node:http";
import { fork } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { open, seal } from "../src/events/crypto.js";
import type { SubscriberRequest } from "./lag-subscriber.js";
import { APP_KEY, CORP } from "./setup.js";

const require = createRequire(import.meta.url);
const ADMIN = { "x-vconf-admin-key": "bench-admin-key", "content-type": "application/json" };
export const LISTENER = "bench-listener";
export const LISTENER_SECRET = "bench-listener-secret";

/** The seed part the events rows need: an app of the bench org that only listens. */
export const LISTENER_APP = {
  appKey: LISTENER,
  appSecret: LISTENER_SECRET,
  scopes: ["VideoConference.Conference.Read"],
};

interface Frame {
  headers: Record<string, string>;
}

/** DingTalk's Node Stream client on vconf; every handler call is timed against `eventBornTime`. */
export async function streamSubscriber(url: string, clientId = LISTENER, clientSecret = LISTENER_SECRET) {
  const constants = require("dingtalk-stream/constants") as { GATEWAY_URL: string };
  constants.GATEWAY_URL = `${url}/v1.0/gateway/connections/open`;
  const { DWClient, EventAck } = require("dingtalk-stream") as typeof import("dingtalk-stream");
  const client = new DWClient({ clientId, clientSecret });
  const lags: number[] = [];
  /** [eventBornTime, lag ms, eventId] of each event, in arrival order. */
  const samples: [number, number, string][] = [];
  const ids = new Set<string>();
  let received = 0;
  client.registerAllEventListener((msg: Frame) => {
    const born = Number(msg.headers.eventBornTime);
    lags.push(Date.now() - born);
    samples.push([born, Date.now() - born, msg.headers.eventId]);
    ids.add(msg.headers.eventId);
    received++;
    return { status: EventAck.SUCCESS };
  });
  const info = console.info;
  console.info = () => {};
  await client.connect();
  for (let i = 0; i < 500 && !client.connected; i++) await new Promise((r) => setTimeout(r, 10));
  console.info = info;
  return {
    lags,
    samples,
    ids,
    get received() {
      return received;
    },
    reset() {
      lags.length = 0;
      samples.length = 0;
      ids.clear();
      received = 0;
    },
    close() {
      console.info = () => {};
      client.disconnect();
      console.info = info;
    },
  };
}

/** An app's HTTP callback receiver answering the sealed "success" (vconf's crypto module, cross-checked in tests). */
export async function httpSubscriber(token: string, aesKey: string, ownerKey: string) {
  let received = 0;
  const server: HttpServer = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const q = new URL(req.url!, "http://x").searchParams;
      const keys = { token, aesKey, ownerKey };
      open(keys, {
        signature: q.get("msg_signature")!,
        timeStamp: q.get("timestamp")!,
        nonce: q.get("nonce")!,
        encrypt: JSON.parse(body).encrypt,
      });
      received++;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(seal(keys, "success", String(Date.now()))));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/cb`,
    get received() {
      return received;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export async function putEvents(url: string, appKey: string, doc: unknown) {
  const res = await fetch(`${url}/_vconf/v1/apps/${appKey}/events`, {
    method: "PUT",
    headers: ADMIN,
    body: JSON.stringify(doc),
  });
  if (res.status !== 200) throw new Error(`PUT events: ${res.status} ${await res.text()}`);
}

/** The server's unlabelled /metrics samples by name (what the lag row reads of it). */
export async function metrics(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return new Map([...text.matchAll(/^(\w+) (\S+)$/gm)].map((m) => [m[1], Number(m[2])]));
}

/** Pending deliveries on the server (every subscriber); 0 when it does not say. */
const backlog = async (url: string) => (await metrics(url)).get("vconf_event_backlog_deliveries") ?? 0;

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

export interface LagResult {
  rate: number;
  seconds: number;
  sent: number;
  events: number;
  /** This run's events the handler saw (duplicates included). */
  received: number;
  lost: number;
  duplicated: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Changes per second actually committed (the target is `rate`). */
  achieved: number;
  /** The API calls' own latency (they answer once the change is durable), for context. */
  apiP50Ms: number;
  apiP99Ms: number;
  /** Events born before the measured part (warm-up; earlier rows' deliveries, redelivered): not counted. */
  earlier: number;
  /** The Stream client's process: CPU time per event over the measured part (and its late arrivals). */
  subscriberCpuUs: number;
}

/**
 * Drives `rate` attendee joins/leaves per second (each one member event for the listener) through the
 * control plane, paced in 10 ms ticks: first `warmup` seconds that are not counted (the server's and the
 * client's JIT settle on the event paths, as wrk's warm-up does for the other rows; every warm-up event is
 * received before the measured part starts), then `seconds` measured; then waits for the stragglers and
 * counts.
 */
export async function eventLag(
  url: string,
  conferenceIds: string[],
  users: string[],
  rate: number,
  seconds: number,
  warmup = 0,
  /** Called right before the measured part starts (the caller's counters). */
  measuring: () => Promise<void> = async () => {},
) {
  const sub = await forkSubscriber(url);
  // An earlier row's unacknowledged deliveries are redelivered to this connection first: let them drain
  // (at most 60 s), so they do not share the in-flight slots with the row's own events.
  for (let i = 0; i < 600 && (await backlog(url)) > 0; i++) await new Promise((r) => setTimeout(r, 100));
  const state = new Map<string, boolean>();
  // node:http with kept-alive sockets, not fetch: undici's allocations gave this process 14–26 ms
  // scavenges (measured), each one a pause and then a burst of requests at the server.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let k = 0;
  /** One paced phase of `phaseSeconds`; its requests have all been answered when it returns. */
  const drive = async (phaseSeconds: number) => {
    const perTick = rate / 100;
    const total = rate * phaseSeconds;
    let sent = 0;
    let ok = 0;
    let failed = 0;
    const inflight = new Set<Promise<void>>();
    const apiLatency: number[] = [];
    const start = Date.now();
    // Paced in 10 ms ticks, but never more than 64 requests open: the store's commit rate is the limit
    // (an open-loop flood would measure the HTTP client's queue, not the events).
    for (let tick = 0; sent < total; tick++) {
      const due = Math.min(total, Math.round((tick + 1) * perTick));
      while (sent < due && inflight.size < 64) {
        sent++;
        const i = k++;
        const conf = conferenceIds[i % conferenceIds.length];
        const user = users[Math.floor(i / conferenceIds.length) % users.length];
        const key = `${conf} ${user}`;
        const joined = state.get(key) ?? false;
        state.set(key, !joined);
        const t0 = Date.now();
        const p = post(
          agent,
          `${url}/_vconf/v1/conferences/${conf}/attendees/${user}/${joined ? "leave" : "join"}`,
        ).then(
          (status) => {
            apiLatency.push(Date.now() - t0);
            if (status === 200) ok++;
            else failed++;
          },
          () => void failed++,
        );
        inflight.add(p);
        void p.finally(() => inflight.delete(p));
      }
      const wait = start + (tick + 1) * 10 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else if (inflight.size >= 64) await Promise.race(inflight);
    }
    await Promise.all(inflight);
    return { sent, ok, failed, apiLatency, start, elapsed: (Date.now() - start) / 1000 };
  };
  try {
    if (warmup > 0) {
      const w = await drive(warmup);
      for (let i = 0; i < 500 && (await sub.count(0)).distinct < w.ok; i++)
        await new Promise((r) => setTimeout(r, 20));
    }
    const cpu0 = (await sub.count(0)).cpuUs;
    await measuring();
    const { sent, ok, failed, apiLatency, start, elapsed } = await drive(seconds);
    // Only the measured part's events count: warm-up events, and an earlier row's unacknowledged
    // deliveries that vconf rightly redelivers to this new connection, were born before it started.
    for (let i = 0; i < 500 && (await sub.count(start)).distinct < ok; i++)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 500)); // late duplicates
    const own = await sub.samples(start);
    const { received, cpuUs } = await sub.count(start);
    const lags = own.map(([, lag]) => lag);
    if (process.env.BENCH_LAG_SAMPLES)
      writeFileSync(
        process.env.BENCH_LAG_SAMPLES,
        JSON.stringify(own.map(([born, lag]) => [born - start, lag, born])),
      );
    const ids = new Set(own.map(([, , id]) => id));
    return {
      rate,
      seconds,
      sent,
      events: ok,
      received: lags.length,
      earlier: received - lags.length,
      lost: Math.max(0, ok - ids.size),
      duplicated: lags.length - ids.size,
      p50Ms: pct(lags, 50),
      p99Ms: pct(lags, 99),
      maxMs: Math.max(...lags),
      failedRequests: failed,
      achieved: Math.round(ok / elapsed),
      apiP50Ms: pct(apiLatency, 50),
      apiP99Ms: pct(apiLatency, 99),
      subscriberCpuUs: (cpuUs - cpu0) / ok,
    } as LagResult;
  } finally {
    agent.destroy();
    await sub.close();
  }
}

/** POSTs `{}` with the admin key on `agent`; resolves with the status once the body is read. */
function post(agent: Agent, target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      { method: "POST", agent, headers: { ...ADMIN, "content-length": 2 } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end("{}");
  });
}

/**
 * The lag row's Stream subscriber in a child process (bench/lag-subscriber.ts), inheriting this process's
 * CPU pinning; asked over IPC what it has received.
 */
async function forkSubscriber(url: string) {
  const child = fork(fileURLToPath(new URL("./lag-subscriber.ts", import.meta.url)), [url], {
    execArgv: ["--import", "tsx"],
  });
  const pending = new Map<number, { resolve: (m: never) => void; reject: (e: Error) => void }>();
  let next = 0;
  let gone: Error | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    child.on("exit", (code) => {
      gone = new Error(`bench/lag-subscriber.ts exited with ${code}`);
      reject(gone);
      for (const p of pending.values()) p.reject(gone);
      pending.clear();
    });
    child.on("message", (m: { id?: number; ready?: boolean }) => {
      if (m.ready) return resolve();
      pending.get(m.id!)?.resolve(m as never);
      pending.delete(m.id!);
    });
  });
  await ready;
  const ask = <T>(req: DistributiveOmit<SubscriberRequest, "id">) =>
    new Promise<T>((resolve, reject) => {
      if (gone) return reject(gone);
      const id = next++;
      pending.set(id, { resolve, reject });
      child.send({ ...req, id });
    });
  return {
    count: (since: number) =>
      ask<{ distinct: number; received: number; cpuUs: number }>({ op: "count", since }),
    samples: async (since: number) =>
      (await ask<{ samples: [number, number, string][] }>({ op: "samples", since })).samples,
    close: async () => {
      if (gone) return;
      const exited = new Promise((r) => child.once("exit", r));
      await ask({ op: "close" });
      await exited;
    },
  };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The bench org's corpId: the owner key of a register_call_back subscription. */
export const OWNER = CORP;
export { APP_KEY };
