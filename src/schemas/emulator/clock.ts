import Type from "typebox";

/** The furthest one call may move time (100 years): far beyond any token or meeting, safely below 2^53 ms. */
export const MAX_ADVANCE_MS = 100 * 365.25 * 24 * 3600 * 1000;

/** `POST /_vconf/v1/clock`: applied in this order: reset, freeze/unfreeze, advance. */
export const ClockBody = Type.Object(
  {
    advanceMs: Type.Optional(
      Type.Integer({ minimum: 0, maximum: MAX_ADVANCE_MS, description: "move time forward this many ms" }),
    ),
    freeze: Type.Optional(
      Type.Boolean({ description: "true: time stands still (at now); false: it runs again from there" }),
    ),
    reset: Type.Optional(
      Type.Literal(true, { description: "back to the system clock (not frozen, no offset)" }),
    ),
  },
  { additionalProperties: false },
);

export const ClockReply = Type.Object({
  now: Type.String({ description: "the emulated time (ISO 8601)" }),
  nowMs: Type.Integer({ description: "the same, in ms since the epoch" }),
  frozen: Type.Boolean(),
  offsetMs: Type.Integer({ description: "how far ahead of the system clock it is now" }),
});
