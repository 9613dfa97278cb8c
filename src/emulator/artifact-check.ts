import { ARTIFACT_SHAPES, BY_USER, type Shape } from "./artifact-shapes.js";

/** At most this many items in any one list (spec more §10). */
export const MAX_ITEMS = 10_000;

const article = (t: string) => (/^[aeiou]/.test(t) ? "an" : "a");
const kind = (s: Shape) => (typeof s === "string" ? s : Array.isArray(s) ? "list" : "object");

/**
 * The first problem of `value` against `shape`, named by its path (`cloudRecordVideos[0].fileSize must
 * be a number`), or null. Unknown fields are problems too: a typo must not vanish silently.
 */
export function shapeProblem(value: unknown, shape: Shape, path: string): string | null {
  if (typeof shape === "string") {
    const ok =
      shape === "number" ? typeof value === "number" && Number.isFinite(value) : typeof value === shape;
    return ok ? null : `${path} must be ${article(shape)} ${shape}`;
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return `${path} must be a list`;
    if (value.length > MAX_ITEMS) return `${path} holds more than ${MAX_ITEMS} items`;
    for (let i = 0; i < value.length; i++) {
      const p = shapeProblem(value[i], shape[0], `${path}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return `${path} must be an object`;
  const fields = new Map(
    Object.entries(shape).map(([k, s]) => [k.replace(/\?$/, ""), { s, opt: k.endsWith("?") }]),
  );
  for (const k of Object.keys(value)) if (!fields.has(k)) return `${path}.${k} is not a known field`;
  for (const [k, { s, opt }] of fields) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) {
      if (!opt) return `${path}.${k} is missing (${article(kind(s))} ${kind(s)})`;
      continue;
    }
    const p = shapeProblem(v, s, `${path}.${k}`);
    if (p) return p;
  }
  return null;
}

/** The first problem of an artifacts PUT body (a JSON object of kinds, `null` deleting a kind), or null. */
export function artifactsProblem(body: unknown): string | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return "the body must be an object";
  for (const [key, value] of Object.entries(body)) {
    const shape = ARTIFACT_SHAPES[key];
    if (!shape) return `${key} is not an artifact kind`;
    if (value === null) continue;
    if (BY_USER.has(key)) {
      if (typeof value !== "object" || Array.isArray(value))
        return `${key} must be an object keyed by unionId`;
      const users = Object.entries(value as object);
      if (users.length > MAX_ITEMS) return `${key} holds more than ${MAX_ITEMS} users`;
      for (const [unionId, v] of users) {
        const p = shapeProblem(v, shape, `${key}.${unionId}`);
        if (p) return p;
      }
      continue;
    }
    const p = shapeProblem(value, shape, key);
    if (p) return p;
  }
  const flash = (body as { flashMinutes?: { bizType: string }[] | null }).flashMinutes;
  const i = flash ? flash.findIndex((f) => f.bizType !== "cloud_record" && f.bizType !== "minutes") : -1;
  if (i >= 0) return `flashMinutes[${i}].bizType must be cloud_record or minutes`;
  return null;
}
