import Type, { type Static } from "typebox";

const closed = { additionalProperties: false } as const;
const Id = Type.String({ minLength: 1, maxLength: 128 });
const Scopes = Type.Array(Type.String({ minLength: 1 }));

export const SeedUser = Type.Object(
  { unionId: Id, userId: Id, name: Type.String({ minLength: 1, maxLength: 256 }) },
  closed,
);
export const SeedApp = Type.Object(
  { appKey: Id, appSecret: Type.String({ minLength: 1 }), scopes: Scopes },
  closed,
);
export const SeedOrg = Type.Object(
  {
    corpId: Id,
    name: Type.String({ minLength: 1 }),
    users: Type.Optional(Type.Array(SeedUser)),
    apps: Type.Optional(Type.Array(SeedApp)),
  },
  closed,
);
export const SeedSuite = Type.Object(
  {
    suiteKey: Id,
    suiteSecret: Type.String({ minLength: 1 }),
    suiteTicket: Type.String({ minLength: 1 }),
    scopes: Scopes,
    authorizedCorps: Type.Optional(Type.Array(Id)),
  },
  closed,
);

/** The seed document of vconf-interface.md: orgs with users and apps, and third-party suites. */
export const SeedDocument = Type.Object(
  { orgs: Type.Optional(Type.Array(SeedOrg)), suites: Type.Optional(Type.Array(SeedSuite)) },
  closed,
);
export type SeedDocument = Static<typeof SeedDocument>;
