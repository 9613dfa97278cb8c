import type { OutboxEvent } from "../../client/index.js";
import { type Command, type Context, expectArgs, UsageError } from "../context.js";
import { table, time } from "../output.js";

const HEADERS = ["BORN", "CONFERENCE", "SEQ", "TYPE", "SCENE", "MEMBERS", "DELIVERIES"];

/** One outbox event as a table row: who it is about and how its deliveries stand. */
function row(e: OutboxEvent): unknown[] {
  const p = e.payload as { changeScene?: string; openMemberModels?: { userId: string }[] };
  const members = (p.openMemberModels ?? []).map((m) => m.userId).join(",");
  const deliveries = e.deliveries
    .map((d) => `${d.subscriber.kind}:${d.subscriber.appKey ?? d.subscriber.suiteKey} ${d.status}`)
    .join(", ");
  return [
    time(e.bornTime),
    e.conferenceId,
    e.statusSeqNum ?? "",
    e.eventType,
    p.changeScene ?? "",
    members,
    deliveries,
  ];
}

function positive(ctx: Context, flag: string): number | undefined {
  const raw = ctx.flag(flag);
  if (raw === undefined) return undefined;
  if (!/^[1-9]\d{0,5}$/.test(raw)) throw new UsageError(`${flag} must be a positive number`);
  return Number(raw);
}

/** `vconf events tail`: the newest events, then every new one as it is written, until Ctrl-C or --count. */
async function tail(ctx: Context, args: string[]) {
  expectArgs(args, []);
  const control = ctx.control();
  const count = positive(ctx, "--count");
  const filter = { conferenceId: ctx.flag("--conference"), eventType: ctx.flag("--type") };
  const rawLines = ctx.flag("--lines");
  if (rawLines !== undefined && !/^\d{1,4}$/.test(rawLines)) throw new UsageError("--lines must be a number");
  const lines = rawLines === undefined ? 10 : Number(rawLines);
  // The newest event is the cursor even when none is shown (--lines 0: only what comes next).
  const first = await control.listEvents({ ...filter, limit: String(Math.max(1, lines)), newest: "true" });
  let after = first.events.at(-1)?.eventId;
  let shown = 0;
  const print = (e: OutboxEvent) =>
    process.stdout.write(
      ctx.json ? `${JSON.stringify(e)}\n` : `${table(HEADERS, [row(e)]).split("\n")[1]}\n`,
    );
  if (!ctx.json) process.stdout.write(`${table(HEADERS, []).trimEnd()}\n`);
  first.events.slice(first.events.length - lines).forEach(print);
  while (count === undefined || shown < count) {
    // Without any event yet there is no cursor: look again (the next list starts the cursor).
    const page = after
      ? await control.listEvents({ ...filter, after, waitMs: "25000", limit: "1000" })
      : await control.listEvents({ ...filter, limit: "1000" });
    if (!after && page.events.length === 0) await new Promise((r) => setTimeout(r, 500));
    for (const e of page.events) {
      print(e);
      shown++; // --count counts new events only
      if (count !== undefined && shown >= count) break;
    }
    after = page.events.at(-1)?.eventId ?? after;
  }
  return { data: { shown }, text: "", streamed: true };
}

/** The outbox and its deliveries (vconf-events.md §5). */
export const events: Command = {
  name: "events",
  usage: [
    "events tail [--conference CONF] [--type TYPE] [--lines N] [--count N]",
    "events list [--conference CONF] [--type TYPE] [--status pending|delivered|failed] [--limit N]",
    "events redeliver EVENTID",
  ],
  summary:
    "the events vconf pushes: follow them live (tail; --json: one event per line), list them with their deliveries, send one again",
  flags: ["--conference", "--type", "--status", "--limit", "--lines", "--count"],
  async run(ctx, [action, ...args]) {
    if (action === "tail") return tail(ctx, args);
    if (action === "list") {
      expectArgs(args, []);
      const status = ctx.flag("--status");
      if (status !== undefined && !["pending", "delivered", "failed"].includes(status))
        throw new UsageError("--status must be pending, delivered or failed");
      const r = await ctx.control().listEvents({
        conferenceId: ctx.flag("--conference"),
        eventType: ctx.flag("--type"),
        status: status as "pending" | undefined,
        limit: positive(ctx, "--limit")?.toString(),
      });
      return { data: r, text: r.events.length ? table(HEADERS, r.events.map(row)) : "no events" };
    }
    if (action === "redeliver") {
      const [id] = expectArgs(args, ["EVENTID"]);
      const r = await ctx.control().redeliverEvent(id);
      return {
        data: r,
        text: `${id}: sent again to ${r.redelivered} subscriber${r.redelivered === 1 ? "" : "s"}`,
      };
    }
    throw new UsageError(
      action ? `unknown subcommand events ${action}` : "missing subcommand tail|list|redeliver",
    );
  },
};

/** Stream connections held by the instance that answers. */
export const stream: Command = {
  name: "stream",
  usage: ["stream connections", "stream disconnect ID [--reason TEXT]"],
  summary: "the open Stream connections; send one SYSTEM disconnect (closed 10 s later)",
  flags: ["--reason"],
  async run(ctx, [action, ...args]) {
    if (action === "connections") {
      expectArgs(args, []);
      const r = await ctx.control().streamConnections();
      const rows = r.connections.map((c) => [
        c.id,
        c.clientId,
        time(c.since),
        c.ua,
        c.inFlight,
        c.disconnecting ? "disconnecting" : "open",
      ]);
      return {
        data: r,
        text: rows.length
          ? table(["ID", "CLIENT", "SINCE", "UA", "IN_FLIGHT", "STATE"], rows)
          : "no connections",
      };
    }
    if (action === "disconnect") {
      const [id] = expectArgs(args, ["ID"]);
      const r = await ctx.control().disconnectStream(id, ctx.flag("--reason"));
      return { data: r, text: `${id}: disconnect sent` };
    }
    throw new UsageError(
      action ? `unknown subcommand stream ${action}` : "missing subcommand connections|disconnect",
    );
  },
};
