import Type, { type Static } from "typebox";

/** The status filter's accepted forms: an exact status (`403`) or a class (`4xx`). */
export const STATUS_FILTER_PATTERN = "^([1-5]xx|[1-5][0-9]{2})$";

export const JournalQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.String({ pattern: "^[0-9]{1,7}$", description: "how many of the newest entries (default all)" }),
    ),
    operation: Type.Optional(Type.String({ minLength: 1, description: "SDK action name, e.g. Cohosts" })),
    app: Type.Optional(Type.String({ minLength: 1, description: "app or suite key" })),
    status: Type.Optional(
      Type.String({ pattern: STATUS_FILTER_PATTERN, description: "an HTTP status (403) or class (4xx)" }),
    ),
  },
  { additionalProperties: false },
);
export type JournalQuery = Static<typeof JournalQuery>;

/** One answered request, as the control plane's request journal shows it. */
export const JournalEntry = Type.Object({
  time: Type.String({ description: "ISO 8601" }),
  requestid: Type.String(),
  method: Type.String(),
  path: Type.String({ description: "without the query string" }),
  operation: Type.String(),
  app: Type.Optional(Type.String()),
  status: Type.Integer(),
  latencyMs: Type.Number(),
  instance: Type.Optional(
    Type.String({ description: "the vconf process that answered it (an id per process; several instances)" }),
  ),
  code: Type.Optional(Type.String({ description: "DingTalk error code (errors only)" })),
  message: Type.Optional(Type.String({ description: "DingTalk error message (errors only)" })),
});

export type JournalEntry = Static<typeof JournalEntry>;

export const JournalReply = Type.Object({
  capacity: Type.Integer({ description: "VCONF_JOURNAL_SIZE: the most entries kept" }),
  entries: Type.Array(JournalEntry),
});
