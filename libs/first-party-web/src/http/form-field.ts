import type { Request } from 'express';

/** A form field as one string (a repeated field, `a[]=` and the like are no string at all). */
export function field(req: Request, name: string): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const value = body && typeof body === 'object' ? body[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}
