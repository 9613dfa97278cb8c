/**
 * PostgreSQL text cannot hold U+0000, which client input (a title, an id in a URL) may contain and SQLite
 * stores as given. Every string goes in with U+0000 as U+0001 U+0002 and U+0001 as U+0001 U+0001, and
 * comes back decoded, so any string round-trips and lookups still compare exactly. (JSON columns are
 * unaffected: JSON.stringify already escapes both characters.)
 */
export const encodeText = (s: string) =>
  s.includes("\u0000") || s.includes("\u0001")
    ? s.replaceAll("\u0001", "\u0001\u0001").replaceAll("\u0000", "\u0001\u0002")
    : s;
export function decodeText(s: string): string {
  if (!s.includes("\u0001")) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\u0001" && i + 1 < s.length) out += s[++i] === "\u0002" ? "\u0000" : "\u0001";
    else out += s[i];
  }
  return out;
}

/**
 * JSON text PostgreSQL built from stored strings (to_json escapes U+0001 as `\u0001`), with the strings
 * decoded as above. Only text holding an escaped U+0001 is parsed and rebuilt, so the common case costs
 * one search.
 */
export function decodeJsonText(json: string): string {
  if (!json.includes("\\u0001")) return json;
  return JSON.stringify(JSON.parse(json, (_key, v: unknown) => (typeof v === "string" ? decodeText(v) : v)));
}
