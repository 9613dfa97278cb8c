import pg from "pg";

/**
 * LISTEN on `channel` over a connection of its own (a pooled one would be handed to transactions). A lost
 * connection is reopened after a second; `onMessage("[]")` then says notifications may have been missed.
 * Resolves to the function that stops listening.
 */
export async function listen(
  config: pg.ClientConfig,
  channel: string,
  onMessage: (payload: string) => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  const open = async (): Promise<void> => {
    const c = new pg.Client(config);
    c.on("notification", (n) => {
      if (n.channel === channel) onMessage(n.payload ?? "[]");
    });
    c.on("error", () => {}); // "end" follows; a listener's failure must not crash the process
    c.on("end", () => {
      if (stopped) return;
      onMessage("[]");
      const retry = () => open().catch(() => setTimeout(retry, 1000).unref());
      setTimeout(retry, 1000).unref();
    });
    await c.connect();
    await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = c;
  };
  await open();
  return async () => {
    stopped = true;
    await client?.end().catch(() => {});
  };
}
