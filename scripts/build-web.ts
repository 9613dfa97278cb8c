/**
 * Bundles the web console (web/) into dist/web/ with esbuild: one ES module, one stylesheet and the page,
 * everything served by vconf itself (no CDN). `npm run build` runs it, so npm ci (prepare), npm start and
 * npm test (pretest) always serve a console built from the current source.
 */
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";

const root = new URL("../", import.meta.url);
const out = new URL("dist/web/", root);
mkdirSync(out, { recursive: true });
const result = await build({
  absWorkingDir: new URL(".", root).pathname,
  entryPoints: { console: "web/src/main.tsx" },
  outdir: "dist/web",
  bundle: true,
  format: "esm",
  target: "es2022",
  jsx: "automatic",
  jsxImportSource: "preact",
  minify: true,
  sourcemap: "linked",
  legalComments: "linked",
  metafile: true,
  logLevel: "warning",
});
copyFileSync(new URL("web/index.html", root), new URL("index.html", out));
const bytes = Object.entries(result.metafile.outputs)
  .filter(([file]) => !file.endsWith(".map"))
  .map(([file, o]) => `${file.replace("dist/web/", "")} ${(o.bytes / 1024).toFixed(1)} KiB`);
console.log(`console bundle: ${bytes.join(", ")}`);
