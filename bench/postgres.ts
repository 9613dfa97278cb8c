/**
 * PostgreSQL for the bench: VCONF_DATABASE_URL when set, else a throwaway cluster of our own started by
 * scripts/pg-test-cluster.sh (as the tests do) when PostgreSQL's binaries are present, with fsync and full
 * page writes on (the script turns them off for tests; the bench measures PostgreSQL's own durability).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./proc.js";

export interface Postgres {
  url: string;
  /** Where it came from, for the table. */
  source: string;
  stop(): void;
}

const SCRIPT = join(ROOT, "scripts/pg-test-cluster.sh");

/** The database to measure on, or why there is none. */
export function startPostgres(): Postgres | string {
  const given = process.env.VCONF_DATABASE_URL;
  if (given) return { url: given, source: "VCONF_DATABASE_URL", stop: () => {} };
  const r = spawnSync(SCRIPT, ["start"], {
    encoding: "utf8",
    env: { ...process.env, PG_TEST_OPTS: "-c fsync=on -c full_page_writes=on" },
  });
  if (r.status !== 0) {
    const why = r.stderr.trim().split("\n").pop() ?? "start failed";
    // Never a silent skip: with the binaries present a cluster that does not start fails the bench.
    if (hasBinaries())
      throw new Error(`bench: PostgreSQL is installed but its cluster did not start: ${why}`);
    return `skipped: no PostgreSQL (${why})`;
  }
  const value = (name: string) => new RegExp(`export ${name}=(\\S+)`).exec(r.stdout)?.[1] ?? "";
  const dir = value("PG_TEST_DIR");
  const version = execFileSync(
    join(
      execFileSync("cat", [join(dir, "bindir")])
        .toString()
        .trim(),
      "postgres",
    ),
    ["--version"],
  )
    .toString()
    .trim();
  return {
    url: value("VCONF_TEST_DATABASE_URL"),
    source: `own cluster, ${version}, default settings but max_connections=300`,
    stop: () => void spawnSync(SCRIPT, ["stop", dir]),
  };
}

/** Whether PostgreSQL's server binaries are where scripts/pg-test-cluster.sh looks for them. */
function hasBinaries(): boolean {
  const onPath = (process.env.PATH ?? "").split(":").some((d) => d && existsSync(join(d, "initdb")));
  const lib = "/usr/lib/postgresql";
  return onPath || (existsSync(lib) && readdirSync(lib).some((v) => existsSync(join(lib, v, "bin/initdb"))));
}
