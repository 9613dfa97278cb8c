import { type Command, expectArgs } from "../context.js";

/** Prints an access token for the chosen app, e.g. `TOKEN=$(vconf token)`. */
export const token: Command = {
  name: "token",
  usage: ["token [--app APPKEY]"],
  summary: "print an access token for the app (for curl and scripts)",
  async run(ctx, args) {
    expectArgs(args, []);
    const t = await ctx.appToken();
    return { data: t, text: t.accessToken };
  },
};
