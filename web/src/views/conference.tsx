import { useEffect, useState } from "preact/hooks";
import type { VconfClient } from "../../../src/client/client.js";
import type { InspectConferenceReply } from "../../../src/client/types.js";
import { actingClient, forgetToken, type Actor } from "../acting.js";
import { href } from "../router.js";
import { VconfApiError } from "../session.js";
import { fmtTime, Refusal, STATUS, useChanges, useConsole, useLoad } from "../shared.js";
import { AuditTrail } from "./audit.js";
import { Roster } from "./roster.js";

type Conference = InspectConferenceReply["conference"];

/** What the last control did: done, or refused with DingTalk's code. */
export type Outcome = { label: string; error?: unknown } | undefined;

/** Runs one host control and reports it; every control on the page goes through here. */
export interface Controls {
  /** A DingTalk call made as the chosen app (token from the control plane). */
  asApp(label: string, call: (app: VconfClient) => Promise<unknown>): Promise<void>;
  /** A control-plane call (virtual attendees). */
  asAdmin(label: string, call: (admin: VconfClient) => Promise<unknown>): Promise<void>;
}

export function ConferencePage({ id }: { id: string }) {
  const { client } = useConsole();
  const state = useLoad(() => client.inspectConference(id), [id]);
  const audit = useLoad(() => client.audit(id), [id]);
  useChanges(
    (c) => c.kind === "conference" && c.conferenceId === id,
    () => {
      state.reload();
      audit.reload();
    },
  );
  const [outcome, setOutcome] = useState<Outcome>();
  const conf = state.data?.conference;
  const actors = useActors(conf);
  const [actorKey, setActorKey] = useState("");
  const actor = actors.find((a) => a.key === actorKey) ?? actors[0];

  const run = async (label: string, fn: () => Promise<unknown>) => {
    setOutcome(undefined);
    try {
      await fn();
      setOutcome({ label });
    } catch (error) {
      setOutcome({ label, error });
    }
  };
  const controls: Controls = {
    asApp: (label, call) =>
      run(label, async () => {
        if (!actor) throw new Error("this org has no app to act as");
        try {
          return await call(await actingClient(client, actor));
        } catch (e) {
          // A token dropped by a reset or a revoke: get a new one, once.
          if (!(e instanceof VconfApiError && e.code === "InvalidAuthentication")) throw e;
          forgetToken(actor);
          return call(await actingClient(client, actor));
        }
      }),
    asAdmin: (label, call) => run(label, () => call(client)),
  };

  if (state.error && !conf) return <Refusal error={state.error} label="Could not load the conference" />;
  if (!conf) return <p aria-busy="true">Loading…</p>;
  const host = state.data!.members.find((m) => m.host);
  return (
    <article class="conference" aria-labelledby="conf-title">
      <p class="crumbs">
        <a href={href.conferences}>Conferences</a> › {conf.corpId}
      </p>
      <h1 id="conf-title">
        {conf.title} <span class={`badge status-${conf.status}`}>{STATUS[conf.status]}</span>
      </h1>
      {state.error ? <Refusal error={state.error} label="Could not reload the conference" /> : null}
      <Facts conf={conf} />
      <section class="controls" aria-label="Host controls">
        <label>
          Act as{" "}
          <select
            value={actor?.key}
            onChange={(e) => setActorKey(e.currentTarget.value)}
            aria-label="Act as app"
          >
            {actors.map((a) => (
              <option value={a.key} key={a.key}>
                {a.key} ({a.kind})
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() =>
            controls.asApp(conf.locked ? "Unlock" : "Lock", (app) =>
              app.lockConference(id, { action: conf.locked ? "unlock" : "lock" }),
            )
          }
        >
          {conf.locked ? "Unlock meeting" : "Lock meeting"}
        </button>
        <MuteAll conf={conf} controls={controls} />
        <button
          type="button"
          class="danger"
          disabled={!host}
          onClick={() => controls.asApp("Close", (app) => app.closeVideoConference(id, host!.unionId))}
        >
          Close meeting
        </button>
      </section>
      <OutcomeLine outcome={outcome} />
      <Roster conferenceId={id} members={state.data!.members} controls={controls} />
      {state.data!.nextToken ? (
        <p class="hint">Showing the first {state.data!.members.length} members.</p>
      ) : null}
      <AttendeeJoin conferenceId={id} controls={controls} />
      <AuditTrail entries={audit.data?.entries} error={audit.error} />
    </article>
  );
}

function Facts({ conf }: { conf: Conference }) {
  const flags = [
    conf.locked && "locked",
    conf.muteAll && (conf.forceMute ? "all muted (forced)" : "all muted"),
    conf.onlyInternal && "org members only",
    conf.autoTransferHost && "host transfers automatically",
    conf.forbiddenShareScreen && "no screen sharing",
    conf.focusUnionId && `focus: ${conf.focusUnionId}`,
  ].filter(Boolean);
  return (
    <dl class="facts">
      <dt>Conference id</dt>
      <dd>
        <code>{conf.conferenceId}</code>
      </dd>
      <dt>Room code</dt>
      <dd>{conf.roomCode}</dd>
      <dt>Started</dt>
      <dd>{fmtTime(conf.startTime)}</dd>
      {conf.endTime ? (
        <>
          <dt>Ended</dt>
          <dd>{fmtTime(conf.endTime)}</dd>
        </>
      ) : null}
      <dt>Members</dt>
      <dd>
        {conf.memberCount} ({conf.onlineCount} in meeting)
      </dd>
      <dt>Settings</dt>
      <dd data-testid="settings">{flags.length ? flags.join(", ") : "none"}</dd>
    </dl>
  );
}

function MuteAll({ conf, controls }: { conf: Conference; controls: Controls }) {
  const [force, setForce] = useState(false);
  const action = conf.muteAll ? "un_mute" : "mute";
  return (
    <span class="group">
      <button
        type="button"
        onClick={() =>
          controls.asApp(conf.muteAll ? "Unmute all" : "Mute all", (app) =>
            app.muteAll(conf.conferenceId, { action, ...(action === "mute" ? { forceMute: force } : {}) }),
          )
        }
      >
        {conf.muteAll ? "Unmute all" : "Mute all"}
      </button>
      {conf.muteAll ? null : (
        <label class="check">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.currentTarget.checked)} /> forced
        </label>
      )}
    </span>
  );
}

function AttendeeJoin({ conferenceId, controls }: { conferenceId: string; controls: Controls }) {
  const [unionId, setUnionId] = useState("");
  return (
    <form
      class="inline"
      aria-label="A virtual attendee joins"
      onSubmit={(e) => {
        e.preventDefault();
        if (unionId) void controls.asAdmin(`${unionId} joins`, (admin) => admin.join(conferenceId, unionId));
      }}
    >
      <label for="join-union">Virtual attendee (unionId)</label>
      <input id="join-union" value={unionId} onInput={(e) => setUnionId(e.currentTarget.value.trim())} />
      <button type="submit">Join</button>
    </form>
  );
}

function OutcomeLine({ outcome }: { outcome: Outcome }) {
  if (!outcome) return <p class="outcome" role="status" />;
  if (outcome.error) return <Refusal error={outcome.error} label={`${outcome.label} refused`} />;
  return (
    <p class="outcome ok" role="status">
      {outcome.label}: done
    </p>
  );
}

/** The apps DingTalk calls can act as: the org's internal apps, the creator first (or its suite). */
function useActors(conf: Conference | undefined): Actor[] {
  const { client } = useConsole();
  const [actors, setActors] = useState<Actor[]>([]);
  const corpId = conf?.corpId;
  const creator = conf?.creatorApp;
  useEffect(() => {
    if (!corpId || !creator) return;
    client.listApps(corpId).then(
      ({ apps }) => {
        const list: Actor[] = apps.map((a) => ({ kind: "app", key: a.appKey, corpId }));
        const own = list.findIndex((a) => a.key === creator);
        if (own > 0) list.unshift(...list.splice(own, 1));
        if (own < 0) list.unshift({ kind: "suite", key: creator, corpId });
        setActors(list);
      },
      () => setActors([{ kind: "app", key: creator, corpId }]),
    );
  }, [client, corpId, creator]);
  return actors;
}
