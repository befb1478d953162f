import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { AuditLog } from '@theqa/audit';
import {
  CertificateIssuer,
  OcspResponder,
  ProfileCatalogue,
  RevocationService,
  initialiseHierarchy,
  loadHierarchy,
  loadHierarchyDefinition,
  loadPlatformOids,
  createTimeStampToken,
  respondToTimeStampRequest,
  rejectTimeStamp,
  verifyTimeStampToken,
  type VerifiedTimeStamp,
  AuthorityRegistry,
  type Authority,
  type AuthorityDefinition,
  type CaEventSink,
  type CertificateRecord,
  type CitizenCertificateRequest,
  type IssuedCertificate,
  type OcspIssuer,
  type PlatformOids,
} from '@theqa/ca';
import type { KeyStore, KeyStoreConfig } from '@theqa/keys';
import { PostgresAuthorityStore, PostgresCertificateLedger, PostgresCrlStore } from '@theqa/persistence';
import { AuditEventSink, type HolderEvent } from './audit-event-sink';
import { CrlPublisher } from './crl-publisher';
import { IssuanceWorkers } from './issuance-workers/issuance-workers';
import { OcspStatusReader } from './ocsp-status';
import { TieredOcspCache } from './tiered-ocsp-cache';

/** What the CA stands on, handed down by the composition root. */
export interface AuthorityContext {
  dataSource: DataSource;
  /** The process's key store (the composition root opened it; the CA never closes it). */
  keyStore: KeyStore;
  /** The process's one audit log. */
  audit: AuditLog;
  /** Committed hierarchy, profiles and OIDs (certs/). */
  certsDir: string;
  publicBaseUrl: string;
}

export interface CertificateAuthorityOptions extends AuthorityContext {
  ocspValiditySeconds: number;
  crlValidityHours: number;
  /** Citizen issuance on worker threads (software key store only); absent: on this thread. */
  workers?: IssuanceWorkersSetup;
  /** Reports failures that are answered but must be seen (OCSP signing errors…). */
  onError?: (error: unknown, context: string) => void;
  /** A person's certificate events, once in the audit log: the composition root puts them in the holder's activity. */
  holderEvents?: (event: HolderEvent) => Promise<void>;
}

export interface IssuanceWorkersSetup {
  size: number;
  /** The same software key store, opened again in each thread (keys never cross threads). */
  keyStore: Extract<KeyStoreConfig, { kind: 'software' }>;
  /** A module each thread requires first (the TypeScript loader, when running from sources). */
  loader?: string;
}

/**
 * The certificate authority as a running service over PostgreSQL: the hierarchy `ca init` created,
 * issuance, revocation that re-signs OCSP and republishes the CRL at once, and the status services
 * (OCSP, CRL, time-stamps). Apps and the CLI are thin shells around this.
 */
export class CertificateAuthority {
  private workers?: IssuanceWorkers;

  private constructor(
    readonly authorities: AuthorityRegistry,
    readonly issuer: CertificateIssuer,
    readonly revocation: RevocationService,
    readonly ocsp: OcspResponder,
    readonly crls: CrlPublisher,
    readonly ledger: PostgresCertificateLedger,
    readonly profiles: ProfileCatalogue,
    readonly oids: PlatformOids,
    private readonly events: CaEventSink,
    private readonly onError: (error: unknown, context: string) => void,
    private readonly workerSetup: (IssuanceWorkersSetup & { certsDir: string; publicBaseUrl: string }) | undefined,
  ) {}

  /**
   * Creates whatever is missing of the hierarchy (keys, certificates) and renews what is about to
   * expire: `ca init`, and a development start. Returns the names of the authorities it issued.
   */
  static async initialise(context: AuthorityContext & { actor: string }): Promise<string[]> {
    const { profiles, oids, definitions } = loadCertsDir(context.certsDir);
    const events = new AuditEventSink(context.audit);
    let registry = new AuthorityRegistry();
    const issuer = new CertificateIssuer({ profiles, authorities: { get: (name: string) => registry.get(name) } as AuthorityRegistry, ledger: new PostgresCertificateLedger(context.dataSource), events, oids });
    const hierarchy = await initialiseHierarchy(
      { definitions, profiles, keyStore: context.keyStore, store: new PostgresAuthorityStore(context.dataSource), publicBaseUrl: context.publicBaseUrl },
      issuer,
      context.actor,
    );
    registry = hierarchy.authorities;
    return hierarchy.created;
  }

  /** Opens the CA over the hierarchy `ca init` created; creates nothing (see loadHierarchy). */
  static async open(options: CertificateAuthorityOptions): Promise<CertificateAuthority> {
    const { dataSource } = options;
    const { profiles, oids, definitions } = loadCertsDir(options.certsDir);
    const registry = await loadHierarchy({ definitions, profiles, keyStore: options.keyStore, store: new PostgresAuthorityStore(dataSource), publicBaseUrl: options.publicBaseUrl });
    const events = new AuditEventSink(options.audit, options.holderEvents);
    const ledger = new PostgresCertificateLedger(dataSource);
    const issuer = new CertificateIssuer({ profiles, authorities: registry, ledger, events, oids });
    const statusReader = new OcspStatusReader(dataSource);
    const ocsp = new OcspResponder({
      issuers: ocspIssuers(registry, definitions),
      statusSource: statusReader.read,
      cache: new TieredOcspCache(dataSource, statusReader),
      validity: { seconds: options.ocspValiditySeconds },
      onError: (error, stage) => options.onError?.(error, `ocsp:${stage}`),
    });
    const crls = new CrlPublisher({ authorities: registry, ledger, store: new PostgresCrlStore(dataSource), events, validityHours: options.crlValidityHours });
    const revocation = new RevocationService({
      ledger,
      events,
      onStatusChanged: async (record: CertificateRecord) => {
        await ocsp.presign(record.issuer, record.serialHex);
        await crls.publish(record.issuer);
      },
    });
    const onError = options.onError ?? (() => undefined);
    const workerSetup = options.workers && { ...options.workers, certsDir: options.certsDir, publicBaseUrl: options.publicBaseUrl };
    return new CertificateAuthority(registry, issuer, revocation, ocsp, crls, ledger, profiles, oids, events, onError, workerSetup);
  }

  /** A citizen's certificate: on the issuance workers once they run, on this thread otherwise. */
  issueForCitizen(request: CitizenCertificateRequest): Promise<IssuedCertificate> {
    return (this.workers?.running ? this.workers : this.issuer).issueForCitizen(request);
  }

  /**
   * Moves citizen issuance to the worker threads the options asked for (see IssuanceWorkers; software
   * key store only). Issuance stays on this thread until the workers are ready (a few seconds: each loads
   * the code and the hierarchy), so nobody needs to wait for this; it resolves with the number of
   * workers running (0 when issuance stays here), and rejects if they could not start.
   */
  async startIssuanceWorkers(): Promise<number> {
    const setup = this.workerSetup;
    if (this.workers || !setup || setup.size === 0) return this.workers?.size ?? 0;
    const workers = IssuanceWorkers.start({
      ...setup,
      authorities: this.authorities,
      ledger: this.ledger,
      events: this.events,
      onError: (error) => this.onError(error, 'issuance-worker'),
    });
    this.workers = workers;
    await workers.ready;
    return workers.size;
  }

  /** An RFC 3161 reply for a DER request; refusals are rejection replies, never exceptions. */
  async timeStamp(requestDer: Buffer, actor = 'anonymous'): Promise<Buffer> {
    const tsa = this.authorities.get(TSA_NAME);
    const serialNumber = tokenSerial();
    const reply = await respondToTimeStampRequest(requestDer, {
      tsa: { key: tsa.key, certificateDer: tsa.certificateDer, policyOid: this.oids.policies['time-stamping'] },
      serialNumber,
      genTime: new Date(),
      accuracy: { seconds: 1 },
    }).catch((error: unknown) => {
      // A refusal of the request itself is already a rejection reply; this is the TSA failing (key store, certificate).
      this.onError(error, 'tsa');
      return rejectTimeStamp('systemFailure', 'the time-stamping unit is unavailable');
    });
    await this.events.record({ action: 'timestamp.issued', actor, subject: serialNumber.toString('hex').toUpperCase(), details: { tsa: tsa.name } });
    return reply;
  }

  /**
   * A time-stamp token over a SHA-256 imprint for the platform's own records (the audit log's
   * checkpoints). Not audited: the checkpoint that carries the token is the record, and an audit entry
   * per checkpoint would move the very chain head it stamps.
   */
  async timeStampImprint(sha256: Buffer): Promise<Buffer> {
    const tsa = this.authorities.get(TSA_NAME);
    return createTimeStampToken({
      request: { version: 1, hashAlgorithm: 'sha256', messageImprint: sha256, certReq: true },
      tsa: { key: tsa.key, certificateDer: tsa.certificateDer, policyOid: this.oids.policies['time-stamping'] },
      serialNumber: tokenSerial(),
      genTime: new Date(),
      accuracy: { seconds: 1 },
    });
  }

  /**
   * Verifies a token of this TSA over a SHA-256 imprint: its certificate now, or an earlier one of the
   * hierarchy's CAs that the token carries (a renewed TSA). Throws TimeStampTokenError saying why not.
   */
  verifyTimeStamp(token: Buffer, sha256: Buffer): VerifiedTimeStamp {
    const issuers = this.authorities.all().filter((authority) => authority.profile.basicConstraints.ca).map((authority) => authority.certificateDer);
    return verifyTimeStampToken(token, { hashAlgorithm: 'sha256', digest: sha256 }, { tsaCertificates: [this.authorities.get(TSA_NAME).certificateDer], tsaIssuers: issuers });
  }

  /** Stops the issuance workers; the key store and the audit log belong to the composition root. */
  async close(): Promise<void> {
    await this.workers?.close();
  }
}

const TSA_NAME = 'theqa-tsa';

/** 127 random bits: unique without coordination between instances (RFC 3161 allows up to 160). */
function tokenSerial(): Buffer {
  const serialNumber = randomBytes(16);
  serialNumber[0] &= 0x7f;
  return serialNumber;
}

function loadCertsDir(certsDir: string): { profiles: ProfileCatalogue; oids: PlatformOids; definitions: AuthorityDefinition[] } {
  const oids = loadPlatformOids(certsDir);
  return { oids, profiles: ProfileCatalogue.load(path.join(certsDir, 'profiles'), oids), definitions: loadHierarchyDefinition(certsDir) };
}

/** Each CA answers through its delegated responder when the hierarchy has one, otherwise signs itself. */
function ocspIssuers(registry: AuthorityRegistry, definitions: Array<{ name: string; issuer?: string; profile: string }>): OcspIssuer[] {
  return registry
    .all()
    .filter((a) => a.profile.basicConstraints.ca)
    .map((ca: Authority) => {
      const delegated = definitions.find((d) => d.profile === 'ocsp-responder' && d.issuer === ca.name);
      const responder = delegated ? registry.get(delegated.name) : ca;
      return { name: ca.name, certificateDer: ca.certificateDer, responder: { key: responder.key, certificateDer: responder.certificateDer } };
    });
}
