/** Flags that take no value: `--json conferences` must not read `conferences` as the flag's value. */
const BOOLEAN = new Set(["--json", "--help", "--wait-host", "--all"]);
/** Flags that take every following word (and comma-separated values): `--invite union-a union-b`. */
const LIST = new Set(["--invite"]);

export interface CommandLine {
  /** Positional words: the command, its subcommand, its arguments. */
  words: string[];
  /** `--name value`, `--name=value`; a boolean flag is `"true"`; the last one given wins. */
  flags: Record<string, string>;
  /** List flags, every value in order. */
  lists: Record<string, string[]>;
}

/** Splits `--name value` and `--name=value` flags from positional words (`-h` is `--help`). */
export function parseCommandLine(argv: string[]): CommandLine {
  const words: string[] = [];
  const flags: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  const isFlag = (a: string | undefined) => a !== undefined && a.startsWith("--");
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] === "-h" ? "--help" : argv[i];
    if (!isFlag(a)) {
      words.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (LIST.has(name)) {
      const values = eq > 0 ? [a.slice(eq + 1)] : [];
      while (eq < 0 && i + 1 < argv.length && !isFlag(argv[i + 1])) values.push(argv[++i]);
      const list = (lists[name] ??= []);
      for (const v of values) list.push(...v.split(",").filter(Boolean));
      flags[name] = list.join(",");
    } else if (eq > 0) flags[name] = a.slice(eq + 1);
    else if (!BOOLEAN.has(name) && i + 1 < argv.length && !isFlag(argv[i + 1])) flags[name] = argv[++i];
    else flags[name] = "true";
  }
  return { words, flags, lists };
}
