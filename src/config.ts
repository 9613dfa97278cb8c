/**
 * vconf's settings: one table, read once at boot from the environment (and `vconf serve` flags, which
 * win). Every problem is reported together; the caller prints them and exits 1.
 */
export interface Config {
  host: string;
  port: number;
  store: "sqlite" | "postgres";
  dataDir: string;
  databaseUrl: string | undefined;
  seed: string | undefined;
  adminKey: string | undefined;
  maxCoHosts: number;
  maxMembers: number;
  rateLimit: number;
  logLevel: string;
  journalSize: number;
  eventAckTimeoutMs: number;
  eventRetryMaxDelayMs: number;
  eventRetryMaxAttempts: number;
  eventRetryTtlMs: number;
  eventMaxInFlight: number;
  streamPingMs: number;
}

interface Setting {
  env: string;
  flag: string;
  doc: string;
  default?: string;
  parse: (raw: string) => unknown;
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

function int(min: number, max: number) {
  return (raw: string) => {
    if (!/^\d+$/.test(raw)) throw new Error(`must be a whole number from ${min} to ${max}`);
    const n = Number(raw);
    if (n < min || n > max) throw new Error(`must be a whole number from ${min} to ${max}`);
    return n;
  };
}
function oneOf(values: string[]) {
  return (raw: string) => {
    if (!values.includes(raw)) throw new Error(`must be one of ${values.join(", ")}`);
    return raw;
  };
}
const text = (raw: string) => {
  if (raw === "") throw new Error("must not be empty");
  return raw;
};

export const settings: Record<keyof Config, Setting> = {
  host: { env: "VCONF_HOST", flag: "--host", default: "127.0.0.1", doc: "address to listen on", parse: text },
  port: {
    env: "VCONF_PORT",
    flag: "--port",
    default: "8080",
    doc: "port (0 = any free port; the chosen one is printed)",
    parse: int(0, 65535),
  },
  store: {
    env: "VCONF_STORE",
    flag: "--store",
    default: "sqlite",
    doc: "sqlite or postgres",
    parse: oneOf(["sqlite", "postgres"]),
  },
  dataDir: {
    env: "VCONF_DATA_DIR",
    flag: "--data-dir",
    default: "./data",
    doc: "where the SQLite file lives (created if missing)",
    parse: text,
  },
  databaseUrl: {
    env: "VCONF_DATABASE_URL",
    flag: "--database-url",
    doc: "PostgreSQL connection string, for VCONF_STORE=postgres",
    parse: (raw) => {
      if (!/^postgres(ql)?:\/\//.test(raw)) throw new Error("must be a postgres:// or postgresql:// URL");
      return raw;
    },
  },
  seed: {
    env: "VCONF_SEED",
    flag: "--seed",
    doc: "a seed file applied at start; applying it twice changes nothing",
    parse: text,
  },
  adminKey: {
    env: "VCONF_ADMIN_KEY",
    flag: "--admin-key",
    doc: "protects the control plane (/_vconf/...); generated and printed when unset",
    parse: (raw) => {
      if (raw.length < 8) throw new Error("must be at least 8 characters");
      return raw;
    },
  },
  maxCoHosts: {
    env: "VCONF_MAX_COHOSTS",
    flag: "--max-cohosts",
    default: "100",
    doc: "co-host limit per conference",
    parse: int(1, 500),
  },
  maxMembers: {
    env: "VCONF_MAX_MEMBERS",
    flag: "--max-members",
    default: "1000",
    doc: "member limit per conference (invited, present and past members alike)",
    parse: int(1, 100_000),
  },
  rateLimit: {
    env: "VCONF_RATE_LIMIT",
    flag: "--rate-limit",
    default: "0",
    doc: "calls per second per app per API (0 = off; 20 matches DingTalk's standard edition)",
    parse: int(0, 1_000_000),
  },
  logLevel: {
    env: "VCONF_LOG_LEVEL",
    flag: "--log-level",
    default: "info",
    doc: "pino level: " + LOG_LEVELS.join(", "),
    parse: oneOf(LOG_LEVELS),
  },
  journalSize: {
    env: "VCONF_JOURNAL_SIZE",
    flag: "--journal-size",
    default: "1000",
    doc: "how many requests the control plane's request journal keeps (in memory)",
    parse: int(0, 1_000_000),
  },
  eventAckTimeoutMs: {
    env: "VCONF_EVENT_ACK_TIMEOUT_MS",
    flag: "--event-ack-timeout-ms",
    default: "10000",
    doc: "an event without its ACK (Stream) or reply (HTTP) after this many ms is sent again",
    parse: int(50, 600_000),
  },
  eventRetryMaxDelayMs: {
    env: "VCONF_EVENT_RETRY_MAX_DELAY_MS",
    flag: "--event-retry-max-delay-ms",
    default: "60000",
    doc: "cap of the redelivery backoff (1 s, 2 s, 4 s, …)",
    parse: int(1, 3_600_000),
  },
  eventRetryMaxAttempts: {
    env: "VCONF_EVENT_RETRY_MAX_ATTEMPTS",
    flag: "--event-retry-max-attempts",
    default: "100",
    doc: "sends of one event to one subscriber before it is marked failed",
    parse: int(1, 10_000),
  },
  eventRetryTtlMs: {
    env: "VCONF_EVENT_RETRY_TTL_MS",
    flag: "--event-retry-ttl-ms",
    default: "86400000",
    doc: "an event not acknowledged this long after it was born is marked failed",
    parse: int(1000, 30 * 86_400_000),
  },
  eventMaxInFlight: {
    env: "VCONF_EVENT_MAX_IN_FLIGHT",
    flag: "--event-max-in-flight",
    default: "64",
    doc: "events sent and waiting for their ACK, per subscriber (and instance)",
    parse: int(1, 10_000),
  },
  streamPingMs: {
    env: "VCONF_STREAM_PING_MS",
    flag: "--stream-ping-ms",
    default: "30000",
    doc: "how often Stream connections get a SYSTEM ping",
    parse: int(100, 3_600_000),
  },
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super("invalid settings:\n" + problems.map((p) => "  - " + p).join("\n"));
  }
}

/** Reads settings from `env` and `flags` (flag name → value); throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv, flags: Record<string, string> = {}): Config {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(settings)) {
    const raw = flags[s.flag] ?? env[s.env] ?? s.default;
    if (raw === undefined) {
      out[key] = undefined;
      continue;
    }
    try {
      out[key] = s.parse(raw);
    } catch (e) {
      const where = flags[s.flag] !== undefined ? s.flag : s.env;
      problems.push(`${where}=${JSON.stringify(raw)}: ${(e as Error).message}`);
    }
  }
  // Only when no URL was given at all: a malformed one is already reported above.
  const givenUrl = flags[settings.databaseUrl.flag] ?? env[settings.databaseUrl.env];
  if (out.store === "postgres" && givenUrl === undefined) {
    problems.push("VCONF_DATABASE_URL is required when VCONF_STORE=postgres");
  }
  if (problems.length) throw new ConfigError(problems);
  return out as unknown as Config;
}

/** Defaults for tests and embedding: every setting's default, overridden by `over`. */
export function defaultConfig(over: Partial<Config> = {}): Config {
  return { ...loadConfig({}), ...over };
}
