import Type, { type Static } from "typebox";

const closed = { additionalProperties: false } as const;
const Id = Type.String({ minLength: 1, maxLength: 128 });
const Name = Type.String({ minLength: 1, maxLength: 256 });
const Scopes = Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 100 });

export const CorpParams = Type.Object({ corpId: Type.String() });
export const UnionParams = Type.Object({ unionId: Type.String() });
export const AppParams = Type.Object({ appKey: Type.String() });
export const SuiteParams = Type.Object({ suiteKey: Type.String() });
export const SuiteAuthParams = Type.Object({ suiteKey: Type.String(), corpId: Type.String() });

export const Org = Type.Object({ corpId: Type.String(), name: Type.String() });
export const OrgBody = Type.Object({ corpId: Id, name: Name }, closed);
export type OrgBody = Static<typeof OrgBody>;
export const OrgsReply = Type.Object({ orgs: Type.Array(Org) });

export const User = Type.Object({
  unionId: Type.String(),
  corpId: Type.String(),
  userId: Type.String(),
  name: Type.String(),
});
export const UserBody = Type.Object({ unionId: Id, userId: Id, name: Name }, closed);
export type UserBody = Static<typeof UserBody>;
export const UsersReply = Type.Object({ users: Type.Array(User) });

export const AppView = Type.Object({
  appKey: Type.String(),
  corpId: Type.String(),
  scopes: Type.Array(Type.String()),
});
export const AppBody = Type.Object(
  {
    appKey: Type.Optional(Id),
    appSecret: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    scopes: Type.Optional(Scopes),
  },
  closed,
);
export type AppBody = Static<typeof AppBody>;
export const AppCreated = Type.Object({
  ...AppView.properties,
  appSecret: Type.String({ description: "shown only now" }),
});
export const AppsReply = Type.Object({ apps: Type.Array(AppView) });

export const ScopesBody = Type.Object(
  { grant: Type.Optional(Scopes), revoke: Type.Optional(Scopes) },
  { ...closed, description: "scopes to add and to remove; tokens already issued follow at once" },
);
export type ScopesBody = Static<typeof ScopesBody>;
export const RotateBody = Type.Object(
  {
    revokeTokens: Type.Optional(
      Type.Boolean({ description: "also drop every token issued so far (default: they stay valid)" }),
    ),
  },
  closed,
);
export type RotateBody = Static<typeof RotateBody>;
export const AppSecretReply = Type.Object({ appKey: Type.String(), appSecret: Type.String() });

export const SuiteView = Type.Object({
  suiteKey: Type.String(),
  scopes: Type.Array(Type.String()),
  authorizedCorps: Type.Array(Type.String()),
});
export const SuiteBody = Type.Object(
  {
    suiteKey: Type.Optional(Id),
    suiteSecret: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    suiteTicket: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    scopes: Type.Optional(Scopes),
  },
  closed,
);
export type SuiteBody = Static<typeof SuiteBody>;
export const SuiteCreated = Type.Object({
  ...SuiteView.properties,
  suiteSecret: Type.String({ description: "shown only now" }),
  suiteTicket: Type.String({ description: "shown only now" }),
});
export const SuitesReply = Type.Object({ suites: Type.Array(SuiteView) });
export const SuiteSecretReply = Type.Object({ suiteKey: Type.String(), suiteSecret: Type.String() });
export const AuthorizeBody = Type.Object({ corpId: Id }, closed);
