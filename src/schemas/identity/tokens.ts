import Type, { type Static } from "typebox";

const S = Type.String();

export const GetAccessTokenBody = Type.Object({ appKey: Type.Optional(S), appSecret: Type.Optional(S) });
export type GetAccessTokenBody = Static<typeof GetAccessTokenBody>;
export const GetAccessTokenReply = Type.Object({ accessToken: S, expireIn: Type.Integer() });

export const GetCorpAccessTokenBody = Type.Object({
  suiteKey: Type.Optional(S),
  suiteSecret: Type.Optional(S),
  authCorpId: Type.Optional(S),
  suiteTicket: Type.Optional(S),
});
export type GetCorpAccessTokenBody = Static<typeof GetCorpAccessTokenBody>;

export const GetTokenParams = Type.Object({ corpId: S });
export const GetTokenBody = Type.Object({
  client_id: Type.Optional(S),
  client_secret: Type.Optional(S),
  grant_type: Type.Optional(S),
});
export type GetTokenBody = Static<typeof GetTokenBody>;
export const GetTokenReply = Type.Object({ access_token: S, expires_in: Type.Integer() });
