import type { Store } from "../../src/store/store.js";

/** A fresh PostgreSQL store for one test (VCONF_TEST_DATABASE_URL); lands with the PostgreSQL driver. */
export async function openTestPostgres(): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  throw new Error("VCONF_TEST_STORE=postgres: the PostgreSQL driver is not built yet");
}
