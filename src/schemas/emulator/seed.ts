import Type, { type Static } from "typebox";
import { EventDocument } from "../events/control.js";
import { ID_MAX, NAME_MAX } from "../limits.js";

const closed = { additionalProperties: false } as const;
const Id = Type.String({ minLength: 1, maxLength: ID_MAX });
const Name = Type.String({ minLength: 1, maxLength: NAME_MAX });
const Secret = Type.String({ minLength: 1, maxLength: 256 });
const Scopes = Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 100 });
// A seed file is not bound by the request body limit, so its lists are bounded here, generously.

export const SeedUser = Type.Object({ unionId: Id, userId: Id, name: Name }, closed);
export const SeedApp = Type.Object(
  { appKey: Id, appSecret: Secret, scopes: Scopes, events: Type.Optional(EventDocument) },
  closed,
);
export const SeedOrg = Type.Object(
  {
    corpId: Id,
    name: Name,
    users: Type.Optional(Type.Array(SeedUser, { maxItems: 100_000 })),
    apps: Type.Optional(Type.Array(SeedApp, { maxItems: 1_000 })),
  },
  closed,
);
export const SeedSuite = Type.Object(
  {
    suiteKey: Id,
    suiteSecret: Secret,
    suiteTicket: Secret,
    scopes: Scopes,
    authorizedCorps: Type.Optional(Type.Array(Id, { maxItems: 10_000 })),
    events: Type.Optional(EventDocument),
  },
  closed,
);

/** The seed document of vconf-interface.md: orgs with users and apps, and third-party suites. */
export const SeedDocument = Type.Object(
  {
    orgs: Type.Optional(Type.Array(SeedOrg, { maxItems: 10_000 })),
    suites: Type.Optional(Type.Array(SeedSuite, { maxItems: 1_000 })),
  },
  closed,
);
export type SeedDocument = Static<typeof SeedDocument>;
