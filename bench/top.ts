/**
 * `node --import tsx bench/top.ts <file.cpuprofile> [n] [--inclusive]`: the functions with the most self
 * time in a V8 CPU profile (as written by `npm run bench -- --profile`), grouped by function and file;
 * `--inclusive` counts the time spent in what each function called as well (each sample once per function).
 */
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}
const args = process.argv.slice(2);
const inclusive = args.includes("--inclusive");
const [file, n = "30"] = args.filter((a) => a !== "--inclusive");
const prof = JSON.parse(readFileSync(file, "utf8")) as { nodes: Node[]; samples: number[] };
const byId = new Map(prof.nodes.map((x) => [x.id, x]));
const parent = new Map<number, number>();
for (const x of prof.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
const keyOf = (id: number) => {
  const f = byId.get(id)!.callFrame;
  const where = f.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(src|dist)\//, "$1/");
  return `${f.functionName || "(anonymous)"}  ${where}:${f.lineNumber + 1}`;
};
const counts = new Map<string, number>();
for (const id of prof.samples) {
  const keys = new Set<string>([keyOf(id)]);
  if (inclusive) for (let p = parent.get(id); p !== undefined; p = parent.get(p)) keys.add(keyOf(p));
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
}
const total = prof.samples.length;
for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, Number(n))) {
  console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
}
