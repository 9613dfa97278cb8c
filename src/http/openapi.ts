import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { readFileSync } from "node:fs";
import type { RouteConfig } from "../schemas/common.js";
import { anyRequestErrors, documentedErrors } from "./error-docs.js";
import { groupTags, listErrorAnswers } from "./openapi-document.js";
import type { App } from "./types.js";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
  description: string;
};

/**
 * The browser may load only what vconf itself serves: the reference works offline and fetches nothing
 * from the internet (Swagger UI's online validator is off; its styles and scripts come from the package).
 */
const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'";

/**
 * The OpenAPI 3.1 document, generated from the routes' TypeBox schemas by @fastify/swagger (so it cannot
 * disagree with what the server validates), served at `/openapi.json`; every operation's error answers
 * come from the routes' declared codes and the error catalog (src/http/error-docs.ts). `/docs` renders it
 * with Swagger UI (@fastify/swagger-ui), its assets served from node_modules. Must be registered before
 * the routes.
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
          "`{code, requestid, message}`; each operation lists the codes it can answer (also as " +
          "`x-dingtalk-errors`). Any request may also get " +
          anyRequestErrors() +
          " (no such path or method; a request the HTTP layer refuses).",
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
      const dingtalk = url.startsWith("/v1.0/");
      if (config.operation) out.operationId = config.operation;
      if (dingtalk && schema.tags) out.tags = schema.tags.map((t) => `DingTalk: ${t}`);
      if (config.scope) {
        out.security = [{ accessToken: [] }];
        out["x-dingtalk-scope"] = config.scope;
      } else if (url.startsWith("/_vconf/")) {
        out.security = [{ adminKey: [] }];
      }
      if (config.legacy) out["x-dingtalk-legacy"] = true;
      out["x-dingtalk-errors"] = documentedErrors({ url, config, schema }).map(
        ({ code, status, message }) => ({ code, status, message }),
      );
      return { schema: out as typeof schema, url };
    },
    transformObject: (doc) =>
      "openapiObject" in doc ? groupTags(listErrorAnswers(doc.openapiObject)) : doc.swaggerObject,
  });

  app.get("/openapi.json", { schema: { hide: true }, config: { operation: "vconf.OpenApi" } }, () =>
    app.swagger(),
  );
  app.register(async (docs) => {
    // The page and its assets are one operation for the journal and metrics (not journaled, like /metrics).
    docs.addHook("onRoute", (route) => {
      const config: Partial<RouteConfig> = { ...(route.config as object), operation: "vconf.Docs" };
      route.config = config as typeof route.config;
    });
    await docs.register(swaggerUi, {
      routePrefix: "/docs",
      staticCSP: DOCS_CSP,
      theme: { title: "vconf API reference" },
      uiConfig: { deepLinking: true, docExpansion: "list", defaultModelsExpandDepth: 0 },
    });
  });
}
