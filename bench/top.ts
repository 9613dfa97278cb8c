/**
 * `node --import tsx bench/top.ts <file.cpuprofile> [n]`: the functions with the most self time in a V8
 * CPU profile (as written by `npm run bench -- --profile`), grouped by function and file.
 */
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}
const [file, n = "30"] = process.argv.slice(2);
const prof = JSON.parse(readFileSync(file, "utf8")) as { nodes: Node[]; samples: number[] };
const byId = new Map(prof.nodes.map((x) => [x.id, x]));
const self = new Map<string, number>();
for (const id of prof.samples) {
  const f = byId.get(id)!.callFrame;
  const where = f.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(src|dist)\//, "$1/");
  const key = `${f.functionName || "(anonymous)"}  ${where}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + 1);
}
const total = prof.samples.length;
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(n))) {
  console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
}
