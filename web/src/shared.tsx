import { createContext } from "preact";
import { useCallback, useContext, useEffect, useRef, useState } from "preact/hooks";
import type { VconfClient } from "../../src/client/client.js";
import type { Change, Live } from "./live.js";
import { describeError } from "./session.js";

export interface ConsoleContext {
  client: VconfClient;
  live: Live;
}
export const Console = createContext<ConsoleContext>(null as unknown as ConsoleContext);
export const useConsole = () => useContext(Console);

export interface Loaded<T> {
  data?: T;
  error?: unknown;
  reload: () => void;
}

/**
 * `load()` now and on every `reload()`, at most one request at a time: a reload asked for while one is
 * under way runs once it ends, so a burst of changes costs two requests and the view ends up current.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown }>({});
  const running = useRef(false);
  const again = useRef(false);
  const current = useRef(load);
  current.current = load;
  const reload = useCallback(() => {
    if (running.current) return void (again.current = true);
    running.current = true;
    current
      .current()
      .then(
        (data) => setState({ data }),
        (error) => setState((s) => ({ data: s.data, error })),
      )
      .finally(() => {
        running.current = false;
        if (again.current) {
          again.current = false;
          reload();
        }
      });
  }, []);
  useEffect(() => {
    setState({});
    reload();
  }, deps);
  return { ...state, reload };
}

/** Calls `fn` for each change the watch stream reports that `matches` (and after every reconnect). */
export function useChanges(matches: (c: Change) => boolean, fn: () => void) {
  const { live } = useConsole();
  const latest = useRef({ matches, fn });
  latest.current = { matches, fn };
  useEffect(
    () =>
      live.onChange((c) => {
        if (c.kind !== "conference" || latest.current.matches(c)) latest.current.fn();
      }),
    [live],
  );
}

/** A refusal: DingTalk's code, then the message, HTTP status and requestid. */
export function Refusal({ error, label }: { error: unknown; label?: string }) {
  const { code, text } = describeError(error);
  return (
    <p role="alert" class="refusal">
      {label ? <span>{label}: </span> : null}
      <code class="code" data-testid="error-code">
        {code}
      </code>{" "}
      <span>{text}</span>
    </p>
  );
}

export function fmtTime(ms: number | undefined): string {
  if (ms === undefined) return "";
  const d = new Date(ms);
  const time = d.toLocaleTimeString([], { hour12: false });
  return d.toDateString() === new Date().toDateString() ? time : `${d.toLocaleDateString()} ${time}`;
}

export const ATTEND: Record<number, string> = {
  1: "invited",
  2: "ringing",
  3: "in meeting",
  4: "declined",
  5: "kicked",
  6: "left",
};
export const DEVICE: Record<number, string> = { 0: "—", 1: "off", 2: "on" };
export const STATUS: Record<number, string> = { 0: "not started", 1: "ended", 2: "in progress" };
