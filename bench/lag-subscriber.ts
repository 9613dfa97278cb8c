/**
 * The event-lag row's subscriber: DingTalk's Stream client in a process of its own, forked by the row's
 * load generator (bench/events.ts `eventLag`, so pinned to the same CPU). Apart, the load generator's
 * garbage collections (undici's fetch: 14–26 ms scavenges, measured) no longer stall the handler whose
 * clock the lag is read from; a real subscriber is an app of its own too. It answers the generator over
 * the IPC channel: `count` (distinct events born at or after `since`, all arrivals, its CPU time), `samples`
 * ([eventBornTime, lag ms, eventId] born at or after `since`), `close`.
 */
import { streamSubscriber } from "./events.js";

export type SubscriberRequest =
  | { id: number; op: "count"; since: number }
  | { id: number; op: "samples"; since: number }
  | { id: number; op: "close" };

const url = process.argv[2];
const sub = await streamSubscriber(url);
const send = (m: unknown) => process.send!(m);

process.on("message", (m: SubscriberRequest) => {
  if (m.op === "close") {
    sub.close();
    send({ id: m.id });
    process.disconnect();
    return;
  }
  const own = sub.samples.filter(([born]) => born >= m.since);
  if (m.op === "samples") return send({ id: m.id, samples: own });
  const cpu = process.cpuUsage();
  send({
    id: m.id,
    distinct: new Set(own.map(([, , id]) => id)).size,
    received: sub.received,
    cpuUs: cpu.user + cpu.system,
  });
});
send({ ready: true });
