import type { Static } from "typebox";
import type {
  AutoLoginBody,
  AutoLoginReply,
  ExtInfoReply,
  InviteMcuBody,
  MemberNickBody,
  WhiteAccountRequest,
} from "../schemas/meeting-extras.js";
import type {
  CodeReply,
  StartStreamOutBody,
  StartStreamOutReply,
  StopStreamOutBody,
} from "../schemas/streams.js";
import { BASE as CONF, CONTROL } from "../schemas/paths.js";
import { type Auth, call, type HttpOptions, type Method, type Query, seg } from "./http.js";

type Success = { success: boolean };

/**
 * Streams, extInfo, subtitle events (spec more §3, §7) and the four operations only the newest SDKs have
 * (CreateAutoLoginUrl, InviteMcu, OptRecordWhiteAccount, UpdateMemberNick). Reached as `client.extras`;
 * one method per DingTalk operation, named after the SDK's method.
 */
export class VconfExtraCalls {
  constructor(private readonly options: Readonly<HttpOptions>) {}

  private send<T>(auth: Auth, method: Method, path: string, body?: unknown, query?: Query): Promise<T> {
    return call<T>(this.options, auth, method, path, body, query);
  }
  private conf(id: string, path: string) {
    return `${CONF}/${seg(id)}/${path}`;
  }

  /** `StartStreamOut`: each URL lands in `successStreamMap` (url → streamId) or `failStreamMap` (url → why). */
  startStreamOut(id: string, body: Static<typeof StartStreamOutBody>) {
    return this.send<Static<typeof StartStreamOutReply>>(
      "token",
      "POST",
      this.conf(id, "streamOuts/start"),
      body,
    );
  }
  /** `StopStreamOut`: one stream, or every stream with `stopAllStream`. */
  stopStreamOut(id: string, body: Static<typeof StopStreamOutBody>) {
    return this.send<Static<typeof CodeReply>>("token", "POST", this.conf(id, "streamOuts/stop"), body);
  }
  /** `SetSubtitleEvent`: this app's subscription to the meeting's subtitle events. */
  setSubtitleEvent(id: string, enable: boolean) {
    return this.send<Success>("token", "POST", this.conf(id, "subtitleEvents"), { enable });
  }
  /** `UpdateVideoConferenceExtInfo`: without `extInfo`, as the SDK sends it (no body), it changes nothing. */
  updateVideoConferenceExtInfo(id: string, extInfo?: Record<string, unknown>) {
    return this.send<Static<typeof ExtInfoReply>>("token", "PUT", this.conf(id, "extInfo"), extInfo);
  }
  /** `UpdateMemberNick`: a member's in-meeting nick. */
  updateMemberNick(id: string, body: Static<typeof MemberNickBody>) {
    return this.send<Success>("token", "POST", this.conf(id, "members/updateNick"), body);
  }
  /** `CreateAutoLoginUrl`: a link opening `meetingUrl` logged in as `unionId` (a placeholder on vconf). */
  createAutoLoginUrl(body: Static<typeof AutoLoginBody>) {
    return this.send<Static<typeof AutoLoginReply>>("token", "POST", `${CONF}/createAutoLoginUrl`, body);
  }
  /** `InviteMcu`: an MCU into the meeting of `roomCode`. */
  inviteMcu(body: Static<typeof InviteMcuBody>) {
    return this.send<Success>("token", "POST", `${CONF}/mcus/invite`, body);
  }
  /** `OptRecordWhiteAccount`: a body-less POST carrying its model JSON-encoded in `requestBody`. */
  optRecordWhiteAccount(request: Static<typeof WhiteAccountRequest>) {
    const query = { requestBody: JSON.stringify(request) };
    return this.send<Static<typeof CodeReply>>(
      "token",
      "POST",
      `${CONF}/enterpriseSetting/record/whiteAccount`,
      undefined,
      query,
    );
  }
  /** Control plane: an org's recording white lists, by bizType. */
  recordWhiteAccounts(corpId: string) {
    return this.send<Record<string, unknown[]>>(
      "admin",
      "GET",
      `${CONTROL}/orgs/${seg(corpId)}/recordWhiteAccounts`,
    );
  }
}
