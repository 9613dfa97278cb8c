import { ANY_REQUEST, isDocumented } from "../../src/http/error-docs.js";
import { injectedErrors } from "../../src/http/faults-hook.js";
import type { App } from "../../src/http/types.js";

/** Answers every route may give without listing them (documented once, in the OpenAPI description). */
const ANY_ROUTE = new Set<string>(ANY_REQUEST);

/**
 * Watches every error `app` answers and collects those its route does not document (src/http/error-docs.ts):
 * every HTTP test builds its app through `buildTestApp`, so the whole suite checks the API reference's
 * error lists against real answers. Call before `app.ready()`; `ctx.close()` fails on any entry.
 */
export function watchErrorDocs(app: App): string[] {
  const undocumented: string[] = [];
  app.addHook("onResponse", async (request) => {
    const code = request.answeredError?.code;
    if (!code || ANY_ROUTE.has(code) || injectedErrors.has(request)) return;
    const { url, config, schema } = request.routeOptions;
    if (!url) return;
    if (!isDocumented({ url, config, schema }, code)) {
      const entry = `${request.method} ${url} answered ${code}, which its route does not list`;
      if (!undocumented.includes(entry)) undocumented.push(entry);
    }
  });
  return undocumented;
}
