/**
 * Finishing touches on the generated OpenAPI document: each operation's error answers spelled out per
 * HTTP status with DingTalk's codes, and the tags in two groups (DingTalk's API, vconf's control plane).
 */

interface ErrorItem {
  code: string;
  status: number;
  message: string;
}
interface Operation {
  tags?: string[];
  responses?: Record<string, unknown>;
  "x-dingtalk-errors"?: ErrorItem[];
  "x-dingtalk-legacy"?: boolean;
}
type Document = { paths?: Record<string, Record<string, Operation> | undefined>; [k: string]: unknown };

const ENVELOPE = { $ref: "#/components/schemas/ErrorEnvelope" };
/** A request id of DingTalk's shape, for the examples. */
const SAMPLE_REQUEST_ID = "6E0B2A3C-91D4-4F0E-8A47-2C1B5D9E7F60";

const operations = (doc: Document): Operation[] =>
  Object.values(doc.paths ?? {}).flatMap((methods) => Object.values(methods ?? {}));

/**
 * Replaces the generic `4XX`/`5XX` answers with one answer per status the operation can give, whose
 * description lists the codes (code and usual message) and whose examples are their envelopes.
 */
export function listErrorAnswers<T extends object>(input: T): T {
  const doc = input as unknown as Document;
  // One example envelope per code, shared by every operation that can answer it.
  const examples: Record<string, unknown> = {};
  for (const op of operations(doc)) {
    const errors = op["x-dingtalk-errors"];
    // A legacy oapi call answers its errors in its 200 body (`errcode`/`errmsg`): no envelope answers.
    if (!errors || !op.responses || op["x-dingtalk-legacy"]) continue;
    const responses: Record<string, unknown> = {};
    for (const [status, answer] of Object.entries(op.responses)) {
      if (!/^[45]XX$/.test(status)) responses[status] = answer;
    }
    for (const status of [...new Set(errors.map((e) => e.status))]) {
      const here = errors.filter((e) => e.status === status);
      responses[String(status)] = {
        description: here.map((e) => `- \`${e.code}\`: ${e.message}`).join("\n"),
        content: {
          "application/json": {
            schema: ENVELOPE,
            examples: Object.fromEntries(
              here.map((e) => {
                examples[e.code] ??= {
                  summary: e.code,
                  value: { code: e.code, requestid: SAMPLE_REQUEST_ID, message: e.message },
                };
                return [e.code, { $ref: `#/components/examples/${e.code}` }];
              }),
            ),
          },
        },
      };
    }
    op.responses = responses;
  }
  const components = ((doc as { components?: Record<string, unknown> }).components ??= {});
  components.examples = Object.fromEntries(Object.entries(examples).sort(([a], [b]) => a.localeCompare(b)));
  return input;
}

const GROUPS = [
  { name: "DingTalk Open API", test: (tag: string) => tag.startsWith("DingTalk: ") },
  { name: "vconf control plane", test: (tag: string) => !tag.startsWith("DingTalk: ") },
];

const DESCRIPTIONS: Record<string, string> = {
  "DingTalk: oauth2": "DingTalk's token endpoints (SDK module oauth2_1_0)",
  "DingTalk: conference": "Conferences and co-hosts (SDK module conference_1_0)",
  "DingTalk: host controls": "Mute, kick, focus, lock, invite, settings (SDK module conference_1_0)",
  "control plane": "vconf's own calls (admin key): virtual attendees, tokens, seed, reset, audit",
};

/**
 * The document's tag list, DingTalk's tags first, each with a description where one is known, and
 * `x-tagGroups` (read by renderers such as Redoc and Scalar) putting them in the two groups.
 */
export function groupTags<T extends object>(input: T): T {
  const doc = input as unknown as Document;
  const seen = [...new Set(operations(doc).flatMap((op) => op.tags ?? []))];
  const groups = GROUPS.map((g) => ({ name: g.name, tags: seen.filter(g.test) }));
  doc.tags = groups
    .flatMap((g) => g.tags)
    .map((name) => (DESCRIPTIONS[name] ? { name, description: DESCRIPTIONS[name] } : { name }));
  doc["x-tagGroups"] = groups;
  return input;
}
