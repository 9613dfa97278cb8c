import type { RosterEntry } from "../../../src/client/types.js";
import { ATTEND, DEVICE, fmtTime } from "../shared.js";
import type { Controls } from "./conference.js";

function role(m: RosterEntry) {
  return m.host ? "host" : m.coHost ? "co-host" : "attendee";
}

/**
 * The roster with a row of controls per member. Every control is offered to every member: what DingTalk
 * refuses (kicking the host, muting someone not in the meeting) is answered by the server with its code.
 */
export function Roster(p: { conferenceId: string; members: RosterEntry[]; controls: Controls }) {
  const { conferenceId: id, controls } = p;
  return (
    <section aria-labelledby="roster-title">
      <h2 id="roster-title">Roster</h2>
      <div class="table-wrap">
        <table class="roster stack">
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Mic</th>
              <th scope="col">Camera</th>
              <th scope="col">Joined</th>
              <th scope="col">Left</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {p.members.map((m) => {
              const name = m.userNick || m.unionId;
              const inMeeting = m.attendStatus === 3;
              return (
                <tr key={m.unionId} data-union-id={m.unionId}>
                  <th scope="row" data-label="Member">
                    {name} <small>{m.unionId}</small>
                  </th>
                  <td data-label="Role" data-testid="role">
                    {role(m)}
                  </td>
                  <td data-label="Status" data-testid="attend">
                    {ATTEND[m.attendStatus] ?? m.attendStatus}
                    {m.forbiddenRejoin ? " (no rejoin)" : ""}
                  </td>
                  <td data-label="Mic" data-testid="mic">
                    {DEVICE[m.micStatus]}
                  </td>
                  <td data-label="Camera">{DEVICE[m.cameraStatus]}</td>
                  <td data-label="Joined">{fmtTime(m.joinTime)}</td>
                  <td data-label="Left">{fmtTime(m.leaveTime)}</td>
                  <td data-label="Actions" class="actions">
                    <div class="buttons">
                      <button
                        type="button"
                        aria-label={m.coHost ? `Remove ${name} as co-host` : `Make ${name} co-host`}
                        onClick={() =>
                          controls.asApp(
                            m.coHost ? `Remove co-host ${name}` : `Make ${name} co-host`,
                            (app) => app.setCoHosts(id, m.coHost ? "remove" : "add", [m.unionId]),
                          )
                        }
                      >
                        {m.coHost ? "Remove co-host" : "Make co-host"}
                      </button>
                      <button
                        type="button"
                        aria-label={m.micStatus === 1 ? `Unmute ${name}` : `Mute ${name}`}
                        onClick={() =>
                          controls.asApp(m.micStatus === 1 ? `Unmute ${name}` : `Mute ${name}`, (app) =>
                            app.muteMembers(id, {
                              action: m.micStatus === 1 ? "un_mute" : "mute",
                              userList: [{ unionId: m.unionId }],
                            }),
                          )
                        }
                      >
                        {m.micStatus === 1 ? "Unmute" : "Mute"}
                      </button>
                      <button
                        type="button"
                        class="danger"
                        aria-label={`Kick ${name}`}
                        onClick={() =>
                          controls.asApp(`Kick ${name}`, (app) =>
                            app.kickMembers(id, { userList: [{ unionId: m.unionId }] }),
                          )
                        }
                      >
                        Kick
                      </button>
                      <button
                        type="button"
                        class="quiet"
                        aria-label={inMeeting ? `${name} leaves` : `${name} joins`}
                        onClick={() =>
                          controls.asAdmin(inMeeting ? `${name} leaves` : `${name} joins`, (admin) =>
                            inMeeting ? admin.leave(id, m.unionId) : admin.join(id, m.unionId),
                          )
                        }
                      >
                        {inMeeting ? "Leave" : "Join"}
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
