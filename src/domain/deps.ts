import type { Store } from "../store/store.js";
import type { Clock } from "./clock.js";

/** What every domain function needs. */
export interface Deps {
  store: Store;
  clock: Clock;
  maxCoHosts: number;
  /** Member rows per conference (VCONF_MAX_MEMBERS). */
  maxMembers: number;
}

/** Who is calling: resolved from the access token. */
export interface Caller {
  corpId: string;
  /** App key (internal app) or suite key (third-party app). */
  clientKey: string;
  kind: "app" | "suite";
  scopes: string[];
}
