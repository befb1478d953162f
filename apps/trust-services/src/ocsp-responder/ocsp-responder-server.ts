import net from 'node:net';
import { OCSP_REQUEST_LIMITS, type OcspResponder } from '@theqa/ca';
import type { Logger } from '@theqa/http-shell';
import { OcspConnection, type ConnectionLimits } from './ocsp-connection';
import { createOcspRoute } from './ocsp-routes';
import { StatusSourceHealth } from './status-source-health';

export interface OcspServerLimits extends ConnectionLimits {
  /** Connections beyond this are closed at once by the kernel-facing listener. */
  maxConnections: number;
}

export const DEFAULT_OCSP_SERVER_LIMITS: OcspServerLimits = {
  maxHeadBytes: 8 * 1024,
  maxHeaderFields: 64,
  maxBodyBytes: OCSP_REQUEST_LIMITS.maxBytes,
  maxPipelined: 32,
  requestTimeoutMs: 10_000,
  // Longer than the idle timeouts of proxies and clients (60 s is common), as on the platform's port.
  idleTimeoutMs: 65_000,
  maxConnections: 10_000,
};

export interface OcspResponderServerOptions {
  ocsp: OcspResponder;
  logger: Logger;
  port: number;
  host?: string;
  limits?: Partial<OcspServerLimits>;
  /**
   * Resolves when the certificate status can be read (the database answers), rejects otherwise: what
   * /health reports. Without it, /health cannot tell an outage (when every answer is tryLater).
   */
  probeStatusSource?: () => Promise<unknown>;
}

export interface RunningOcspResponder {
  /** e.g. http://127.0.0.1:8081 */
  url: string;
  port: number;
  /** Stops accepting, lets answers under way go out, closes every connection (forcibly after `graceMs`). */
  close(graceMs?: number): Promise<void>;
}

/**
 * The dedicated OCSP responder: its own listener, HTTP/1.1 parsed directly on `net` (see
 * docs/decisions.md for why not node:http), the same answers as `/ca/ocsp` on the platform's port.
 */
export async function startOcspResponder(options: OcspResponderServerOptions): Promise<RunningOcspResponder> {
  const limits = { ...DEFAULT_OCSP_SERVER_LIMITS, ...options.limits };
  const log = options.logger.child({ component: 'ocsp-responder' });
  const route = createOcspRoute(options.ocsp, log, options.probeStatusSource && new StatusSourceHealth(options.probeStatusSource));
  const connections = new Set<OcspConnection>();
  const onFailure = (error: unknown) => log.error({ err: error }, 'ocsp responder failure');

  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    const connection = new OcspConnection(socket, route, limits, onFailure);
    connections.add(connection);
    // Resets and aborted clients are routine; the socket is gone either way.
    socket.on('error', () => socket.destroy());
    socket.on('close', () => connections.delete(connection));
  });
  server.maxConnections = limits.maxConnections;
  let lastDropLog = 0;
  server.on('drop', () => {
    const now = Date.now();
    if (now - lastDropLog < 10_000) return;
    lastDropLog = now;
    log.warn({ maxConnections: limits.maxConnections }, 'ocsp responder at its connection limit: new connections dropped');
  });
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const connection of connections) connection.tick(now);
  }, 1000);
  sweeper.unref();

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    clearInterval(sweeper);
    throw error;
  }
  server.on('error', (error) => log.error({ err: error }, 'ocsp responder listener error'));
  const address = server.address() as net.AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    close: (graceMs = 3_000) =>
      new Promise<void>((resolve) => {
        server.close(() => {
          clearInterval(sweeper);
          clearTimeout(force);
          resolve();
        });
        for (const connection of connections) connection.finish();
        const force = setTimeout(() => {
          for (const connection of connections) connection.destroy();
        }, graceMs);
        force.unref();
      }),
  };
}
