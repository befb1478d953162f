import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ConsentRecord } from '@theqa/consent';
import { configureHttpShell, createLogger } from '@theqa/http-shell';
import { describeActivity, deviceNameProblem, normaliseDeviceName, type DeviceRecord, type IdentityRecord } from '@theqa/identity';
import type { Bilingual } from '@theqa/kernel';
import { inspectPdf, PadesError } from '@theqa/pades';
import { checkNewSigningRequest, SigningServiceError, type SigningRequest } from '@theqa/signing';
import { LoginTransactions, PortalSessions } from '@theqa/portal-sessions';
import { MemoryLoginTransactionStore, MemoryPortalSessionStore } from '@theqa/portal-sessions/testing';
import { mountPortal, PortalModule, type ActivityEntry, type PendingSignature, type PortalAppDependencies, type PortalCertificate, type PortalSigning } from '../src';
import { FakeUpgrades } from './upgrade-fakes';

/** The portal's public origin in these tests: what a form's Origin must be. */
export const ORIGIN = 'https://portal.theqa.test';
export const CIVIL_NUMBER = '20019454';
export const DEVICE_A = 'THQ-7K2M-9QXD';
export const DEVICE_B = 'THQ-4HNP-2RWT';

const device = (serial: string, name: string): DeviceRecord => ({
  serial,
  civilNumber: CIVIL_NUMBER,
  platform: 'cli',
  name,
  status: 'active',
  certificateSerial: `${serial.replace(/-/g, '')}00`,
  publicKeySpki: Buffer.alloc(0),
  pinVerifier: Buffer.alloc(0),
  pinMacKey: 'k',
  createdAt: new Date('2026-01-05T08:00:00Z'),
});

/**
 * The portal's routes over in-memory fakes of everything the composition root wires: one person with
 * two devices, certificates, a pending signing request, consents and activity, and a clock the test moves.
 */
export class PortalFixture {
  now = new Date();
  readonly sessionStore = new MemoryPortalSessionStore(() => this.now);
  readonly sessions = new PortalSessions(this.sessionStore, { idleSeconds: 900, absoluteSeconds: 8 * 3600 });
  readonly identity: IdentityRecord = { civilNumber: CIVIL_NUMBER, assurance: 'medium', status: 'active', pinFailures: 0, createdAt: new Date('2026-01-05T08:00:00Z') };
  readonly devices: DeviceRecord[] = [device(DEVICE_A, 'Salim phone'), device(DEVICE_B, '<img src=x onerror=alert(1)>')];
  readonly certificates: PortalCertificate[] = [
    { serialHex: '7EFEA97D4C2AB22F', profile: 'device-authentication', status: 'good', notBefore: new Date('2026-01-05'), notAfter: new Date('2029-01-05'), device: DEVICE_A },
    { serialHex: '1B824DEC4F395E1D', profile: 'device-authentication', status: 'revoked', notBefore: new Date('2026-01-05'), notAfter: new Date('2029-01-05') },
    { serialHex: '0C2AB22F1B824DEC', profile: 'qualified-signing', status: 'good', notBefore: new Date('2020-01-05'), notAfter: new Date('2021-01-05'), device: DEVICE_A },
  ];
  readonly pending: PendingSignature[] = [
    { id: 'r1', relyingParty: { ar: 'نقل', en: 'Naql' }, document: { ar: 'عقد <script>', en: 'Lease <script>' }, code: 'K7QX', createdAt: new Date(), expiresAt: new Date(Date.now() + 3_600_000) },
  ];
  readonly consents: ConsentRecord[] = [
    { id: randomUUID(), civilNumber: CIVIL_NUMBER, clientId: 'naql-demo', claims: ['civil_number', 'full_name_ar'], purpose: { ar: 'تسجيل المركبة', en: 'Vehicle registration' }, grantedAt: new Date('2026-02-01'), expiresAt: new Date('2027-02-01') },
    { id: randomUUID(), civilNumber: CIVIL_NUMBER, clientId: 'bank', claims: ['civil_number'], purpose: { ar: 'فتح حساب', en: 'Opening an account' }, grantedAt: new Date('2026-01-01'), expiresAt: new Date('2027-01-01'), withdrawnAt: new Date('2026-01-10') },
  ];
  readonly othersConsent: ConsentRecord = { id: randomUUID(), civilNumber: '30000001', clientId: 'naql-demo', claims: ['civil_number'], purpose: { ar: 'غرض', en: 'Purpose' }, grantedAt: new Date(), expiresAt: new Date(Date.now() + 1e10) };
  readonly activity: ActivityEntry[] = Array.from({ length: 45 }, (_, i) => ({
    occurredAt: new Date(Date.UTC(2026, 2, 1, 12, 0, 0) - i * 60_000),
    event: i % 3 === 0 ? 'login.approved' : i % 3 === 1 ? 'pin.wrong' : 'mystery.event',
    device: DEVICE_A,
    details: i % 3 === 0 ? { client: 'naql-demo', relying_party: { ar: 'نقل (تجريبي)', en: 'Naql (demo)' } } : i % 3 === 1 ? { failures: 1 } : {},
  }));
  readonly calls: string[] = [];
  readonly upgrades = new FakeUpgrades({ now: () => this.now, identity: () => this.identity, devices: () => this.devices, calls: this.calls });
  receipts?: PortalAppDependencies['receipts'];
  /** The navigation's optional places, changed by a test as the composition would wire them. */
  readonly features = { upgrade: false, signPdf: false };
  /** "Sign a PDF": whether the person's device holds a signing key with a good certificate (with HIGH, they can sign). */
  hasSigningKey = false;
  /** The signing service's largest document in these tests: small, so that "too large" is cheap to send. */
  readonly maxDocumentBytes = 256 * 1024;
  /** The person's uploads left in this hour's window ("sign a PDF"), and when the window closes. */
  uploads = { left: Number.POSITIVE_INFINITY, retryAfterSeconds: 1800, counted: 0 };
  /** Signing requests as the signing service keeps them, with their documents (others' among them). */
  readonly signingRequests: Array<SigningRequest & { pdf: Buffer; signed?: Buffer }> = [];
  app!: NestExpressApplication;
  url = '';

  dependencies(): PortalAppDependencies {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return {
      publicBaseUrl: ORIGIN,
      client: { clientId: 'theqa-portal', privateJwk: { ...privateKey.export({ format: 'jwk' }), kid: 'k1' } },
      sessions: this.sessions,
      logins: new LoginTransactions(new MemoryLoginTransactionStore(() => this.now)),
      identities: { find: async (cn) => (cn === CIVIL_NUMBER ? { ...this.identity } : undefined), devices: async (cn) => (cn === CIVIL_NUMBER ? this.devices.map((d) => ({ ...d })) : []) },
      devices: {
        rename: async (cn, serial, name, actor) => {
          this.calls.push(`rename ${serial} ${name} by ${actor}`);
          if (deviceNameProblem(name)) throw new Error('the portal sent a name the lifecycle refuses');
          const found = this.devices.find((d) => d.serial === serial && d.civilNumber === cn)!;
          found.name = normaliseDeviceName(name);
          return { ...found };
        },
        reportLost: async (cn, serial, actor) => {
          this.calls.push(`lost ${serial} by ${actor}`);
          const found = this.devices.find((d) => d.serial === serial && d.civilNumber === cn)!;
          found.status = 'revoked';
          return { device: { ...found }, newlyReported: true, revokedCertificates: [found.certificateSerial], sessionsEnded: await this.sessions.endOfDevice(serial) };
        },
      },
      certificates: async () => this.certificates,
      pendingSignatures: async () => this.pending,
      consents: {
        list: async (cn) => [...this.consents, this.othersConsent].filter((c) => c.civilNumber === cn),
        withdraw: async (id, actor) => {
          this.calls.push(`withdraw ${id} by ${actor}`);
          const found = this.consents.find((c) => c.id === id)!;
          found.withdrawnAt = new Date();
          return found;
        },
      },
      upgrades: this.upgrades.port(),
      relyingPartyName: async (clientId) => ({ 'naql-demo': { ar: 'نقل (تجريبي)', en: 'Naql (demo)' }, bank: { ar: 'بنك مسقط', en: 'Bank Muscat' } })[clientId] as Bilingual | undefined,
      describeActivity,
      activity: async (_cn, { limit, before }) => {
        const offset = before ? Number(before) || 0 : 0;
        return { entries: this.activity.slice(offset, offset + limit), before: offset + limit < this.activity.length ? String(offset + limit) : undefined };
      },
      receipts: (...args) => (this.receipts ? this.receipts(...args) : Promise.reject(new Error('not wired'))),
      signing: this.signing(),
      features: this.features,
      isOutage: () => false,
      logger: createLogger({ level: 'silent' }),
    };
  }

  /**
   * The signing service as the portal's relying party sees it: the same checks of the request and the
   * document as @theqa/signing makes (checkNewSigningRequest, inspectPdf), a signer who is HIGH with a
   * signing key, and only the person's own requests made by the portal.
   */
  signing(): PortalSigning {
    const own = (cn: string, id: string) => this.signingRequests.find((r) => r.id === id && r.civilNumber === cn && r.relyingParty === 'theqa-portal');
    return {
      maxDocumentBytes: this.maxDocumentBytes,
      signerProblem: async (cn) => {
        if (cn !== CIVIL_NUMBER || this.identity.status !== 'active') return 'signer-unknown';
        if (this.identity.assurance !== 'high') return 'signer-not-high';
        if (this.identity.pinBlockedAt) return 'signer-blocked';
        return this.hasSigningKey ? undefined : 'signer-no-signing-key';
      },
      admitUpload: async (cn) => {
        if (cn !== CIVIL_NUMBER) throw new Error('an upload counted for someone else');
        this.uploads.counted += 1;
        this.uploads.left -= 1;
        return { allowed: this.uploads.left >= 0, retryAfterSeconds: this.uploads.retryAfterSeconds };
      },
      create: async (cn, submitted) => {
        this.calls.push(`sign ${submitted.documentName.ar} / ${submitted.documentName.en} for ${cn}`);
        const checked = checkNewSigningRequest({ civilNumber: cn, document: submitted.document, documentName: submitted.documentName, reason: submitted.reason, level: 'B-LT' }, { maxDocumentBytes: this.maxDocumentBytes, lifetimeSeconds: 86_400, allowHttpWebhooks: false });
        let pages: number;
        try {
          pages = inspectPdf(checked.document).pages;
        } catch (error) {
          if (error instanceof PadesError) throw new SigningServiceError('document-invalid', `the document cannot be signed: ${error.message}`, { reason: error.code });
          throw error;
        }
        const request = this.signingRequest({ civilNumber: cn, pdf: checked.document, name: checked.documentName, reason: checked.reason, pages });
        this.signingRequests.push(request);
        return request;
      },
      find: async (cn, id) => own(cn, id),
      recent: async (cn, limit) => this.signingRequests.filter((r) => r.civilNumber === cn && r.relyingParty === 'theqa-portal').slice(-limit).reverse(),
      submittedDocument: async (cn, id) => own(cn, id)?.pdf,
      signedDocument: async (cn, id) => own(cn, id)?.signed,
    };
  }

  signingRequest(options: { civilNumber: string; pdf: Buffer; name: Bilingual; reason?: string; pages?: number; relyingParty?: string }): SigningRequest & { pdf: Buffer; signed?: Buffer } {
    return {
      id: randomBytes(16).toString('base64url'),
      relyingParty: options.relyingParty ?? 'theqa-portal',
      civilNumber: options.civilNumber,
      device: DEVICE_A,
      status: 'pending',
      document: { name: options.name, sha256: createHash('sha256').update(options.pdf).digest('hex'), pages: options.pages ?? 1, bytes: options.pdf.length },
      reason: options.reason,
      level: 'B-LT',
      code: 'K7QX',
      challenge: randomUUID(),
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + 86_400_000),
      pdf: options.pdf,
    };
  }

  async start(options: { receipts?: boolean; signing?: boolean; upgrade?: boolean; cardSigning?: PortalAppDependencies['cardSigning'] } = {}): Promise<void> {
    const dependencies = this.dependencies();
    if (options.cardSigning) dependencies.cardSigning = options.cardSigning;
    if (!options.receipts) delete dependencies.receipts;
    if (!options.signing) delete dependencies.signing;
    this.features.signPdf = options.signing === true;
    this.features.upgrade = options.upgrade ?? false;
    this.app = await NestFactory.create<NestExpressApplication>(PortalModule.forRoot(dependencies), { bodyParser: false, logger: false });
    mountPortal(this.app, { publicBaseUrl: ORIGIN, signing: dependencies.signing });
    configureHttpShell(this.app, { logger: createLogger({ level: 'silent' }) });
    await this.app.listen(0, '127.0.0.1');
    this.url = `http://127.0.0.1:${(this.app.getHttpServer().address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await this.app?.close();
  }

  /** A logged-in person's cookie and form token, as a login through the gateway leaves them; `null`: with the ID card (no device, high). */
  async login(device: string | null = DEVICE_A, civilNumber = CIVIL_NUMBER): Promise<{ cookie: string; csrf: string }> {
    const login = device === null ? { acr: 'high' as const } : { device, acr: 'medium' as const };
    const { token, session } = await this.sessions.open({ civilNumber, ...login, names: { ar: 'سالم <b>الحارثي</b>', en: 'Salim Al Harthy' } });
    return { cookie: `__Host-theqa_portal=${token}`, csrf: session.csrfToken };
  }

  get(path: string, cookie?: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.url}${path}`, { redirect: 'manual', headers: { ...(cookie ? { cookie } : {}), ...headers } });
  }

  /** A multipart form as a browser on the portal's page sends it (same Origin), unless told otherwise. */
  upload(path: string, cookie: string | undefined, fields: Record<string, string>, file?: { bytes: Buffer; name?: string }, headers: Record<string, string> = { origin: ORIGIN }): Promise<Response> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    if (file) form.append('document', new Blob([new Uint8Array(file.bytes)], { type: 'application/pdf' }), file.name ?? 'document.pdf');
    return fetch(`${this.url}${path}`, { method: 'POST', redirect: 'manual', body: form, headers: { ...(cookie ? { cookie } : {}), ...headers } });
  }

  /** A form as a browser on the portal's page sends it (same Origin), unless told otherwise. */
  post(path: string, cookie: string | undefined, form: Record<string, string> | string, headers: Record<string, string> = { origin: ORIGIN }): Promise<Response> {
    const body = typeof form === 'string' ? form : new URLSearchParams(form).toString();
    return fetch(`${this.url}${path}`, { method: 'POST', redirect: 'manual', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}), ...headers } });
  }
}
