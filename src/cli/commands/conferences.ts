import type { MembersReply } from "../../client/index.js";
import { type Command, type Context, expectArgs, requireFlag, UsageError } from "../context.js";
import { ATTEND_STATUS, CONF_STATUS, fields, table, time } from "../output.js";

async function create(ctx: Context, args: string[]) {
  expectArgs(args, []);
  const body = {
    userId: requireFlag(ctx, "--organizer"),
    confTitle: requireFlag(ctx, "--title"),
    ...(ctx.line.lists["--invite"]?.length ? { inviteUserIds: ctx.line.lists["--invite"] } : {}),
  };
  const r = await (await ctx.dingtalk()).createVideoConference(body);
  return { data: r, text: fields(r) };
}

async function info(ctx: Context, args: string[]) {
  const [id] = expectArgs(args, ["CONF"]);
  const r = await (await ctx.dingtalk()).queryConferenceInfo(id);
  const c = r.confInfo;
  const text = fields({
    ...c,
    status: `${c.status} (${CONF_STATUS[c.status] ?? "unknown"})`,
    startTime: time(c.startTime),
    endTime: time(c.endTime),
  });
  return { data: r, text };
}

export function membersTable(r: MembersReply): string {
  const rows = r.memberModels.map((m) => [
    m.unionId,
    m.userNick,
    m.host ? "host" : m.coHost ? "co-host" : "",
    `${m.attendStatus} ${ATTEND_STATUS[m.attendStatus] ?? ""}`.trim(),
    time(m.joinTime),
    time(m.leaveTime),
    m.outerOrgMember ? "other org" : "",
  ]);
  const t = table(["UNIONID", "NAME", "ROLE", "STATUS", "JOINED", "LEFT", "NOTE"], rows);
  return `${t}\n${r.totalCount} member${r.totalCount === 1 ? "" : "s"}`;
}

async function members(ctx: Context, args: string[]) {
  const [id] = expectArgs(args, ["CONF"]);
  const r = await (await ctx.dingtalk()).allConferenceMembers(id);
  return { data: r, text: membersTable(r) };
}

async function close(ctx: Context, args: string[]) {
  const [id] = expectArgs(args, ["CONF"]);
  const r = await (await ctx.dingtalk()).closeVideoConference(id, requireFlag(ctx, "--by"));
  return { data: r, text: `closed ${id}` };
}

const subcommands: Record<
  string,
  (ctx: Context, args: string[]) => Promise<{ data: unknown; text: string }>
> = { create, info, members, close };

/** `CreateVideoConference`, `QueryConferenceInfo`, `QueryConferenceMembers`, `CloseVideoConference`. */
export const conferences: Command = {
  name: "conferences",
  usage: [
    "conferences create --organizer UNIONID --title TITLE [--invite UNIONID…]",
    "conferences info CONF",
    "conferences members CONF",
    "conferences close CONF --by UNIONID",
  ],
  summary: "create a meeting, show it, list its members with their roles, close it",
  flags: ["--organizer", "--title", "--invite", "--by"],
  run(ctx, [sub, ...args]) {
    const fn = sub === undefined ? undefined : subcommands[sub];
    if (!fn) throw new UsageError(sub ? `unknown subcommand conferences ${sub}` : "missing subcommand");
    return fn(ctx, args);
  },
};
