import swagger from "@fastify/swagger";
import { readFileSync } from "node:fs";
import type { RouteConfig } from "../schemas/common.js";
import { renderDocsPage } from "./docs-page.js";
import type { App } from "./types.js";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
  description: string;
};

/**
 * The OpenAPI 3.1 document, generated from the routes' TypeBox schemas by @fastify/swagger (so it cannot
 * disagree with what the server validates), served at `/openapi.json`, with a readable page at `/docs`.
 * Must be registered before the routes.
 */
export function openApi(app: App) {
  app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "vconf",
        version: pkg.version,
        description:
          `${pkg.description}. DingTalk paths (\`/v1.0/…\`) take DingTalk's access token; the control ` +
          "plane (`/_vconf/v1/…`) takes the admin key. Every error is DingTalk's envelope " +
          "`{code, requestid, message}`.",
      },
      components: {
        securitySchemes: {
          accessToken: { type: "apiKey", in: "header", name: "x-acs-dingtalk-access-token" },
          adminKey: { type: "apiKey", in: "header", name: "x-vconf-admin-key" },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (json.$id as string) ?? `def-${i}` },
    transform: ({ schema, url, route }) => {
      const config = (route.config ?? {}) as Partial<RouteConfig>;
      const out: Record<string, unknown> = { ...schema };
      if (config.operation) out.operationId = config.operation;
      if (config.scope) {
        out.security = [{ accessToken: [] }];
        out["x-dingtalk-scope"] = config.scope;
      } else if (url.startsWith("/_vconf/")) {
        out.security = [{ adminKey: [] }];
      }
      return { schema: out as typeof schema, url };
    },
  });

  app.get("/openapi.json", { schema: { hide: true }, config: { operation: "vconf.OpenApi" } }, () =>
    app.swagger(),
  );
  app.get("/docs", { schema: { hide: true }, config: { operation: "vconf.Docs" } }, (_req, reply) =>
    reply.type("text/html; charset=utf-8").send(renderDocsPage(app.swagger() as OpenApiDocument)),
  );
}

export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}
export interface OpenApiOperation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  "x-dingtalk-scope"?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema; description?: string }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema: JsonSchema }> }>;
}
export interface JsonSchema {
  type?: string | string[];
  $ref?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  [k: string]: unknown;
}
