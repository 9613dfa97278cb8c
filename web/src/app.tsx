import { useEffect, useMemo, useState } from "preact/hooks";
import { Live, type LiveStatus } from "./live.js";
import { href, useRoute, type Route } from "./router.js";
import { adminClient, session } from "./session.js";
import { Console, useConsole } from "./shared.js";
import { ConferencePage } from "./views/conference.js";
import { ConferencesPage } from "./views/conferences.js";
import { EventsPage } from "./views/events.js";
import { FaultsPage } from "./views/faults.js";
import { RequestsPage } from "./views/requests.js";
import { SignIn } from "./views/sign-in.js";

export function App() {
  const [key, setKey] = useState(session.key());
  if (!key)
    return (
      <SignIn
        onSignedIn={(k) => {
          session.signIn(k);
          setKey(k);
        }}
      />
    );
  return (
    <Signed
      adminKey={key}
      onSignOut={() => {
        session.signOut();
        setKey(null);
      }}
    />
  );
}

function Signed({ adminKey, onSignOut }: { adminKey: string; onSignOut: () => void }) {
  const ctx = useMemo(() => ({ client: adminClient(adminKey), live: new Live(adminKey) }), [adminKey]);
  useEffect(() => {
    ctx.live.start();
    return () => ctx.live.stop();
  }, [ctx]);
  const route = useRoute();
  return (
    <Console.Provider value={ctx}>
      <header class="top">
        <a class="brand" href={href.conferences}>
          vconf console
        </a>
        <nav aria-label="Main">
          <NavLink route={route} view="conferences" to={href.conferences} label="Conferences" />
          <NavLink route={route} view="requests" to={href.requests} label="Requests" />
          <NavLink route={route} view="faults" to={href.faults} label="Faults" />
          <NavLink route={route} view="events" to={href.events} label="Events" />
        </nav>
        <LiveBadge />
        <button type="button" class="quiet" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main>
        <Page route={route} />
      </main>
    </Console.Provider>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.view) {
    case "conference":
      return <ConferencePage id={route.id} />;
    case "requests":
      return <RequestsPage />;
    case "faults":
      return <FaultsPage />;
    case "events":
      return <EventsPage />;
    default:
      return <ConferencesPage />;
  }
}

function NavLink(p: { route: Route; view: Route["view"]; to: string; label: string }) {
  const here = p.route.view === p.view || (p.view === "conferences" && p.route.view === "conference");
  return (
    <a href={p.to} aria-current={here ? "page" : undefined}>
      {p.label}
    </a>
  );
}

const STATUS_TEXT: Record<LiveStatus, string> = {
  live: "Live",
  connecting: "Connecting…",
  down: "Disconnected",
};

/** Whether the watch stream is up: the views only update by themselves while it is. */
function LiveBadge() {
  const { live } = useConsole();
  const [status, setStatus] = useState(live.status);
  useEffect(() => live.onStatus(setStatus), [live]);
  return (
    <span class={`live live-${status}`} role="status" aria-label={`Live updates: ${STATUS_TEXT[status]}`}>
      {STATUS_TEXT[status]}
    </span>
  );
}
