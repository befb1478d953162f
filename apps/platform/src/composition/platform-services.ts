import { verifyAuditTrail, type AuditCheckpointWriter, type AuditConsole, type AuditVerification, type AuditVerificationOptions } from '@theqa/audit';
import type { Logger } from '@theqa/http-shell';
import { CertificateAuthority, type CaOperations } from '@theqa/ca-service';
import type { PlatformStatistics } from '@theqa/platform-statistics';
import { ConsentService, type ConsentReceipts } from '@theqa/consent';
import { Gateway } from '@theqa/gateway';
import { openKeyStore, type KeyStore } from '@theqa/keys';
import {
  AuditedRelyingPartyEvents,
  IdentityActivity,
  migrateSchema,
  openDatabase,
  PostgresAuditLog,
  PostgresConsentStore,
  PostgresIssuedIdCards,
  PostgresIssuedUnderConsent,
  PostgresRelyingPartyLogins,
  PostgresRelyingPartyStore,
  withAuditTrail,
  type Database,
} from '@theqa/persistence';
import { HttpJwksDocuments } from '@theqa/integrations';
import { CLIENT_SECRET_MAC_LABEL, RelyingPartyRegistry, RemoteJwks } from '@theqa/relying-parties';
import { IssuanceApiToken, type DevelopmentTools, type IdentityServices } from '@theqa/trust-services';
import { certificateActivity, consentActivity, relyingPartyNames } from './activity-sinks';
import { auditCheckpointWriter, auditTrust } from './audit-checkpoints';
import type { PlatformConfiguration } from './configuration';
import { developmentAdminClientKey, developmentIssuanceToken, developmentMasterKey, developmentPortalClientKey } from './development-secrets';
import { openExternalSystems, type ExternalSystems } from './external-systems';
import { developmentTools, openIdentityServices } from './identity-services';
import { issuanceWorkerLoader } from './worker-loader';
import { openSigningServices } from './signing-services';
import { openConsentReceipts } from './consent-receipts';
import type { SigningAppDependencies } from '@theqa/signing-service';
import type { PortalAppDependencies } from '@theqa/portal';
import { ensurePortalRelyingParty, openPortalServices, portalClientKeys } from './portal-services';
import type { AdminAppDependencies } from '@theqa/admin';
import { ensureAdminRelyingParty, openAdminServices } from './admin-services';
import { openAuditConsole, openCaOperations, openPlatformStatistics } from './console-services';
import { openIdentitySupport } from './identity-support';
import type { IdentitySupport } from '@theqa/identity';
import type { WebEid } from '@theqa/web-eid';
import { openWebEid } from './web-eid-services';

export interface PlatformServicesOptions {
  logger: Logger;
  /** Who acts, for the audit log: `system` in the platform, `cli:<user>` from the command line. */
  actor: string;
  /** PostgreSQL's application_name of this process's connections. */
  applicationName: string;
  poolSize?: number;
}

/**
 * The composition root: every service of the platform is constructed here, once per process, from the
 * typed configuration, and nowhere else. The platform's HTTP process, the dedicated OCSP responder's
 * process and each command of the CLI open one of these and take the services they need; each service
 * is made on first use (a CLI command that lists certificates opens no gateway) and then shared, so a
 * process has exactly one audit log, one key store and one certificate authority.
 */
export class PlatformServices {
  private readonly made = new Map<string, Promise<unknown>>();
  /** The one audit log of this process: several would each remember their own chain head. */
  readonly audit: PostgresAuditLog;
  private history?: IdentityActivity;
  private publishedKeys?: RemoteJwks;
  private idCards?: PostgresIssuedIdCards;
  private checkpoints?: AuditCheckpointWriter;
  private checkpointing = false;
  private dashboardStatistics?: PlatformStatistics;

  private constructor(
    readonly config: PlatformConfiguration,
    readonly database: Database,
    private readonly options: PlatformServicesOptions,
  ) {
    this.audit = new PostgresAuditLog(database.dataSource);
  }

  /** Opens the database (nothing else yet): the embedded one, or the server the configuration names. */
  static async open(config: PlatformConfiguration, options: PlatformServicesOptions): Promise<PlatformServices> {
    const database = await openDatabase({ target: config.database, applicationName: options.applicationName, poolSize: options.poolSize });
    return new PlatformServices(config, database, options);
  }

  get development(): boolean {
    return this.config.environment === 'development';
  }

  get logger(): Logger {
    return this.options.logger;
  }

  /** Applies pending migrations (as the schema's owner when the configuration names one). */
  migrate(): Promise<string[]> {
    return migrateSchema(this.database);
  }

  /** The key store of CA keys, service keys and MAC keys (software, encrypted at rest; or PKCS#11). */
  keyStore(): Promise<KeyStore> {
    return this.once('keyStore', () => openKeyStore(this.keyStoreConfig()));
  }

  /**
   * The certificate authority over the hierarchy `ca init` created. Opening it creates nothing: a
   * hierarchy that is missing or incomplete is an error that says to run `npx theqa ca init`.
   */
  authority(): Promise<CertificateAuthority> {
    return this.once('authority', async () =>
      CertificateAuthority.open({
        ...(await this.authorityContext()),
        ocspValiditySeconds: this.config.authority.ocspValiditySeconds,
        crlValidityHours: this.config.authority.crlValidityHours,
        workers: this.issuanceWorkers(),
        onError: (error, context) => this.logger.error({ err: error, context }, 'certificate authority error'),
        holderEvents: certificateActivity(() => this.activity()),
      }),
    );
  }

  /** `ca init` (and `npm start` in development): creates whatever is missing of the hierarchy. */
  async initialiseAuthority(): Promise<string[]> {
    if (this.made.has('authority')) throw new Error('initialise the CA hierarchy before the certificate authority is opened');
    return CertificateAuthority.initialise({ ...(await this.authorityContext()), actor: this.options.actor });
  }

  issuanceApiToken(): IssuanceApiToken {
    return IssuanceApiToken.of(this.config.issuanceApiToken ?? developmentIssuanceToken(this.config.devDir));
  }

  /** The civil registry, face matching and SMS: real adapters, or the development stand-ins. */
  externalSystems(): Promise<ExternalSystems> {
    return this.once('externalSystems', () => openExternalSystems(this.config, this.database));
  }

  /** The identity journeys and stores; the portal's upgrade to HIGH is `(await services.identity()).upgrades`. */
  identity(): Promise<IdentityServices> {
    return this.once('identity', async () =>
      openIdentityServices({
        dataSource: this.database.dataSource,
        ca: await this.authority(),
        keyStore: await this.keyStore(),
        audit: this.audit,
        activity: this.activity(),
        external: await this.externalSystems(),
        publicBaseUrl: this.config.server.publicBaseUrl,
      }),
    );
  }

  /** Development only: the card chip, camera and SMS inbox stand-ins served under /dev (undefined otherwise). */
  async developmentTools(): Promise<DevelopmentTools | undefined> {
    return developmentTools(await this.authority(), await this.externalSystems());
  }

  /**
   * A person's activity history (the portal's "activity", the wallet's device status): identity,
   * login, consent, signing and certificate events, each recorded once. Needs only the database.
   */
  activity(): IdentityActivity {
    this.history ??= new IdentityActivity(this.database.dataSource, this.audit);
    return this.history;
  }

  consents(): Promise<ConsentService> {
    return this.once('consents', async () =>
      new ConsentService({
        store: new PostgresConsentStore(this.database.dataSource),
        events: consentActivity(this.activity(), relyingPartyNames(this.database.dataSource)),
        issued: new PostgresIssuedUnderConsent(this.database.dataSource),
      }),
    );
  }

  /** Consent receipts (docs/consent-receipts.md): signed by the key store's `consent-receipt-1`, made on first use. */
  consentReceipts(): Promise<ConsentReceipts> {
    return this.once('consentReceipts', async () =>
      openConsentReceipts({ dataSource: this.database.dataSource, keyStore: await this.keyStore(), audit: this.audit, actor: this.options.actor, publicBaseUrl: this.config.server.publicBaseUrl }),
    );
  }

  relyingParties(): Promise<RelyingPartyRegistry> {
    return this.once('relyingParties', async () =>
      new RelyingPartyRegistry({
        store: new PostgresRelyingPartyStore(this.database.dataSource),
        events: new AuditedRelyingPartyEvents(this.audit),
        secretMac: await (await this.keyStore()).macKey(CLIENT_SECRET_MAC_LABEL),
        allowLoopbackHttp: this.development,
        logins: new PostgresRelyingPartyLogins(this.database.dataSource),
        // The days the dashboard counts in (THEQA_STATISTICS_TIME_ZONE), for an RP's logins per day too.
        timeZone: this.config.statistics.timeZone,
      }),
    );
  }

  /**
   * The keys relying parties publish at their JWKS URIs, one cache for the gateway and the platform's
   * APIs: 3 s and 64 KiB per fetch (THEQA_RP_JWKS_TIMEOUT_MS, THEQA_RP_JWKS_MAX_KB), kept 5 min–24 h,
   * no loopback or private address in production (THEQA_RP_JWKS_PRIVATE_ADDRESSES).
   */
  /** Which physical ID card each card certificate is on (written at personalisation, read at a card login). */
  issuedIdCards(): PostgresIssuedIdCards {
    this.idCards ??= new PostgresIssuedIdCards(this.database.dataSource);
    return this.idCards;
  }

  remoteJwks(): RemoteJwks {
    const { timeoutMs, maxBytes, allowPrivateAddresses } = this.config.relyingPartyKeys;
    this.publishedKeys ??= new RemoteJwks({ documents: new HttpJwksDocuments({ timeoutMs, maxBytes, allowSpecialUseAddresses: allowPrivateAddresses }) });
    return this.publishedKeys;
  }

  gateway(): Promise<Gateway> {
    return this.once('gateway', async () => {
      const identity = await this.identity();
      return Gateway.open({
        dataSource: this.database.dataSource,
        keyStore: await this.keyStore(),
        audit: this.audit,
        consents: await this.consents(),
        relyingParties: await this.relyingParties(),
        publicBaseUrl: this.config.server.publicBaseUrl,
        identity: { challenges: identity.challenges, identities: identity.identities, registry: identity.registry, push: identity.push, activity: identity.activity },
        // The portal's and the console's ID tokens name the device that approved the login (their sessions end with the device).
        firstPartyClients: [this.config.portal.clientId, this.config.admin.clientId],
        remoteJwks: this.remoteJwks(),
        // The third login choice: the ID card over Web eID.
        webEid: await this.webEid(),
        issuedIdCards: this.issuedIdCards(),
      });
    });
  }

  /**
   * Login with the ID card over Web eID (the gateway's third login choice): challenge nonces for one
   * interaction (THEQA_WEB_EID_NONCE_SECONDS), and validation of the card's token against the Citizen
   * Authentication CA and its OCSP responder, the card signing the public origin.
   */
  webEid(): Promise<WebEid> {
    return this.once('webEid', async () =>
      openWebEid({
        dataSource: this.database.dataSource,
        ca: await this.authority(),
        publicBaseUrl: this.config.server.publicBaseUrl,
        nonceLifetimeSeconds: this.config.webEid.nonceLifetimeSeconds,
        development: this.development,
      }),
    );
  }

  /**
   * Document signing: relying parties' requests, devices' signing keys, completion with the CA. Opens
   * the gateway first: its ID-token key signs the webhooks, and it must exist before they are sent.
   */
  signing(): Promise<SigningAppDependencies> {
    return this.once('signing', async () => {
      await this.gateway();
      return openSigningServices({
        dataSource: this.database.dataSource,
        ca: await this.authority(),
        keyStore: await this.keyStore(),
        activity: this.activity(),
        identity: await this.identity(),
        relyingParties: await this.relyingParties(),
        remoteJwks: this.remoteJwks(),
        publicBaseUrl: this.config.server.publicBaseUrl,
        limits: { ...this.config.signing, allowHttpWebhooks: this.development },
      });
    });
  }

  /** The portal's client key at the gateway: configured (production), or made once in devDir (development). */
  portalClientKeys() {
    return portalClientKeys(this.config.portal.clientKey ?? developmentPortalClientKey(this.config.devDir));
  }

  /** The portal's registration at the gateway, brought in line with the configuration (every start). */
  async ensurePortalRelyingParty() {
    return ensurePortalRelyingParty({
      dataSource: this.database.dataSource,
      audit: this.audit,
      publicBaseUrl: this.config.server.publicBaseUrl,
      development: this.development,
      portal: this.config.portal,
      publicJwks: this.portalClientKeys().publicJwks,
    });
  }

  /** The self-service portal's routes' services (sessions, devices, certificates, consents, activity). */
  portal(): Promise<PortalAppDependencies> {
    return this.once('portal', async () =>
      openPortalServices({
        dataSource: this.database.dataSource,
        publicBaseUrl: this.config.server.publicBaseUrl,
        portal: this.config.portal,
        privateJwk: this.portalClientKeys().privateJwk,
        ca: await this.authority(),
        identity: await this.identity(),
        signing: await this.signing(),
        gateway: await this.gateway(),
        consents: await this.consents(),
        receipts: await this.consentReceipts(),
        activity: this.activity(),
        relyingParties: await this.relyingParties(),
        issuedIdCards: this.issuedIdCards(),
        logger: this.logger,
      }),
    );
  }

  /** The console's client key at the gateway: configured (production), or made once in devDir (development). */
  adminClientKeys() {
    return portalClientKeys(this.config.admin.clientKey ?? developmentAdminClientKey(this.config.devDir));
  }

  /** The console's registration at the gateway, brought in line with the configuration (every start). */
  async ensureAdminRelyingParty() {
    return ensureAdminRelyingParty({
      dataSource: this.database.dataSource,
      audit: this.audit,
      publicBaseUrl: this.config.server.publicBaseUrl,
      development: this.development,
      admin: this.config.admin,
      publicJwks: this.adminClientKeys().publicJwks,
    });
  }

  /** The administrators' console's services (sessions, roster, four-eyes approvals, the audit of every action). */
  admin(): Promise<AdminAppDependencies> {
    return this.once('admin', async () =>
      openAdminServices({
        dataSource: this.database.dataSource,
        audit: this.audit,
        publicBaseUrl: this.config.server.publicBaseUrl,
        admin: this.config.admin,
        privateJwk: this.adminClientKeys().privateJwk,
        relyingParties: await this.relyingParties(),
        allowLoopbackHttp: this.development,
        remoteJwks: this.remoteJwks(),
        identitySupport: await this.identitySupport(),
        logger: this.logger,
        auditConsole: await this.auditConsole(),
        statistics: this.statistics(),
        caOperations: await this.caOperations(),
      }),
    );
  }

  // --- the administrators' console's services (pages in apps/admin) ---

  /**
   * The CA operations: certificate search, the hierarchy with its key stores and expiry warnings
   * (THEQA_EXPIRY_WARNING_DAYS), revoke, hold, release, publish CRLs now.
   */
  caOperations(): Promise<CaOperations> {
    return this.once('caOperations', async () =>
      openCaOperations({ dataSource: this.database.dataSource, authority: await this.authority(), keyStore: this.config.keyStore, expiryWarningDays: this.config.authority.expiryWarningDays }),
    );
  }

  /** The audit pages: search the log, verify chain and checkpoints, export a range as a signed file (key `audit-export-1`). */
  auditConsole(): Promise<AuditConsole> {
    return this.once('auditConsole', async () =>
      openAuditConsole({
        dataSource: this.database.dataSource,
        keyStore: await this.keyStore(),
        audit: this.audit,
        trust: auditTrust(await this.keyStore(), await this.authority()),
        actor: this.options.actor,
        maxExportEntries: this.config.audit.exportMaxEntries,
      }),
    );
  }

  /** The dashboard's per-day counts (days in THEQA_STATISTICS_TIME_ZONE). Needs only the database. */
  statistics(): PlatformStatistics {
    this.dashboardStatistics ??= openPlatformStatistics({ dataSource: this.database.dataSource, timeZone: this.config.statistics.timeZone });
    return this.dashboardStatistics;
  }

  /**
   * The support desk's actions on a person's identity (the administrators' console): look up, suspend
   * and restore (certificates on hold and released, grants and portal sessions ended), require a PIN reset.
   */
  identitySupport(): Promise<IdentitySupport> {
    return this.once('identitySupport', async () =>
      openIdentitySupport({ dataSource: this.database.dataSource, ca: await this.authority(), identity: await this.identity(), gateway: await this.gateway() }),
    );
  }

  // --- the audit log's checkpoints (docs/security/audit.md) ---

  /** The writer of this process's checkpoints of the audit chain (nothing is written until asked). */
  auditCheckpoints(): AuditCheckpointWriter {
    this.checkpoints ??= auditCheckpointWriter({
      dataSource: this.database.dataSource,
      keyStore: () => this.keyStore(),
      authority: () => this.authority(),
      audit: this.audit,
      actor: this.options.actor,
      logger: this.logger,
    });
    return this.checkpoints;
  }

  /** The running platform checkpoints at the configured interval; close() then writes the shutdown checkpoint. */
  startAuditCheckpoints(): void {
    this.auditCheckpoints().start(this.config.audit.checkpointSeconds * 1000);
    this.checkpointing = true;
  }

  /** The chain, its stored head and every checkpoint, against the key store and the TSA (`audit verify`, the admin console). */
  async verifyAuditLog(options: AuditVerificationOptions = {}): Promise<AuditVerification> {
    const trust = auditTrust(await this.keyStore(), await this.authority());
    return withAuditTrail(this.database.dataSource, (trail) => verifyAuditTrail(trail, trust, options));
  }

  /** Closes what was opened, in the reverse order: the audit log is flushed (and checkpointed) before the database closes. */
  async close(): Promise<void> {
    const opened = async <T>(name: string) => (await this.made.get(name)?.catch(() => undefined)) as T | undefined;
    if (this.checkpointing) {
      await this.audit.flush();
      await this.checkpoints?.stop().catch((error: unknown) => this.logger.error({ err: error }, 'shutdown audit checkpoint failed'));
    }
    await (await opened<CertificateAuthority>('authority'))?.close();
    await this.audit.flush();
    await (await opened<KeyStore>('keyStore'))?.close();
    await this.database.close();
  }

  private keyStoreConfig() {
    const config = this.config.keyStore;
    if (config.kind === 'pkcs11') return config;
    return { kind: 'software' as const, directory: config.directory, masterKey: config.masterKey ?? developmentMasterKey(this.config.devDir) };
  }

  private async authorityContext() {
    return {
      dataSource: this.database.dataSource,
      keyStore: await this.keyStore(),
      audit: this.audit,
      certsDir: this.config.certsDir,
      publicBaseUrl: this.config.server.publicBaseUrl,
    };
  }

  /** Issuance worker threads open the same software key store (PKCS#11 keys stay on their token). */
  private issuanceWorkers() {
    const size = this.config.authority.issuanceWorkers;
    const keyStore = this.keyStoreConfig();
    if (size === 0 || keyStore.kind !== 'software') return undefined;
    return { size, keyStore, certsDir: this.config.certsDir, publicBaseUrl: this.config.server.publicBaseUrl, loader: issuanceWorkerLoader() };
  }

  private once<T>(name: string, make: () => Promise<T>): Promise<T> {
    let made = this.made.get(name) as Promise<T> | undefined;
    if (!made) {
      made = make();
      this.made.set(name, made);
    }
    return made;
  }
}
