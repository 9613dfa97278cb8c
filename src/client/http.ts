import { toApiError } from "./errors.js";

export type Method = "GET" | "POST" | "PUT" | "DELETE";
export type Query = Record<string, string | number | undefined>;

export interface HttpOptions {
  /** vconf's (or DingTalk's) base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** Sent as `x-acs-dingtalk-access-token` on the DingTalk conference calls. */
  accessToken?: string;
  /** Sent as `x-vconf-admin-key` on the control-plane calls. */
  adminKey?: string;
  /** Another `fetch` (a proxy-aware one, say); defaults to the global one. */
  fetch?: typeof fetch;
}

/** Which credential a call carries. */
export type Auth = "token" | "admin" | "none";

/** `/a/${id}` with the id encoded, so an id cannot change which endpoint is called. */
export function seg(id: string): string {
  return encodeURIComponent(id);
}

/** One JSON call; a 4xx/5xx answer throws VconfApiError. */
export async function call<T>(
  opts: HttpOptions,
  auth: Auth,
  method: Method,
  path: string,
  body?: unknown,
  query?: Query,
): Promise<T> {
  const url = new URL(opts.url.replace(/\/+$/, "") + path);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { accept: "application/json" };
  if (auth === "token" && opts.accessToken !== undefined)
    headers["x-acs-dingtalk-access-token"] = opts.accessToken;
  if (auth === "admin" && opts.adminKey !== undefined) headers["x-vconf-admin-key"] = opts.adminKey;
  let payload: string | undefined;
  if (body !== undefined) {
    headers["content-type"] = "application/json; charset=utf-8";
    payload = JSON.stringify(body);
  }
  const res = await (opts.fetch ?? fetch)(url, { method, headers, body: payload });
  const text = await res.text();
  if (!res.ok) throw toApiError(res.status, text, res.headers.get("x-acs-request-id"));
  if (text === "") return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw toApiError(res.status, text, null);
  }
}
