import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy in front of a real server (PostgreSQL), to make it unreachable on demand or to cut a
 * connection at an exact point of its protocol: faults of the network between vconf and its database.
 */
export class TcpProxy {
  private reachable = true;
  private cutOn: Buffer | undefined;
  private pairs = new Set<[Socket, Socket]>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(host: string, port: number): Promise<TcpProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const proxy = new TcpProxy(server, (server.address() as { port: number }).port);
    server.on("connection", (client) => proxy.accept(client, host, port));
    return proxy;
  }

  private accept(client: Socket, host: string, port: number): void {
    if (!this.reachable) return void client.destroy();
    const upstream = connect(port, host);
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.pairs.delete(pair);
    };
    client.on("data", (chunk: Buffer) => {
      if (this.cutOn && chunk.includes(this.cutOn)) {
        this.cutOn = undefined;
        return drop(); // the bytes never reach the server
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => client.write(chunk));
    client.on("close", drop).on("error", drop);
    upstream.on("close", drop).on("error", drop);
  }

  /** Drops every connection and refuses new ones (they are closed at once) until `up()`. */
  down(): void {
    this.reachable = false;
    for (const [client, upstream] of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  up(): void {
    this.reachable = true;
  }

  /** The next time a client sends `bytes` (within one chunk), drops its connection instead. */
  cutWhenClientSends(bytes: Buffer): void {
    this.cutOn = bytes;
  }

  async close(): Promise<void> {
    this.down();
    await new Promise((r) => this.server.close(r));
  }
}

/** PostgreSQL's simple-query message for `sql` ('Q', int32 length, the text, NUL). */
export function simpleQuery(sql: string): Buffer {
  const text = Buffer.from(`${sql}\0`);
  const head = Buffer.alloc(5);
  head.write("Q", 0);
  head.writeInt32BE(text.length + 4, 1);
  return Buffer.concat([head, text]);
}
