import type { NewChange } from "../store/store.js";
import { EventType, type MemberScene, type RoleScene, type StatusScene } from "./payloads.js";

/**
 * Which events a transaction's changes emit (vconf-events.md §1), read off the change-log rows it wrote
 * (`recordChange`, the one place every change is logged) and the conferences it inserted. One event per
 * scene and conference: an InviteUsers of three users is one `user_invited` with three members.
 */

/** An event to write: its type and scene, the conference, and for member events the members touched. */
export interface PlannedEvent {
  conferenceId: string;
  eventType: string;
  changeScene: StatusScene | MemberScene | RoleScene;
  /** unionIds, in the order the transaction touched them (member and role events). */
  unionIds: string[];
}

interface MemberState {
  host?: boolean;
  coHost?: boolean;
  attendStatus?: number;
}

const isMemberState = (v: unknown): v is MemberState =>
  !!v && typeof v === "object" && "attendStatus" in (v as object);
const statusOf = (v: unknown): number | undefined =>
  v && typeof v === "object" && typeof (v as { status?: unknown }).status === "number"
    ? (v as { status: number }).status
    : undefined;

/** 1 invited, 2 ringing: "asked to join". */
const ASKED = new Set([1, 2]);

/** The member scene a change row shows, if any. */
function memberScene(before: MemberState | null, after: MemberState): MemberScene | undefined {
  const was = before?.attendStatus;
  const now = after.attendStatus!;
  if (now === 3 && was !== 3) return "user_join";
  if (now === 6 && was === 3) return "user_leave";
  if (now === 5 && was !== 5) return "user_kicked";
  // The organizer's own membership at create is not an invitation.
  if (ASKED.has(now) && (was === undefined || !ASKED.has(was)) && !(before === null && after.host)) {
    return "user_invited";
  }
  return undefined;
}

/** The role scene a change row shows, if any (a host transfer is `host_changed`, not a co-host change). */
function roleScene(before: MemberState | null, after: MemberState): RoleScene | undefined {
  if (before && before.host !== after.host) return "host_changed";
  if (!!before?.coHost !== !!after.coHost && !(before === null && after.host)) {
    return after.coHost ? "cohost_added" : "cohost_removed";
  }
  return undefined;
}

/**
 * Plans the events of one transaction. Per conference: `conference_created` first, then member and role
 * events in the order their first change happened, `conference_closed` last (members still in a meeting
 * that closes leave first).
 */
export function planEvents(changes: readonly NewChange[], created: readonly string[]): PlannedEvent[] {
  const byConf = new Map<string, { created: boolean; closed: boolean; events: Map<string, PlannedEvent> }>();
  const confOf = (id: string) => {
    let c = byConf.get(id);
    if (!c) byConf.set(id, (c = { created: false, closed: false, events: new Map() }));
    return c;
  };
  for (const id of created) confOf(id).created = true;
  for (const ch of changes) {
    if (isMemberState(ch.after)) {
      const before = isMemberState(ch.before) ? ch.before : null;
      const add = (eventType: string, scene: MemberScene | RoleScene) => {
        const events = confOf(ch.conferenceId).events;
        let e = events.get(scene);
        if (!e) {
          e = { conferenceId: ch.conferenceId, eventType, changeScene: scene, unionIds: [] };
          events.set(scene, e);
        }
        if (!e.unionIds.includes(ch.target)) e.unionIds.push(ch.target);
      };
      const m = memberScene(before, ch.after);
      if (m) add(EventType.member, m);
      const r = roleScene(before, ch.after);
      if (r) add(EventType.roleChange, r);
      continue;
    }
    const was = statusOf(ch.before);
    const now = statusOf(ch.after);
    if (now === undefined || now === was) continue;
    if (now === 2) confOf(ch.conferenceId).created = true;
    if (now === 1) confOf(ch.conferenceId).closed = true;
  }
  const out: PlannedEvent[] = [];
  for (const [conferenceId, c] of byConf) {
    const status = (changeScene: StatusScene): PlannedEvent => ({
      conferenceId,
      eventType: EventType.status,
      changeScene,
      unionIds: [],
    });
    if (c.created) out.push(status("conference_created"));
    out.push(...c.events.values());
    if (c.closed) out.push(status("conference_closed"));
  }
  return out;
}
