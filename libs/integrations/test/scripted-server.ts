import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the remote saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type Reply = (request: SeenRequest, res: ServerResponse) => void;

/**
 * A remote system played by a test: each request takes the next scripted reply (the last one repeats),
 * and every request is kept to check what the adapter sent and how often.
 */
export class ScriptedServer {
  readonly requests: SeenRequest[] = [];
  private replies: Reply[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<ScriptedServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const self = new ScriptedServer(server, `http://127.0.0.1:${port}/api/v1`);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const seen = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
        self.requests.push(seen);
        const reply = self.replies.length > 1 ? self.replies.shift()! : self.replies[0];
        if (reply) reply(seen, res);
        else problem(500, { title: 'nothing scripted' })(seen, res);
      });
    });
    return self;
  }

  /** The replies to the next requests, in order; the last one answers every request after. */
  script(...replies: Reply[]): void {
    this.replies = replies;
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}

export function problem(status: number, document: Record<string, unknown>, headers: Record<string, string> = {}): Reply {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/problem+json', ...headers });
    res.end(JSON.stringify({ status, ...document }));
  };
}

export function raw(status: number, contentType: string, body: string | Buffer, headers: Record<string, string> = {}): Reply {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': contentType, ...headers });
    res.end(body);
  };
}

/** Never answers: the adapter's timeout must give up on it. */
export function hang(): Reply {
  return () => undefined;
}

/** Cuts the connection without an answer, as a crashing remote or a dropped link would. */
export function hangUp(): Reply {
  return (_req, res) => res.socket?.destroy();
}
