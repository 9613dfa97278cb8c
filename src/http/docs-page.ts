import type { JsonSchema, OpenApiDocument, OpenApiOperation } from "./openapi.js";

/**
 * `/docs`: the OpenAPI document as one self-contained HTML page (no scripts, no CDN: vconf often runs
 * where there is no internet). Every operation with its method, path, summary, auth, request and reply
 * fields.
 */

const esc = (s: unknown) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

function typeOf(s: JsonSchema | undefined): string {
  if (!s) return "any";
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (s.anyOf) return s.anyOf.map(typeOf).join(" | ");
  if (s.type === "array") return `${typeOf(s.items)}[]`;
  if (Array.isArray(s.type)) return s.type.join(" | ");
  return s.type ?? (s.$ref ? s.$ref.split("/").pop()! : "any");
}

interface Field {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

/** Object fields, nested ones as `a.b` and `a[].b`, a few levels deep. */
function fields(s: JsonSchema | undefined, prefix = "", depth = 0): Field[] {
  if (!s || depth > 4) return [];
  if (s.type === "array" && s.items) return fields(s.items, `${prefix}[]`, depth + 1);
  if (!s.properties) return [];
  const out: Field[] = [];
  for (const [name, p] of Object.entries(s.properties)) {
    const full = prefix ? `${prefix}.${name}` : name;
    out.push({
      name: full,
      type: typeOf(p),
      required: s.required?.includes(name) ?? false,
      description: p.description ?? "",
    });
    out.push(...fields(p, full, depth + 1));
  }
  return out;
}

function table(rows: Field[], extra?: (f: Field) => string): string {
  if (rows.length === 0) return "<p class=none>none</p>";
  const head = `<tr><th>field</th>${extra ? "<th>in</th>" : ""}<th>type</th><th>required</th><th>description</th></tr>`;
  const body = rows
    .map(
      (f) =>
        `<tr><td><code>${esc(f.name)}</code></td>${extra ? `<td>${esc(extra(f))}</td>` : ""}` +
        `<td><code>${esc(f.type)}</code></td><td>${f.required ? "yes" : ""}</td><td>${esc(f.description)}</td></tr>`,
    )
    .join("");
  return `<table>${head}${body}</table>`;
}

function auth(op: OpenApiOperation): string {
  if (op["x-dingtalk-scope"])
    return `access token (x-acs-dingtalk-access-token) with scope ${op["x-dingtalk-scope"]}`;
  if (op.security?.some((s) => "adminKey" in s)) return "admin key (x-vconf-admin-key)";
  return "none";
}

function operation(method: string, path: string, op: OpenApiOperation): string {
  const where = new Map<string, string>();
  const request: Field[] = (op.parameters ?? []).map((p) => {
    where.set(p.name, p.in);
    return {
      name: p.name,
      type: typeOf(p.schema),
      required: !!p.required,
      description: p.description ?? p.schema?.description ?? "",
    };
  });
  const body = op.requestBody?.content?.["application/json"]?.schema;
  for (const f of fields(body)) {
    where.set(f.name, "body");
    request.push(f);
  }
  const ok = op.responses?.["200"]?.content?.["application/json"]?.schema;
  const id = op.operationId ?? `${method}-${path}`;
  return `<section id="${esc(id)}">
<h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary ?? "")}</p>
<p class=meta>operation <code>${esc(op.operationId ?? "")}</code> · auth: ${esc(auth(op))}</p>
<h4>Request</h4>${table(request, (f) => where.get(f.name) ?? "body")}
<h4>Reply (200)</h4>${table(fields(ok))}
</section>`;
}

export function renderDocsPage(doc: OpenApiDocument): string {
  const groups = new Map<string, string[]>();
  const index: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags?.[0] ?? "other";
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag)!.push(operation(method, path, op));
      index.push(
        `<li><a href="#${esc(op.operationId ?? `${method}-${path}`)}">${esc(method.toUpperCase())} ${esc(path)}</a> ${esc(op.summary ?? "")}</li>`,
      );
    }
  }
  const sections = [...groups].map(([tag, ops]) => `<h2>${esc(tag)}</h2>${ops.join("\n")}`).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(doc.info.title)} API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
code{font:13px ui-monospace,monospace}table{border-collapse:collapse;width:100%;margin:.3em 0 1em}
th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#f6f6f6}
section{border-top:1px solid #eee;padding-top:.5em}.m{display:inline-block;min-width:4.5em;font-size:13px}
.get{color:#0a7}.post{color:#06c}.put{color:#a60}.delete{color:#c22}.meta,.none{color:#666}
</style></head><body>
<h1>${esc(doc.info.title)} ${esc(doc.info.version)} API reference</h1>
<p>${esc(doc.info.description ?? "")}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Errors on every path:
DingTalk's envelope <code>{"code","requestid","message"}</code> with a 4xx/5xx status.</p>
<ul>${index.join("\n")}</ul>
${sections}
</body></html>
`;
}
