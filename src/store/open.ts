import type { Config } from "../config.js";
import { SqliteStore } from "./sqlite/index.js";
import type { Store } from "./store.js";

/** Opens the store the settings name. */
export async function openStore(config: Pick<Config, "store" | "dataDir" | "databaseUrl">): Promise<Store> {
  if (config.store === "postgres") {
    const { PostgresStore } = await import("./postgres/index.js");
    return PostgresStore.open(config.databaseUrl!);
  }
  return SqliteStore.open(config.dataDir);
}
