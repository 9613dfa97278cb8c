import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";

/**
 * Another process holding SQLite's write lock on `file` (a `BEGIN IMMEDIATE` on its own better-sqlite3
 * connection, as the `sqlite3` shell or a backup tool would) until `release()`.
 */
export class LockHolder {
  private constructor(private readonly child: ChildProcess) {}

  static async hold(file: string): Promise<LockHolder> {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    const script = `
      const db = new (require(${JSON.stringify(driver)}))(${JSON.stringify(file)});
      db.exec("BEGIN IMMEDIATE");
      process.stdout.write("locked\\n");
      process.stdin.on("data", () => { db.exec("ROLLBACK"); db.close(); process.exit(0); });`;
    const child = spawn(process.execPath, ["-e", script], { stdio: ["pipe", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.once("data", () => resolve());
      child.once("exit", (code) => reject(new Error(`lock holder exited (${code}) before locking`)));
    });
    return new LockHolder(child);
  }

  /** Ends the transaction and waits for the process to exit. */
  async release(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.stdin!.write("release\n");
    await exited;
  }
}
