import { refuse, type WebEidRefusal } from './refusal';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The origin the card signs (the ASCII serialisation of the gateway's public origin: scheme, host,
 * port; no path, no trailing slash). https, as the Web eID extension insists; plain http only on a
 * loopback host (tests), or anywhere when `allowHttp` (development on a LAN address, where the real
 * extension will not work anyway). A wrong value is a configuration error, thrown at start.
 */
export function siteOrigin(configured: string, allowHttp = false): string {
  let url: URL;
  try {
    url = new URL(configured);
  } catch {
    throw new Error(`Web eID origin ${JSON.stringify(configured)} is not a URL`);
  }
  if (url.origin !== configured) throw new Error(`Web eID origin ${JSON.stringify(configured)} must be exactly an origin (${url.origin})`);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (allowHttp || LOOPBACK.has(url.hostname)))) {
    throw new Error(`Web eID origin ${configured} must be https (http only on a loopback host)`);
  }
  return url.origin;
}

/**
 * The origin the browser sent the token from (the request's `Origin` header, which no page script can
 * set), when the gateway has it. The signature alone cannot tell "signed for another site" from "signed
 * by another key" — both simply fail to verify — but a token that a page of another site relays
 * arrives with that site's Origin, and is named for what it is.
 */
export function checkRequestOrigin(expected: string, requestOrigin: string | undefined): WebEidRefusal | undefined {
  if (requestOrigin === undefined || requestOrigin === expected) return undefined;
  return refuse('origin-mismatch', `token sent from ${JSON.stringify(requestOrigin.slice(0, 200))}, not ${expected}`);
}
