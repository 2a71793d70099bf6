import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * How the proxy treats traffic: `pass` forwards it; `delay` forwards each chunk `delayMs` late; `blackhole` accepts
 * connections and swallows their bytes (a hung database); `reset` answers every connection, open or new, with a TCP
 * reset (a crashed one).
 */
export type ProxyMode = 'pass' | 'delay' | 'blackhole' | 'reset';

interface Pair {
  client: Socket;
  upstream: Socket | null;
}

/** A TCP proxy between the server and DynamoDB whose behaviour a test switches while traffic flows. */
export class TcpProxy {
  private mode: ProxyMode = 'pass';
  private readonly pairs = new Set<Pair>();
  delayMs = 200;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Listens on 127.0.0.1 (a free port unless given) and forwards to `target`. */
  static async start(target: { host: string; port: number }, port = 0): Promise<TcpProxy> {
    let proxy: TcpProxy | null = null;
    const server = createServer((client) => proxy?.accept(client, target));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    proxy = new TcpProxy(server, (server.address() as { port: number }).port);
    return proxy;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get currentMode(): ProxyMode {
    return this.mode;
  }

  /** Switches the mode; `reset` also resets every open connection, `blackhole` stalls them. */
  setMode(mode: ProxyMode): void {
    this.mode = mode;
    if (mode === 'reset') for (const pair of this.pairs) this.drop(pair, true);
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) this.drop(pair, true);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, target: { host: string; port: number }): void {
    if (this.mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    const pair: Pair = { client, upstream: null };
    this.pairs.add(pair);
    client.on('error', () => this.drop(pair));
    client.on('close', () => this.drop(pair));
    if (this.mode === 'blackhole') {
      client.on('data', () => undefined);
      return;
    }
    const upstream = connect(target.port, target.host);
    pair.upstream = upstream;
    upstream.on('error', () => this.drop(pair));
    upstream.on('close', () => this.drop(pair));
    client.on('data', (chunk) => this.forward(chunk, upstream));
    upstream.on('data', (chunk) => this.forward(chunk, client));
  }

  private forward(chunk: Buffer, to: Socket): void {
    if (this.mode === 'pass') to.write(chunk);
    else if (this.mode === 'delay') setTimeout(() => to.writable && to.write(chunk), this.delayMs);
    // blackhole: bytes vanish and the connection hangs; reset: the pair is already gone.
  }

  /** Closes both ends of a pair: with a TCP reset when `hard`, else as the other end closed. */
  private drop(pair: Pair, hard = false): void {
    if (!this.pairs.delete(pair)) return;
    for (const socket of [pair.client, pair.upstream]) {
      if (!socket || socket.destroyed) continue;
      if (hard) socket.resetAndDestroy();
      else socket.destroy();
    }
  }
}
