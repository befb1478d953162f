import { checkClientJwks } from './client-keys';
import type { ClientPublicJwk } from './relying-party';
import type { FieldProblem } from './relying-party-error';

/**
 * How a JWK set document is read from a relying party's JWKS URI (the HTTP adapter: HttpJwksDocuments of
 * @theqa/integrations, with its timeout, size limit, no redirects and address policy). It throws when
 * there is no document to read; what the document holds is RemoteJwks' to judge.
 */
export interface JwksDocuments {
  get(uri: string): Promise<{ document: unknown; maxAgeSeconds?: number }>;
}

export interface RemoteJwksOptions {
  documents: JwksDocuments;
  /** The shortest time a fetched set is kept, whatever the RP's Cache-Control says. Default 300 s. */
  minCacheSeconds?: number;
  /** The longest time a fetched set is kept: a withdrawn key stops working within it. Default 86 400 s. */
  maxCacheSeconds?: number;
  /** An unknown `kid` refetches the set (a rotation), at most this often per URI. Default 60 s. */
  unknownKidRefetchSeconds?: number;
  /** How many URIs are remembered; beyond it the cache starts afresh. Default 1000. */
  maxEntries?: number;
  clock?: () => Date;
}

export type RemoteJwksErrorCode = 'jwks-unavailable' | 'jwks-invalid';

/** The keys at a JWKS URI cannot be used: not reachable in time (`jwks-unavailable`) or not a valid set of public keys (`jwks-invalid`). */
export class RemoteJwksError extends Error {
  constructor(
    readonly code: RemoteJwksErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'RemoteJwksError';
  }
}

interface Entry {
  keys: ClientPublicJwk[];
  freshUntil: number;
  /** When an unknown kid last made this URI be fetched again. */
  kidRefetchAt?: number;
}

/**
 * The keys relying parties publish at their JWKS URIs: fetched through `JwksDocuments`, checked exactly
 * as pasted keys are (`checkClientJwks`: public EC/RSA keys with a kid, no private member anywhere in
 * the set), and kept in memory per URI for the document's max-age bounded to [min, max]. Nothing here
 * is state another instance needs: a second gateway fetches the set again.
 *
 * A signature with a `kid` the kept set lacks is the RP rotating its key: the set is fetched again at
 * once, but at most once a minute per URI, so that made-up kids cannot turn the gateway into a load on
 * the RP. Concurrent requests for one URI share one fetch.
 */
export class RemoteJwks {
  private readonly documents: JwksDocuments;
  private readonly minCacheMs: number;
  private readonly maxCacheMs: number;
  private readonly kidRefetchMs: number;
  private readonly maxEntries: number;
  private readonly clock: () => Date;
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<Entry>>();

  constructor(options: RemoteJwksOptions) {
    this.documents = options.documents;
    this.minCacheMs = seconds('minCacheSeconds', options.minCacheSeconds ?? 300) * 1000;
    this.maxCacheMs = seconds('maxCacheSeconds', options.maxCacheSeconds ?? 86_400) * 1000;
    this.kidRefetchMs = seconds('unknownKidRefetchSeconds', options.unknownKidRefetchSeconds ?? 60) * 1000;
    if (this.maxCacheMs < this.minCacheMs) throw new RangeError('RemoteJwks: maxCacheSeconds must not be below minCacheSeconds');
    this.maxEntries = options.maxEntries ?? 1000;
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * The public keys at `uri`. With `kid`, a kept set that lacks it is fetched again (rotation), within
   * the once-a-minute limit; the caller still finds no key when the RP has none with that kid.
   */
  async keys(uri: string, options: { kid?: string } = {}): Promise<ClientPublicJwk[]> {
    const now = this.clock().getTime();
    const kept = this.entries.get(uri);
    if (kept && kept.freshUntil > now) {
      const rotated = options.kid !== undefined && !kept.keys.some((key) => key.kid === options.kid);
      if (!rotated || (kept.kidRefetchAt !== undefined && now - kept.kidRefetchAt < this.kidRefetchMs)) return kept.keys;
      kept.kidRefetchAt = now;
      try {
        return (await this.fetch(uri, now)).keys;
      } catch {
        // The kept set is still within its max-age: a failed rotation check does not take it away.
        return kept.keys;
      }
    }
    return (await this.fetch(uri, now)).keys;
  }

  /** Forgets every kept set (an administrator changed a registration; tests). */
  clear(): void {
    this.entries.clear();
  }

  private fetch(uri: string, now: number): Promise<Entry> {
    const pending = this.inFlight.get(uri);
    if (pending) return pending;
    const fetched = this.read(uri, now).finally(() => this.inFlight.delete(uri));
    this.inFlight.set(uri, fetched);
    return fetched;
  }

  private async read(uri: string, now: number): Promise<Entry> {
    let answer: { document: unknown; maxAgeSeconds?: number };
    try {
      answer = await this.documents.get(uri);
    } catch (cause) {
      throw new RemoteJwksError('jwks-unavailable', `the keys at ${uri} could not be fetched: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    }
    const problems: FieldProblem[] = [];
    const jwks = checkClientJwks('jwks_uri', answer.document, problems);
    if (!jwks) throw new RemoteJwksError('jwks-invalid', `the keys at ${uri} are refused: ${problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`);
    const maxAgeMs = (answer.maxAgeSeconds ?? 0) * 1000;
    const previous = this.entries.get(uri);
    const entry: Entry = { keys: jwks.keys, freshUntil: now + Math.min(this.maxCacheMs, Math.max(this.minCacheMs, maxAgeMs)), kidRefetchAt: previous?.kidRefetchAt };
    if (this.entries.size >= this.maxEntries && !this.entries.has(uri)) this.entries.clear();
    this.entries.set(uri, entry);
    return entry;
  }
}

function seconds(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 7 * 86_400) throw new RangeError(`RemoteJwks: ${name} must be a whole number of seconds, 0 to a week`);
  return value;
}
