import type { App } from "../../../src/http/types.js";

/** One registered route: method, path pattern (`:param`) and the JSON schemas the OpenAPI document has. */
export interface FuzzRoute {
  method: string;
  path: string;
  params: string[];
  body?: JsonSchema;
  query?: Record<string, JsonSchema>;
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

/**
 * Every route the app has, read from Fastify's own route tree (`printRoutes`), so a route added later is
 * fuzzed without anyone listing it; body and query schemas come from the OpenAPI document where the route
 * is documented. Call after `app.ready()`.
 */
export function fuzzRoutes(app: App): FuzzRoute[] {
  const doc = app.swagger() as {
    paths: Record<
      string,
      Record<
        string,
        {
          requestBody?: { content: Record<string, { schema: JsonSchema }> };
          parameters?: { in: string; name: string; schema: JsonSchema }[];
          responses?: Record<string, { content?: Record<string, unknown> }>;
        }
      >
    >;
  };
  const routes: FuzzRoute[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split("\n")) {
    const m = /^([│ ]*)[├└]── (\S*)(?: \(([^)]*)\))?/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    stack.push(m[2]);
    if (!m[3]) continue;
    const path = stack.join("");
    const openApiPath = path.replace(/:(\w+)/g, "{$1}");
    for (const method of m[3].split(",").map((s) => s.trim())) {
      const ops = doc.paths[openApiPath];
      const op = ops?.[method.toLowerCase()] ?? (method === "HEAD" ? ops?.get : undefined);
      // An event stream (the watch feed) never ends on its own: it has its own tests, not the fuzz's.
      if (op?.responses?.["200"]?.content?.["text/event-stream"]) continue;
      const query = Object.fromEntries(
        (op?.parameters ?? []).filter((p) => p.in === "query").map((p) => [p.name, p.schema]),
      );
      routes.push({
        method,
        path,
        params: [...path.matchAll(/:(\w+)/g)].map((p) => p[1]),
        body: op?.requestBody?.content["application/json"]?.schema,
        query,
      });
    }
  }
  return routes;
}

export const routeName = (r: Pick<FuzzRoute, "method" | "path">) => `${r.method} ${r.path}`;
