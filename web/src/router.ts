import { useEffect, useState } from "preact/hooks";

/** Hash routes: the server serves one page, so a reload or a shared link lands on the same view. */
export type Route =
  | { view: "conferences" }
  | { view: "conference"; id: string }
  | { view: "requests" }
  | { view: "faults" }
  | { view: "events" };

export function parseRoute(hash: string): Route {
  const [, first, second] = hash.replace(/^#/, "").split("/");
  if (first === "conferences" && second) return { view: "conference", id: decodeURIComponent(second) };
  if (first === "requests" || first === "faults" || first === "events") return { view: first };
  return { view: "conferences" };
}

export const href = {
  conferences: "#/",
  conference: (id: string) => `#/conferences/${encodeURIComponent(id)}`,
  requests: "#/requests",
  faults: "#/faults",
  events: "#/events",
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);
  return route;
}
