import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IntegrationError, type CivilRegistry, type FaceMatcher, type SmsOutbox } from '@theqa/integrations';
import { SyntheticFaceMatcher } from '../face/synthetic-face-matcher';
import { SyntheticCivilRegistry } from '../registry/synthetic-civil-registry';
import { InMemorySmsOutbox } from '../sms/in-memory-sms-outbox';
import { OutboxSmsGateway } from '../sms/outbox-sms-gateway';
import { StandInError, readJsonBody, writeJson, writeProblem } from './stand-in-http';
import { IdempotentSends } from './idempotent-sends';

export interface StandInServicesOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** When set, every request must carry `Authorization: Bearer <token>`, as the real systems demand (401 otherwise). */
  token?: string;
  /** Default: a `SyntheticCivilRegistry` with the default seed and reference date. */
  registry?: CivilRegistry;
  /** Default: a `SyntheticFaceMatcher`. */
  faces?: FaceMatcher;
  /** Where the SMS API puts what it "sends" (give the platform's PostgreSQL outbox to read codes as usual). Default: in memory. */
  outbox?: SmsOutbox;
}

export interface StandInServices {
  /** The base URLs to give the production adapters as `baseUrl`. */
  urls: { civilRegistry: string; faceMatcher: string; sms: string };
  outbox: SmsOutbox;
  close(): Promise<void>;
}

const PATHS = { civilRegistry: 'civil-registry/v1', faceMatcher: 'face-matching/v1', sms: 'sms/v1' } as const;

/**
 * The development stand-ins behind the wire contract of the production adapters (libs/integrations
 * README), on one local HTTP server: a platform configured for the HTTP adapters can be pointed at it
 * in tests, and the adapters are tested end to end against it. For development and tests only: it keeps
 * idempotency keys in memory and trusts whoever holds the token.
 */
export async function startStandInServices(options: StandInServicesOptions = {}): Promise<StandInServices> {
  const registry = options.registry ?? new SyntheticCivilRegistry();
  const faces = options.faces ?? new SyntheticFaceMatcher();
  const outbox = options.outbox ?? new InMemorySmsOutbox();
  const sends = new IdempotentSends(new OutboxSmsGateway(outbox));
  const server = createServer((req, res) => {
    route(req, res, { registry, faces, sends, token: options.token }).catch((error: unknown) => answerError(res, error));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    urls: { civilRegistry: `${origin}/${PATHS.civilRegistry}`, faceMatcher: `${origin}/${PATHS.faceMatcher}`, sms: `${origin}/${PATHS.sms}` },
    outbox,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

interface Services {
  registry: CivilRegistry;
  faces: FaceMatcher;
  sends: IdempotentSends;
  token?: string;
}

async function route(req: IncomingMessage, res: ServerResponse, services: Services): Promise<void> {
  // RFC 9110 §11.1: the scheme is case-insensitive, as the real systems' gateways treat it.
  if (services.token !== undefined && /^bearer +(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] !== services.token) {
    res.setHeader('www-authenticate', 'Bearer');
    throw new StandInError(401, 'urn:theqa:problem:unauthorized', 'A valid bearer token is required');
  }
  const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
  const [system, version, ...rest] = path.split('/').filter(Boolean).map(decodeSegment);
  const under = `${system}/${version}`;
  if (under === PATHS.civilRegistry && rest[0] === 'persons' && rest.length >= 2) return registryRoute(req, res, services.registry, rest.slice(1));
  if (under === PATHS.faceMatcher && rest.length === 1 && rest[0] === 'comparisons') return compareRoute(req, res, services.faces);
  if (under === PATHS.sms && rest.length === 1 && rest[0] === 'messages') return smsRoute(req, res, services.sends);
  throw new StandInError(404, 'urn:theqa:problem:not-found', 'There is nothing at this address');
}

async function registryRoute(req: IncomingMessage, res: ServerResponse, registry: CivilRegistry, [civilNumber, ...rest]: string[]): Promise<void> {
  requireMethod(req, 'GET');
  const unknown = () => new StandInError(404, 'urn:theqa:civil-registry:person-unknown', 'The civil registry knows no person with this civil number');
  if (rest.length === 0) {
    const person = await registry.findPerson(civilNumber);
    if (!person) throw unknown();
    return writeJson(res, 200, person);
  }
  if (rest.length === 1 && rest[0] === 'photo') {
    const photo = await registry.photo(civilNumber);
    if (!photo) throw unknown();
    res.writeHead(200, { 'content-type': photo.mediaType, 'content-length': photo.bytes.length });
    res.end(photo.bytes);
    return;
  }
  if (rest.length === 2 && rest[0] === 'cards') {
    const card = await registry.cardStatus(civilNumber, rest[1]);
    return writeJson(res, 200, { civil_number: card.civilNumber, card_serial_number: card.cardSerial, status: card.status, card_expiry_date: card.cardExpiryDate });
  }
  throw new StandInError(404, 'urn:theqa:problem:not-found', 'There is nothing at this address');
}

async function compareRoute(req: IncomingMessage, res: ServerResponse, faces: FaceMatcher): Promise<void> {
  requireMethod(req, 'POST');
  const body = await readJsonBody(req);
  const comparison = await faces.compare(base64Field(body, 'reference'), base64Field(body, 'selfie'));
  writeJson(res, 200, comparison);
}

async function smsRoute(req: IncomingMessage, res: ServerResponse, sends: IdempotentSends): Promise<void> {
  requireMethod(req, 'POST');
  const key = idempotencyKey(req.headers['idempotency-key']);
  const body = await readJsonBody(req);
  const { id, replayed } = await sends.send(key, { to: body.to as string, text: body.text as string, purpose: body.purpose as string });
  if (replayed) res.setHeader('idempotent-replayed', 'true');
  writeJson(res, 201, { id });
}

function requireMethod(req: IncomingMessage, method: 'GET' | 'POST'): void {
  if (req.method === method || (method === 'GET' && req.method === 'HEAD')) return;
  throw new StandInError(405, 'urn:theqa:problem:method-not-allowed', `Only ${method} is allowed here`);
}

function base64Field(body: Record<string, unknown>, field: 'reference' | 'selfie'): Buffer {
  const value = body[field];
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
    throw new StandInError(400, 'urn:theqa:problem:invalid-request', `${field} must be the image in base64`);
  }
  return Buffer.from(value, 'base64');
}

/** `"…"` (a Structured Field string, as the adapters send it) or a bare token. */
function idempotencyKey(header: string | string[] | undefined): string {
  const value = typeof header === 'string' ? header.trim().replace(/^"(.*)"$/, '$1') : '';
  if (!/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw new StandInError(400, 'urn:theqa:sms:idempotency-key-missing', 'Each message needs an Idempotency-Key (1 to 255 visible characters)');
  }
  return value;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new StandInError(400, 'urn:theqa:problem:bad-request', 'The path is not valid');
  }
}

/** The ports' typed refusals as the wire contract states them; anything else is a 500 that reveals nothing. */
function answerError(res: ServerResponse, error: unknown): void {
  if (error instanceof StandInError) return writeProblem(res, error.status, error.type, error.title, error.extensions);
  if (error instanceof IntegrationError && error.code === 'image-unreadable') {
    return writeProblem(res, 422, 'urn:theqa:face-match:image-unreadable', 'The image cannot be read', { detail: error.message, image: String(error.details.image) });
  }
  if (error instanceof IntegrationError && error.kind === 'input') {
    return writeProblem(res, error.system === 'sms' ? 422 : 400, `urn:theqa:${error.system}:${error.code}`, 'The request was refused', { detail: error.message });
  }
  writeProblem(res, 500, 'urn:theqa:problem:internal-error', 'Something went wrong in the stand-in');
}
