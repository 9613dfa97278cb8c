import Type from "typebox";

/**
 * DingTalk's legacy oapi calls for HTTP push (dingtalk-events.md §2.5, vconf-events.md §2). Their
 * errors are `{errcode, errmsg}` with HTTP 200, as oapi answers, so inputs are checked by the handlers
 * (a schema failure would answer the v1.0 envelope).
 */
export const LegacyTokenQuery = Type.Object({
  appkey: Type.Optional(Type.String({ maxLength: 256 })),
  appsecret: Type.Optional(Type.String({ maxLength: 256 })),
});
export const AccessTokenQuery = Type.Object({ access_token: Type.Optional(Type.String({ maxLength: 256 })) });

export const LegacyReply = Type.Object({ errcode: Type.Integer(), errmsg: Type.String() });
export const LegacyTokenReply = Type.Object({
  errcode: Type.Integer(),
  errmsg: Type.String(),
  access_token: Type.Optional(Type.String()),
  expires_in: Type.Optional(Type.Integer()),
});

export const RegisterCallBackBody = Type.Object({
  call_back_tag: Type.Optional(Type.Array(Type.String({ maxLength: 128 }), { maxItems: 64 })),
  token: Type.Optional(Type.String({ maxLength: 256 })),
  aes_key: Type.Optional(Type.String({ maxLength: 256 })),
  url: Type.Optional(Type.String({ maxLength: 2048 })),
});

export const GetCallBackReply = Type.Object({
  errcode: Type.Integer(),
  errmsg: Type.String(),
  call_back_tag: Type.Optional(Type.Array(Type.String())),
  token: Type.Optional(Type.String()),
  aes_key: Type.Optional(Type.String()),
  url: Type.Optional(Type.String()),
});

export const FailedResultReply = Type.Object({
  errcode: Type.Integer(),
  errmsg: Type.String(),
  has_more: Type.Optional(Type.Boolean()),
  failed_list: Type.Optional(
    Type.Array(
      Type.Object(
        { call_back_tag: Type.String(), event_time: Type.Integer() },
        { additionalProperties: true, description: "plus the plaintext event under its tag's name" },
      ),
    ),
  ),
});
