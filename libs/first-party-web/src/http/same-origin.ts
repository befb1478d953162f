import type { Request } from 'express';

/**
 * A form must come from the app's own pages: an Origin (or, without one, a Referer) of another
 * origin is refused. A browser sends Origin with every POST; the form token is checked besides.
 */
export function fromOrigin(req: Request, origin: string): boolean {
  const sent = req.headers.origin;
  if (sent !== undefined) return sent === origin;
  const referer = req.headers.referer;
  if (referer === undefined) return true;
  try {
    return new URL(referer).origin === origin;
  } catch {
    return false;
  }
}
