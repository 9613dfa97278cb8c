import type { App } from "../../src/http/types.js";
import { api, CONF, snapshotOf } from "./app.js";

/** Inject calls for the stream, subtitle, extInfo and newest-SDK operations. */
export function ex(app: App, token: string) {
  const a = api(app, token);
  return {
    start: (id: string, body: unknown) => a.call("POST", `${CONF}/${id}/streamOuts/start`, body),
    stop: (id: string, body: unknown) => a.call("POST", `${CONF}/${id}/streamOuts/stop`, body),
    subtitles: (id: string, body: unknown) => a.call("POST", `${CONF}/${id}/subtitleEvents`, body),
    extInfo: (id: string, body?: unknown) => a.call("PUT", `${CONF}/${id}/extInfo`, body),
    nick: (id: string, body: unknown) => a.call("POST", `${CONF}/${id}/members/updateNick`, body),
    autoLogin: (body: unknown) => a.call("POST", `${CONF}/createAutoLoginUrl`, body),
    mcu: (body: unknown) => a.call("POST", `${CONF}/mcus/invite`, body),
    whiteList: (requestBody?: unknown) =>
      a.call(
        "POST",
        `${CONF}/enterpriseSetting/record/whiteAccount` +
          (requestBody === undefined
            ? ""
            : `?requestBody=${encodeURIComponent(typeof requestBody === "string" ? requestBody : JSON.stringify(requestBody))}`),
      ),
  };
}

/** A conference's extras row as the snapshot holds it (empty when it has none). */
export async function extrasOf(app: App, id: string) {
  const snap = await snapshotOf(app);
  const row = (snap.extras as { conferenceId: string }[]).find((e) => e.conferenceId === id);
  return (row ?? { extInfo: null, subtitleApps: [], streams: [], mcus: [] }) as {
    extInfo: unknown;
    subtitleApps: string[];
    streams: { streamId: string; url: string; state: string; stoppedAt: number | null }[];
    mcus: { mcuRoomCode: string; invitedBy: string }[];
  };
}

/** A valid StartStreamOut body with `urls`. */
export const startBody = (urls: string[], over: Record<string, unknown> = {}) => ({
  unionId: "union-alice",
  needHostJoin: false,
  streamUrlList: urls,
  streamName: "live",
  mode: "grid",
  smallWindowPosition: "float_right",
  ...over,
});
