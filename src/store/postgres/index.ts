import { StoreError, type Store } from "../store.js";

/** Placeholder until the PostgreSQL driver lands (issue 5). */
export const PostgresStore = {
  async open(_url: string): Promise<Store> {
    throw new StoreError("the PostgreSQL store is not available in this build yet; use VCONF_STORE=sqlite");
  },
};
