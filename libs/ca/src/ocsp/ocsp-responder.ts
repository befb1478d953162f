import { createPublicKey, X509Certificate } from 'node:crypto';
import type { OcspCertStatus } from './certificate-status';
import { encodeCertId, type CertId, type CertIdHashAlgorithm } from './cert-id';
import { issuerKeyHashes, responderKeyHashOf, type IssuerHashes } from './issuer-key-hashes';
import { OcspRequestError } from './ocsp-errors';
import { OID } from './ocsp-oids';
import { parseOcspRequest, type OcspRequest } from './ocsp-request';
import { encodeBasicOcspResponse, encodeOcspError, type OcspSigner } from './ocsp-response';
import type { CachedOcspResponse, OcspCacheKey, OcspResponseCache } from './ocsp-response-cache';
import { normaliseSerialHex } from '../certificate/serial-hex';

export interface OcspIssuer {
  /** The CA's name as the status source and cache know it. */
  name: string;
  certificateDer: Buffer;
  /** Signs this CA's answers: a delegated responder (EKU OCSPSigning, issued by the CA), or the CA itself. */
  responder: OcspSigner;
}

/** Status of a certificate by serial (lowercase, as `normaliseSerialHex` spells it); undefined when the CA never issued it. */
export type OcspStatusSource = (issuerName: string, serialHex: string) => Promise<OcspCertStatus | undefined>;

export interface OcspResponderOptions {
  issuers: OcspIssuer[];
  statusSource: OcspStatusSource;
  cache: OcspResponseCache;
  /** nextUpdate − thisUpdate. Cached answers are re-signed once half of it has passed. */
  validity: { seconds: number };
  clock?: () => Date;
  /** CertIDs accepted in one request (default 10). */
  maxRequests?: number;
  /** Failures answered with internalError/tryLater, or absorbed (a cache that fails is bypassed). For logs. */
  onError?: (error: unknown, stage: 'status' | 'sign' | 'cache') => void;
}

interface Issuer {
  name: string;
  hashes: Record<CertIdHashAlgorithm, IssuerHashes>;
  signer: OcspSigner;
  responderKeyHash: Buffer;
}

/** The status source failed (database down): the client is told tryLater, not internalError. */
class StatusUnavailable extends Error {}

const UNKNOWN: OcspCertStatus = { kind: 'unknown' };
const PRESIGNED_VARIANTS: CertIdHashAlgorithm[] = ['sha1', 'sha256'];

/**
 * The OCSP responder core (RFC 6960), free of HTTP and storage: request DER in, response DER out.
 *
 * Cost model. A request carrying a nonce must get the nonce back inside tbsResponseData, which the
 * signature covers, so it is signed live. A request without nonce for a single certificate (what
 * browsers and most libraries send) is answered from a cache of pre-signed responses: parse, one
 * lookup, no signature. Cached answers are re-signed once half their validity has passed, so a client
 * never receives one close to nextUpdate, and `presign` replaces them at once after a status change.
 */
export class OcspResponder {
  private readonly issuers: Issuer[];
  private readonly byName = new Map<string, Issuer>();
  /** Signings under way, by certificate and CertID variant: concurrent misses share one signature. */
  private readonly inFlight = new Map<string, Promise<Buffer>>();
  /**
   * `respondNow`'s reading of a request, by the Buffer it came in: a caller that hands over the same
   * Buffer for the same request (an HTTP front memoizing GET URLs) skips the parse. Buffers are never
   * modified once handed over, and the reading depends on nothing but the bytes and the issuers.
   */
  private readonly lookups = new WeakMap<Buffer, Buffer | OcspCacheKey | 'live'>();
  private readonly clock: () => Date;
  private readonly validityMs: number;

  constructor(private readonly options: OcspResponderOptions) {
    if (!(options.validity.seconds >= 2)) throw new RangeError('validity must be at least 2 seconds');
    this.validityMs = Math.floor(options.validity.seconds) * 1000;
    this.clock = options.clock ?? (() => new Date());
    this.issuers = options.issuers.map(prepareIssuer);
    for (const issuer of this.issuers) {
      if (this.byName.has(issuer.name)) throw new Error(`duplicate OCSP issuer name ${issuer.name}`);
      this.byName.set(issuer.name, issuer);
    }
  }

  /** Answers a DER OCSPRequest with a DER OCSPResponse. Never rejects: failures become error statuses. */
  async respond(requestDer: Buffer): Promise<Buffer> {
    let request: OcspRequest;
    try {
      request = parseOcspRequest(requestDer, { maxRequests: this.options.maxRequests });
    } catch (error) {
      return encodeOcspError(error instanceof OcspRequestError ? error.status : 'malformedRequest');
    }
    const issuer = this.issuerOf(request);
    // RFC 6960 §2.3: not a CA we answer for (or several CAs at once, which no single signer can cover).
    if (!issuer) return encodeOcspError('unauthorized');
    try {
      if (request.requests.length === 1 && !request.nonce) return await this.fromCache(issuer, request.requests[0].certId);
      return await this.live(issuer, request);
    } catch (error) {
      return encodeOcspError(error instanceof StatusUnavailable ? 'tryLater' : 'internalError');
    }
  }

  /**
   * The answer when it costs no I/O and no signature, else undefined (then call `respond`): a refusal
   * of a request that does not parse or names no CA of ours, or the pre-signed answer of a nonce-less
   * single request that the cache holds in memory (`OcspResponseCache.peek`) and that is still fresh.
   * Lets an HTTP front answer its hottest path without a promise per request. The Buffer must not be
   * modified afterwards: its parse is remembered for as long as it lives.
   */
  respondNow(requestDer: Buffer): Buffer | undefined {
    let lookup = this.lookups.get(requestDer);
    if (!lookup) {
      lookup = this.lookupOf(requestDer);
      this.lookups.set(requestDer, lookup);
    }
    if (Buffer.isBuffer(lookup)) return lookup;
    const { cache } = this.options;
    if (lookup === 'live' || !cache.peek) return undefined;
    let cached: CachedOcspResponse | undefined;
    try {
      cached = cache.peek(lookup);
    } catch (error) {
      this.options.onError?.(error, 'cache');
      return undefined;
    }
    return cached && this.clock().getTime() < cached.nextUpdate.getTime() - this.validityMs / 2 ? cached.der : undefined;
  }

  /** What `respondNow` needs of a request: a refusal, the cache key of a pre-signable one, or `live`. */
  private lookupOf(requestDer: Buffer): Buffer | OcspCacheKey | 'live' {
    let request: OcspRequest;
    try {
      request = parseOcspRequest(requestDer, { maxRequests: this.options.maxRequests });
    } catch (error) {
      return encodeOcspError(error instanceof OcspRequestError ? error.status : 'malformedRequest');
    }
    const issuer = this.issuerOf(request);
    if (!issuer) return encodeOcspError('unauthorized');
    return request.requests.length === 1 && !request.nonce ? cacheKeyOf(issuer, request.requests[0].certId) : 'live';
  }

  /**
   * Signs and caches the current status of a certificate, replacing every cached answer for it. Call it
   * right after a status change (revocation, suspension) so the next cached answer is the new status,
   * or after issuance to warm the cache. Pre-signs the common CertID forms (SHA-1 and SHA-256, NULL
   * parameters); rarer forms are signed on their first request. Rejects if the status cannot be read.
   */
  async presign(issuerName: string, serialHex: string): Promise<void> {
    const issuer = this.byName.get(issuerName);
    if (!issuer) throw new Error(`unknown OCSP issuer ${issuerName}`);
    const serial = normaliseSerialHex(serialHex);
    if (serial === undefined) throw new RangeError(`not a hexadecimal serial number: ${JSON.stringify(serialHex)}`);
    const prefix = `${issuerName}\u0000${serial}\u0000`;
    // Signings already under way may have read the old status: let them finish storing, then drop
    // what they stored. Requests arriving from now on start fresh signings that read the new status.
    const stale: Promise<unknown>[] = [];
    for (const [flightKey, flight] of this.inFlight) {
      if (!flightKey.startsWith(prefix)) continue;
      this.inFlight.delete(flightKey);
      stale.push(flight.catch(() => undefined));
    }
    await Promise.all(stale);
    await this.options.cache.invalidate(issuerName, serial);

    const now = this.now();
    const status = await this.readStatus(issuer.name, serial);
    if (status.kind === 'unknown') return; // never cached, see produce()
    const serialBytes = Buffer.from(serial, 'hex');
    await Promise.all(
      PRESIGNED_VARIANTS.map((algorithm) => {
        const { issuerNameHash, issuerKeyHash } = issuer.hashes[algorithm];
        const key = { issuerName, serialHex: serial, variant: algorithm };
        const certIdDer = encodeCertId(algorithm, issuerNameHash, issuerKeyHash, serialBytes);
        return this.singleFlight(key, () => this.produce(issuer, key, certIdDer, { now, status, replace: true }));
      }),
    );
  }

  /** The one issuer all CertIDs of the request name, if we serve it. */
  private issuerOf(request: OcspRequest): Issuer | undefined {
    let found: Issuer | undefined;
    for (const { certId } of request.requests) {
      const issuer = this.issuers.find((candidate) => names(candidate, certId));
      if (!issuer || (found && issuer !== found)) return undefined;
      found = issuer;
    }
    return found;
  }

  private async fromCache(issuer: Issuer, certId: CertId): Promise<Buffer> {
    const key = cacheKeyOf(issuer, certId);
    let cached: CachedOcspResponse | undefined;
    try {
      cached = await this.options.cache.get(key);
    } catch (error) {
      this.options.onError?.(error, 'cache'); // a broken cache costs signatures, not answers
    }
    const nowMs = this.clock().getTime();
    if (cached && nowMs < cached.nextUpdate.getTime() - this.validityMs / 2) return cached.der;
    try {
      return await this.singleFlight(key, () => this.produce(issuer, key, certId.der, { now: this.now() }));
    } catch (error) {
      // Cannot re-sign (status source down), but the old answer is still valid: serve it.
      if (cached && nowMs < cached.nextUpdate.getTime()) return cached.der;
      throw error;
    }
  }

  /** Nonce or several CertIDs: signed for this request alone, never cached. */
  private async live(issuer: Issuer, request: OcspRequest): Promise<Buffer> {
    const now = this.now();
    const nextUpdate = new Date(now.getTime() + this.validityMs);
    const responses = await Promise.all(
      request.requests.map(async ({ certId }) => ({
        certIdDer: certId.der,
        status: await this.readStatus(issuer.name, certId.serial.toString('hex')),
        thisUpdate: now,
        nextUpdate,
      })),
    );
    return this.sign(issuer, { responses, producedAt: now, nonce: request.nonce });
  }

  /**
   * Signs one certificate's answer and stores it. `now` is taken before the status is read, so
   * thisUpdate never claims more than was known. "unknown" is not stored: the certificate may be issued
   * a moment later, and a cached "unknown" would outlive that. `replace` (presign) overwrites whatever is
   * stored; other answers only displace older ones (see OcspResponseCache.put).
   */
  private async produce(
    issuer: Issuer,
    key: OcspCacheKey,
    certIdDer: Buffer,
    { now, status: known, replace = false }: { now: Date; status?: OcspCertStatus; replace?: boolean },
  ): Promise<Buffer> {
    const status = known ?? (await this.readStatus(issuer.name, key.serialHex));
    const nextUpdate = new Date(now.getTime() + this.validityMs);
    const der = await this.sign(issuer, { responses: [{ certIdDer, status, thisUpdate: now, nextUpdate }], producedAt: now });
    if (status.kind !== 'unknown') {
      try {
        await this.options.cache.put(key, der, nextUpdate, { replace });
      } catch (error) {
        this.options.onError?.(error, 'cache');
      }
    }
    return der;
  }

  private singleFlight(key: OcspCacheKey, work: () => Promise<Buffer>): Promise<Buffer> {
    const flightKey = `${key.issuerName}\u0000${key.serialHex}\u0000${key.variant}`;
    const existing = this.inFlight.get(flightKey);
    if (existing) return existing;
    const flight: Promise<Buffer> = work().finally(() => {
      if (this.inFlight.get(flightKey) === flight) this.inFlight.delete(flightKey);
    });
    this.inFlight.set(flightKey, flight);
    return flight;
  }

  private async readStatus(issuerName: string, serialHex: string): Promise<OcspCertStatus> {
    try {
      return (await this.options.statusSource(issuerName, serialHex)) ?? UNKNOWN;
    } catch (error) {
      this.options.onError?.(error, 'status');
      throw new StatusUnavailable('certificate status unavailable', { cause: error });
    }
  }

  private async sign(issuer: Issuer, body: Pick<Parameters<typeof encodeBasicOcspResponse>[0], 'responses' | 'producedAt' | 'nonce'>): Promise<Buffer> {
    try {
      return await encodeBasicOcspResponse({ responder: issuer.signer, responderKeyHash: issuer.responderKeyHash, ...body });
    } catch (error) {
      this.options.onError?.(error, 'sign');
      throw error;
    }
  }

  /** Whole seconds: GeneralizedTime drops the rest, and the cache's nextUpdate must equal the signed one. */
  private now(): Date {
    return new Date(Math.floor(this.clock().getTime() / 1000) * 1000);
  }
}

function cacheKeyOf(issuer: Issuer, certId: CertId): OcspCacheKey {
  return {
    issuerName: issuer.name,
    serialHex: certId.serial.toString('hex'),
    variant: certId.hashParameters === 'null' ? certId.hashAlgorithm : `${certId.hashAlgorithm}-noparams`,
  };
}

function names(issuer: Issuer, certId: CertId): boolean {
  const hashes = issuer.hashes[certId.hashAlgorithm];
  return hashes.issuerKeyHash.equals(certId.issuerKeyHash) && hashes.issuerNameHash.equals(certId.issuerNameHash);
}

/**
 * Checks a configured issuer once, at start-up: a responder whose key does not match its certificate,
 * or whose certificate the CA did not issue for OCSP signing, would sign answers every client rejects.
 */
function prepareIssuer(issuer: OcspIssuer): Issuer {
  if (!issuer.name) throw new Error('an OCSP issuer needs a name');
  const ca = new X509Certificate(issuer.certificateDer);
  const responder = new X509Certificate(issuer.responder.certificateDer);
  const spki = createPublicKey({ key: issuer.responder.key.publicKeySpki, format: 'der', type: 'spki' });
  if (!spki.equals(responder.publicKey)) throw new Error(`${issuer.name}: the responder key does not match the responder certificate`);
  const delegated = !issuer.responder.certificateDer.equals(issuer.certificateDer);
  if (delegated) {
    if (!responder.checkIssued(ca) || !responder.verify(ca.publicKey)) throw new Error(`${issuer.name}: the responder certificate is not issued by the CA`);
    // X509Certificate.keyUsage lists the *extended* key usages (Node's naming).
    if (!responder.keyUsage?.includes(OID.ocspSigning)) throw new Error(`${issuer.name}: the responder certificate lacks extendedKeyUsage OCSPSigning`);
  }
  return {
    name: issuer.name,
    hashes: issuerKeyHashes(issuer.certificateDer),
    signer: issuer.responder,
    responderKeyHash: responderKeyHashOf(issuer.responder.certificateDer),
  };
}
