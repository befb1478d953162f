import type { Request } from 'express';
import type { Caller } from '@theqa/identity';

/**
 * Who is asking, for the limits per address: Express's `req.ip`, which the HTTP shell's `trust proxy`
 * rule (loopback) takes from X-Forwarded-For only when the request came through a proxy on loopback.
 */
export function callerOf(req: Request): Caller {
  return { address: req.ip ?? req.socket.remoteAddress ?? 'unknown' };
}
