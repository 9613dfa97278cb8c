import { type Command, type Context, expectArgs, requireFlag, UsageError } from "../context.js";
import { fields, table, time } from "../output.js";

/** A time flag: milliseconds since the epoch, or anything `Date.parse` reads (ISO 8601). */
function timeFlag(ctx: Context, name: string): number {
  const raw = requireFlag(ctx, name);
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms)) throw new UsageError(`${name}: not a time: ${raw}`);
  return ms;
}

async function create(ctx: Context, args: string[]) {
  expectArgs(args, []);
  const body = {
    creatorUnionId: requireFlag(ctx, "--creator"),
    title: requireFlag(ctx, "--title"),
    startTime: timeFlag(ctx, "--start"),
    endTime: timeFlag(ctx, "--end"),
  };
  const r = await (await ctx.dingtalk()).createScheduleConference(body);
  return { data: r, text: fields({ ...r, phones: r.phones.join(", ") }) };
}

async function list(ctx: Context, args: string[]) {
  expectArgs(args, []);
  const r = await ctx.control().listScheduleConferences(requireFlag(ctx, "--corp"));
  const rows = r.scheduleConferences.map((b) => [
    b.scheduleConferenceId,
    b.title,
    b.roomCode,
    time(b.startTime),
    b.cancelled ? "cancelled" : "",
    String(b.instances.length),
  ]);
  const text = table(["ID", "TITLE", "ROOM", "START", "STATE", "INSTANCES"], rows);
  return { data: r, text };
}

async function cancel(ctx: Context, args: string[]) {
  const [id] = expectArgs(args, ["SCHEDULE"]);
  const body = { scheduleConferenceId: id, creatorUnionId: requireFlag(ctx, "--by") };
  const r = await (await ctx.dingtalk()).cancelScheduleConference(body);
  return { data: r, text: `cancelled ${id}` };
}

const subcommands: Record<
  string,
  (ctx: Context, args: string[]) => Promise<{ data: unknown; text: string }>
> = { create, list, cancel };

/** `CreateScheduleConference`, the control plane's booking list, `CancelScheduleConference`. */
export const schedules: Command = {
  name: "schedules",
  usage: [
    "schedules create --creator UNIONID --title TITLE --start TIME --end TIME",
    "schedules list --corp CORPID",
    "schedules cancel SCHEDULE --by UNIONID",
  ],
  summary: "book a meeting, list an org's bookings, cancel one",
  flags: ["--creator", "--title", "--start", "--end", "--corp", "--by"],
  run(ctx, [sub, ...args]) {
    const fn = sub === undefined ? undefined : subcommands[sub];
    if (!fn) throw new UsageError(sub ? `unknown subcommand schedules ${sub}` : "missing subcommand");
    return fn(ctx, args);
  },
};
