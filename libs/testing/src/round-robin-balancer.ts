import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A load balancer in front of several instances: each request goes to the next one in turn, with
 * X-Forwarded-Host/-Proto set as a real proxy would. Consecutive steps of one login therefore land
 * on different instances, which is what proves that no step relies on an instance's memory.
 */
export class RoundRobinBalancer {
  readonly hits: number[];
  private next = 0;
  private server?: http.Server;

  constructor(private readonly backends: number[]) {
    this.hits = backends.map(() => 0);
  }

  async listen(port: number): Promise<string> {
    this.server = http.createServer((req, res) => {
      const index = this.next++ % this.backends.length;
      this.hits[index]++;
      const forward = http.request(
        { host: '127.0.0.1', port: this.backends[index], method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-host': req.headers.host ?? '', 'x-forwarded-proto': 'http' } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      req.pipe(forward);
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
