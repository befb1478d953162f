import type { Server } from 'node:http';

/** RFC 6797: browsers reach this host and its subdomains over https only, for a year. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/** Whether the platform is reached over https (PUBLIC_BASE_URL), behind whatever terminates TLS. */
export function servedOverHttps(publicBaseUrl: string): boolean {
  return new URL(publicBaseUrl).protocol === 'https:';
}

/**
 * Sends Strict-Transport-Security on every response of this server: the web framework's routes and
 * the node:http fast paths in front of it alike. Call it once the server's own `request` listeners are
 * in place: it goes before them. Only for a platform served over https (browsers ignore the header on
 * plain http, and it would pin a development host to https).
 */
export function sendStrictTransportSecurity(server: Server): void {
  server.prependListener('request', (_req, res) => res.setHeader('strict-transport-security', STRICT_TRANSPORT_SECURITY));
}
