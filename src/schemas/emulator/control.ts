import Type, { type Static } from "typebox";
import { ID_MAX } from "../limits.js";

export const AttendeeParams = Type.Object({ conferenceId: Type.String(), unionId: Type.String() });
export const JoinBody = Type.Object({
  deviceType: Type.Optional(Type.String({ maxLength: 64 })),
  micStatus: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)], { description: "1 off, 2 on" })),
  cameraStatus: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)], { description: "1 off, 2 on" })),
});
export type JoinBody = Static<typeof JoinBody>;
export const JoinReply = Type.Object({ joined: Type.Boolean() });
export const LeaveReply = Type.Object({ left: Type.Boolean() });
export const UnmuteReply = Type.Object({ micStatus: Type.Integer() });

const Id = Type.String({ minLength: 1, maxLength: ID_MAX });
export const TokenBody = Type.Object({
  appKey: Type.Optional(Id),
  suiteKey: Type.Optional(Id),
  corpId: Type.Optional(Id),
});
export type TokenBody = Static<typeof TokenBody>;
export const TokenReply = Type.Object({ accessToken: Type.String(), expireIn: Type.Integer() });

export const ResetBody = Type.Object({ corpId: Type.Optional(Id) });
export const Done = Type.Object({ success: Type.Boolean() });

export const AuditReply = Type.Object({
  entries: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      at: Type.Integer(),
      app: Type.String(),
      operation: Type.String(),
      target: Type.String(),
      before: Type.Unknown(),
      after: Type.Unknown(),
    }),
  ),
});
