import type { SeedDocument } from "../../src/schemas/emulator/seed.js";

export const W = "VideoConference.Conference.Write";
export const R = "VideoConference.Conference.Read";

/** Two orgs, apps with and without the conference scopes, and a third-party suite authorized by acme. */
export const FIXTURE: SeedDocument = {
  orgs: [
    {
      corpId: "dingcorp-acme",
      name: "Acme",
      users: [
        { unionId: "union-alice", userId: "alice", name: "Alice" },
        { unionId: "union-bob", userId: "bob", name: "Bob" },
        { unionId: "union-carol", userId: "carol", name: "Carol" },
        { unionId: "union-dave", userId: "dave", name: "Dave" },
        { unionId: "union-erin", userId: "erin", name: "Erin" },
      ],
      apps: [
        { appKey: "acme-app", appSecret: "acme-secret", scopes: [W, R] },
        { appKey: "acme-reader", appSecret: "reader-secret", scopes: [R] },
        { appKey: "acme-noscope", appSecret: "noscope-secret", scopes: [] },
      ],
    },
    {
      corpId: "dingcorp-globex",
      name: "Globex",
      users: [
        { unionId: "union-gina", userId: "gina", name: "Gina" },
        { unionId: "union-hank", userId: "hank", name: "Hank" },
      ],
      apps: [{ appKey: "globex-app", appSecret: "globex-secret", scopes: [W, R] }],
    },
  ],
  suites: [
    {
      suiteKey: "suite-meetbot",
      suiteSecret: "meetbot-secret",
      suiteTicket: "ticket-1",
      scopes: [W, R],
      authorizedCorps: ["dingcorp-acme"],
    },
  ],
};
