import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import {
  CertificateIssuer,
  OcspResponder,
  ProfileCatalogue,
  RevocationService,
  initialiseHierarchy,
  loadHierarchyDefinition,
  loadPlatformOids,
  respondToTimeStampRequest,
  rejectTimeStamp,
  AuthorityRegistry,
  type Authority,
  type CaEventSink,
  type CertificateRecord,
  type CitizenCertificateRequest,
  type IssuedCertificate,
  type OcspIssuer,
  type PlatformOids,
} from '@theqa/ca';
import { openKeyStore, type KeyStore, type MacKey, type SigningKey } from '@theqa/keys';
import { PostgresAuditLog, PostgresAuthorityStore, PostgresCertificateLedger, PostgresCrlStore } from '@theqa/persistence';
import { AuditEventSink } from './audit-event-sink';
import type { CaSettings } from './ca-settings';
import { CrlPublisher } from './crl-publisher';
import { IssuanceWorkers } from './issuance-workers/issuance-workers';
import { keyStoreConfig } from './key-store-config';
import { OcspStatusReader } from './ocsp-status';
import { TieredOcspCache } from './tiered-ocsp-cache';

export interface CertificateAuthorityOptions {
  dataSource: DataSource;
  settings: CaSettings;
  publicBaseUrl: string;
  /** Who runs `ca init` for the audit log (`system` at platform start, `cli:<user>` from the CLI). */
  actor: string;
  /** Reports failures that are answered but must be seen (OCSP signing errors…). */
  onError?: (error: unknown, context: string) => void;
  /** A key store opened by the caller (tests), instead of the one the settings name. */
  keyStore?: KeyStore;
}

/**
 * The certificate authority as a running service over PostgreSQL: the hierarchy initialised from
 * certs/, issuance, revocation that re-signs OCSP and republishes the CRL at once, and the
 * status services (OCSP, CRL, time-stamps). Apps and the CLI are thin shells around this.
 */
export class CertificateAuthority {
  private workers?: IssuanceWorkers;

  private constructor(
    readonly authorities: AuthorityRegistry,
    readonly created: string[],
    readonly issuer: CertificateIssuer,
    readonly revocation: RevocationService,
    readonly ocsp: OcspResponder,
    readonly crls: CrlPublisher,
    readonly ledger: PostgresCertificateLedger,
    readonly profiles: ProfileCatalogue,
    readonly oids: PlatformOids,
    private readonly events: CaEventSink,
    private readonly keyStore: KeyStore,
    private readonly audit: PostgresAuditLog,
    private readonly onError: (error: unknown, context: string) => void,
    private readonly workerContext: { settings: CaSettings; publicBaseUrl: string; ownKeyStore: boolean },
  ) {}

  static async open(options: CertificateAuthorityOptions): Promise<CertificateAuthority> {
    const { dataSource, settings } = options;
    const oids = loadPlatformOids(settings.certsDir);
    const profiles = ProfileCatalogue.load(path.join(settings.certsDir, 'profiles'), oids);
    const definitions = loadHierarchyDefinition(settings.certsDir);
    const keyStore = options.keyStore ?? (await openKeyStore(keyStoreConfig(settings)));
    const audit = new PostgresAuditLog(dataSource);
    const events = new AuditEventSink(audit);
    const ledger = new PostgresCertificateLedger(dataSource);
    let registry = new AuthorityRegistry();
    const issuer = new CertificateIssuer({ profiles, authorities: { get: (name: string) => registry.get(name) } as AuthorityRegistry, ledger, events, oids });
    const hierarchy = await initialiseHierarchy(
      { definitions, profiles, keyStore, store: new PostgresAuthorityStore(dataSource), publicBaseUrl: options.publicBaseUrl },
      issuer,
      options.actor,
    );
    registry = hierarchy.authorities;

    const statusReader = new OcspStatusReader(dataSource);
    const ocsp = new OcspResponder({
      issuers: ocspIssuers(registry, definitions),
      statusSource: statusReader.read,
      cache: new TieredOcspCache(dataSource, statusReader),
      validity: { seconds: settings.ocspValiditySeconds },
      onError: (error, stage) => options.onError?.(error, `ocsp:${stage}`),
    });
    const crls = new CrlPublisher({ authorities: registry, ledger, store: new PostgresCrlStore(dataSource), events, validityHours: settings.crlValidityHours });
    const revocation = new RevocationService({
      ledger,
      events,
      onStatusChanged: async (record: CertificateRecord) => {
        await ocsp.presign(record.issuer, record.serialHex);
        await crls.publish(record.issuer);
      },
    });
    const onError = options.onError ?? (() => undefined);
    return new CertificateAuthority(registry, hierarchy.created, issuer, revocation, ocsp, crls, ledger, profiles, oids, events, keyStore, audit, onError, {
      settings,
      publicBaseUrl: options.publicBaseUrl,
      ownKeyStore: !options.keyStore,
    });
  }

  /** A citizen's certificate: on the issuance workers once they run, on this thread otherwise. */
  issueForCitizen(request: CitizenCertificateRequest): Promise<IssuedCertificate> {
    return (this.workers?.running ? this.workers : this.issuer).issueForCitizen(request);
  }

  /**
   * Moves citizen issuance to `settings.issuanceWorkers` worker threads (see IssuanceWorkers). Only with
   * the software key store the settings name: PKCS#11 keys, and a key store handed in by a caller, stay
   * on this thread. Issuance stays here until the workers are ready (a few seconds: each loads the code
   * and the hierarchy), so nobody needs to wait for this; it resolves with the number of workers
   * running (0 when issuance stays here), and rejects if they could not start.
   */
  async startIssuanceWorkers(): Promise<number> {
    const { settings, publicBaseUrl, ownKeyStore } = this.workerContext;
    if (this.workers || settings.issuanceWorkers === 0 || settings.keyStore.kind !== 'software' || !ownKeyStore) return this.workers?.size ?? 0;
    const workers = IssuanceWorkers.start({
      size: settings.issuanceWorkers,
      settings,
      publicBaseUrl,
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
    const tsa = this.authorities.get('theqa-tsa');
    const serialNumber = randomBytes(16);
    serialNumber[0] &= 0x7f;
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

  /** A MAC key of the CA's key store (PIN verifiers, one-time codes): the secret stays in the store. */
  macKey(label: string): Promise<MacKey> {
    return this.keyStore.macKey(label);
  }

  /**
   * A service's own signing key in the CA's key store (the login gateway's ID-token key), made on
   * first use. Two instances starting at once may race to make it: the loser finds the winner's.
   */
  async serviceSigningKey(label: string): Promise<SigningKey> {
    const found = await this.keyStore.findKey(label);
    if (found) return found;
    try {
      const key = await this.keyStore.generateKey(label, 'ec-p256');
      await this.events.record({ action: 'key.generated', actor: 'system', subject: label, details: { algorithm: 'ec-p256', store: this.keyStore.kind } });
      return key;
    } catch (error) {
      const raced = await this.keyStore.findKey(label);
      if (raced) return raced;
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.workers?.close();
    await this.audit.flush();
    await this.keyStore.close();
  }
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
