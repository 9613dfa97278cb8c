import { randomInt } from "node:crypto";
import { assert } from "../../errors.js";
import { type CustomShortLinkBody, SHORT_LINKS_MAX, type StoredShortLink } from "../../schemas/schedules.js";
import { recordChange } from "../conferences/change-log.js";
import type { Caller, Deps } from "../deps.js";
import { assertCreator, bookingOfOrg } from "./settings.js";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const base62 = (n: number) => Array.from({ length: n }, () => BASE62[randomInt(62)]).join("");

/**
 * `POST /v1.0/conference/customShortLinks` (CreateCustomShortLink): a new per-user link to the booking's
 * room on every call, kept on the booking with its fields (the control plane's booking detail), one
 * booking-audit row. Creator only; the cool app need not be among the booking's extension apps.
 */
export async function createCustomShortLink(deps: Deps, caller: Caller, input: CustomShortLinkBody) {
  return deps.store.transaction(async (tx) => {
    const bk = await bookingOfOrg(tx, caller, input.scheduleConferenceId, true);
    await assertCreator(tx, caller, bk, input.creatorUnionId);
    assert(input.coolAppCode, "paramError", "coolAppCode is missing");
    assert(
      bk.customShortLinks.length < SHORT_LINKS_MAX,
      "paramError",
      `a schedule conference keeps at most ${SHORT_LINKS_MAX} custom short links`,
    );
    const now = deps.clock.now();
    const link: StoredShortLink = {
      link: `${bk.url}?link=${base62(12)}`,
      creatorUnionId: bk.creatorId,
      coolAppCode: input.coolAppCode,
      extensionAppBizData: input.extensionAppBizData ?? "",
      useExtensionApp: input.useExtensionApp ?? false,
      clientId: caller.clientKey,
      at: now,
    };
    await tx.putBooking({ ...bk, customShortLinks: [...bk.customShortLinks, link] });
    await recordChange(tx, caller, {
      conferenceId: bk.scheduleConferenceId,
      operation: "CreateCustomShortLink",
      target: bk.scheduleConferenceId,
      before: null,
      after: link,
      at: now,
    });
    return { result: { customShortLink: link.link } };
  });
}
