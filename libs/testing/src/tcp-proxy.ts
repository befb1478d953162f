import net from 'node:net';

/**
 * A TCP proxy in front of a server (a database) that a test can cut and restore: cut, every open
 * connection is reset and every new one refused at once, as when the server stops; restored, new
 * connections go through again. What a process behind it sees is an outage, not a slow network.
 */
export class TcpProxy {
  private readonly sockets = new Set<net.Socket>();
  private server?: net.Server;
  private cutOff = false;

  constructor(private readonly target: { host: string; port: number }) {}

  /** Listens on a free loopback port; returns it. */
  async listen(): Promise<number> {
    const server = net.createServer((client) => {
      if (this.cutOff) return void client.resetAndDestroy();
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as net.AddressInfo).port;
  }

  /** The outage: open connections reset, new ones refused. */
  cut(): void {
    this.cutOff = true;
    for (const socket of this.sockets) socket.resetAndDestroy();
  }

  restore(): void {
    this.cutOff = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
