import { createLocalJWKSet, jwtVerify } from 'jose';
import path from 'node:path';
import fs from 'node:fs';
import * as oidc from 'openid-client';
import { describeActivity, type ActivityEntry } from '@theqa/identity';
import { AuditedRelyingPartyEvents, IdentityActivity, PostgresAuditLog, PostgresRelyingPartyStore } from '@theqa/persistence';
import { RelyingPartyRegistry } from '@theqa/relying-parties';
import { TestBrowser, testPdf } from '@theqa/testing';
import { approveLogin } from '../src/cli/login-approval';
import { GatewayPages, pushedAuthorization, type TestRelyingParty } from './login-harness';
import { SigningHarness, type WalletPerson } from './signing-harness';

/**
 * A person's activity history after the real actions, on the platform as `npm start` runs it: the
 * wallet registers (enrolment, device, certificate), logs in at a relying party by push and consents,
 * changes the PIN, the consent is withdrawn (and its receipt, verified against the platform's published
 * keys, shows it), a relying party has a PDF signed, an operator revokes a certificate. Each lands in
 * the history once, newest first, with what the portal shows (the relying party's name, the acr, the
 * device, the certificate, the document), and each reads as a sentence in Arabic and English.
 */
describe('the activity history of a person, after the real actions', () => {
  const harness = new SigningHarness();
  let someone: WalletPerson;
  let rp: TestRelyingParty;
  let history: ActivityEntry[];
  let deviceCertificate = '';
  const rpName = { ar: 'خدمة سجل النشاط', en: 'Activity test service' };

  const newPin = '730461';
  const count = (event: string) => history.filter((e) => e.event === event).length;
  const only = (event: string) => {
    const found = history.filter((e) => e.event === event);
    if (found.length !== 1) throw new Error(`${found.length} ${event} entries: ${history.map((e) => e.event).join(', ')}`);
    return found[0];
  };

  beforeAll(async () => {
    await harness.open();
    // Ordinary registry person 142: this suite's (EnrolmentHarness.persons has who takes which).
    const person = harness.person(142);
    if (!person) throw new Error('the synthetic registry has fewer than 143 ordinary persons');
    someone = await harness.registered(person);
    rp = await loginRelyingParty();

    // A login by push: the wallet approves with the code the page shows, the page asks the consent.
    const pages = new GatewayPages(new TestBrowser(), harness.base);
    const started = await pushedAuthorization(rp, { claims: JSON.stringify({ userinfo: { civil_number: null, full_name_en: null } }) });
    const uid = await pages.open(started.url.href);
    const pushed = await pages.choosePush(uid, person.civil_number);
    await approveLogin(harness.client(), someone.wallet, { pendingWaitSeconds: 10, pin: someone.pin, code: pushed.code });
    const done = await pages.continueTo(uid, rp.redirectUri, 'agree');
    if (!done.location) throw new Error(`the login did not come back: ${done.page?.slice(0, 300)}`);

    // The PIN changed on the wallet; the consent withdrawn (as the portal will, through the consent service).
    const changed = await harness.wallet(someone.home, 'pin', 'change', '--pin', someone.pin, '--new-pin', newPin, '--json');
    if (changed.status !== 0) throw new Error(`pin change: ${changed.stdout}${changed.stderr}`);
    someone.pin = newPin;
    const { consents } = await harness.cli('consent', 'list', '--civil-number', person.civil_number);
    await harness.cli('consent', 'withdraw', '--id', consents[0].id);

    // A signature: the qualified certificate (the upgrade's part), a relying party's request, the wallet signs.
    await harness.giveSigningCertificate(someone);
    const signer = await harness.registerRelyingParty('client_secret_basic');
    const created = await harness.createRequest(signer, { document_name_ar: 'عقد عمل', document_name_en: 'Employment contract', civil_number: person.civil_number }, await testPdf());
    if (created.status !== 201) throw new Error(`signing request: ${created.status} ${JSON.stringify(created.body)}`);
    const signed = await harness.wallet(someone.home, 'sign', '--pending', '--code', created.body.code, '--pin', someone.pin, '--json');
    if (signed.status !== 0) throw new Error(`sign: ${signed.stdout}${signed.stderr}`);

    // An operator revokes the device's certificate (a lost device).
    [{ certificate_serial: deviceCertificate }] = await harness.dataSource.query(`SELECT certificate_serial FROM identity_device WHERE serial = $1`, [someone.wallet.device.serial]);
    await harness.cli('ca', 'revoke', '--serial', deviceCertificate, '--reason', 'keyCompromise');

    history = await new IdentityActivity(harness.dataSource, new PostgresAuditLog(harness.dataSource)).list(person.civil_number, { limit: 100 });
  }, 600_000);
  afterAll(() => harness.close());

  it('holds enrolment, device and certificate events, with the device and the certificate', () => {
    const device = someone.wallet.device.serial;
    expect(only('enrolment.completed')).toMatchObject({ device, details: { assurance: 'medium' } });
    expect(only('device.added')).toMatchObject({ device, details: { certificate: deviceCertificate } });
    const issued = history.filter((e) => e.event === 'certificate.issued');
    expect(issued.map((e) => e.details.profile).sort()).toEqual(['device-authentication', 'qualified-signing']);
    expect(issued.find((e) => e.details.profile === 'device-authentication')?.details).toMatchObject({ certificate: deviceCertificate, not_after: expect.any(String) });
    expect(only('certificate.revoked').details).toMatchObject({ certificate: deviceCertificate, reason: 'keyCompromise' });
    expect(describeActivity(only('certificate.revoked'))).toEqual({
      title: { ar: 'أُلغيت شهادة توثيق الجهاز', en: 'Device authentication certificate revoked' },
      detail: { ar: `الرقم التسلسلي للشهادة ${deviceCertificate} · فقدان الجهاز أو اختراق المفتاح`, en: `certificate serial ${deviceCertificate} · device lost or key compromised` },
    });
  });

  it('holds the login with the relying party’s name, the acr and the device, and the consent given then withdrawn', () => {
    expect(only('login.push-sent').details).toMatchObject({ client: rp.clientId, relying_party: rpName });
    expect(only('login.approved')).toMatchObject({ device: someone.wallet.device.serial, details: { client: rp.clientId, relying_party: rpName, acr: 'urn:theqa:loa:medium', channel: 'push' } });
    expect(describeActivity(only('login.approved')).title).toEqual({ ar: `تسجيل الدخول إلى ${rpName.ar}`, en: `Logged in to ${rpName.en}` });
    expect(only('consent.granted').details).toMatchObject({ client: rp.clientId, relying_party: rpName, claims: ['civil_number', 'full_name_en'] });
    expect(only('consent.withdrawn').details).toMatchObject({ client: rp.clientId, relying_party: rpName });
    expect(describeActivity(only('consent.granted')).detail).toEqual({ ar: 'رقم المدني، الاسم الكامل اللاتيني', en: 'Civil number, Full name (Latin)' });
  });

  it('holds the PIN change and the signature with the document’s name', () => {
    expect(only('pin.changed').device).toBe(someone.wallet.device.serial);
    expect(only('signing.requested').details).toMatchObject({ document_name: { ar: 'عقد عمل', en: 'Employment contract' }, relying_party_name: { en: expect.stringMatching(/^Signing test /) } });
    expect(only('document.signed')).toMatchObject({ device: someone.wallet.device.serial, details: { document_name: { en: 'Employment contract' } } });
    expect(describeActivity(only('document.signed')).title).toEqual({ ar: 'وُقّع «عقد عمل»', en: '“Employment contract” signed' });
  });

  it('lists newest first, each entry once, every one worded in both languages', async () => {
    const order = history.map((e) => e.event);
    const at = (event: string) => order.indexOf(event);
    expect(at('certificate.revoked')).toBeLessThan(at('document.signed'));
    expect(at('document.signed')).toBeLessThan(at('consent.withdrawn'));
    expect(at('consent.withdrawn')).toBeLessThan(at('pin.changed'));
    expect(at('pin.changed')).toBeLessThan(at('login.approved'));
    expect(at('login.approved')).toBeLessThan(at('enrolment.completed'));
    for (const event of ['enrolment.started', 'login.approved', 'consent.granted', 'signing.requested']) expect(count(event)).toBe(1);
    for (const entry of history) {
      const { title } = describeActivity(entry);
      expect({ event: entry.event, generic: title.en === 'Security event' || !title.ar || !title.en }).toEqual({ event: entry.event, generic: false });
    }
    // …and each once in the audit log too.
    const audited: Array<{ action: string; n: number }> = await harness.dataSource.query(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE subject = $1 AND action IN ('consent.granted', 'consent.withdrawn', 'login.approved', 'document.signed', 'signing.requested') GROUP BY action ORDER BY action`,
      [someone.person.civil_number],
    );
    expect(audited).toEqual(['consent.granted', 'consent.withdrawn', 'document.signed', 'login.approved', 'signing.requested'].map((action) => ({ action, n: 1 })));
  });

  it('gives a receipt of the withdrawn consent that verifies with the keys the platform publishes, and shows the withdrawal', async () => {
    const published = await fetch(`${harness.base}/.well-known/consent-receipt-keys.json`);
    expect(published.status).toBe(200);
    expect(published.headers.get('content-type')).toContain('application/jwk-set+json');
    expect(published.headers.get('cache-control')).toBe('public, max-age=3600');
    const keys = await published.json();
    expect(keys.keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: expect.any(String) })]);

    const consent = only('consent.granted').details.consent as string;
    const file = path.join(harness.dir, 'withdrawn-receipt.jwt');
    await harness.cli('consent', 'receipt', '--civil-number', someone.person.civil_number, '--consent', consent, '--out', file);
    const verified = await harness.cli('consent', 'verify-receipt', file);
    expect(verified).toMatchObject({ valid: true, kid: keys.keys[0].kid, keys: `${harness.base}/.well-known/consent-receipt-keys.json` });
    expect(verified.receipt).toMatchObject({
      pii_principal_id: someone.person.civil_number,
      pii_controllers: [{ id: rp.clientId, name: rpName }],
      processing: { purposes: [{ description: { ar: 'اختبار سجل النشاط', en: 'Testing the activity history' } }], pii_categories: [{ id: 'civil_number' }, { id: 'full_name_en' }] },
      consent: { state: 'withdrawn', events: [{ state: 'given' }, { state: 'withdrawn' }] },
    });
    const { payload } = await jwtVerify(fs.readFileSync(file, 'utf8').trim(), createLocalJWKSet(keys), { typ: 'consent-receipt+jwt', issuer: harness.base });
    expect(payload.record_id).toBe(consent);
  });

  /** A relying party of the test's own (private_key_jwt, PAR), and an openid-client configuration for it. */
  async function loginRelyingParty(): Promise<TestRelyingParty> {
    const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const kid = 'activity-test';
    const publicJwk = { ...(await crypto.subtle.exportKey('jwk', keys.publicKey)), kid, use: 'sig', alg: 'ES256' };
    const clientId = `activity-${Math.random().toString(36).slice(2, 10)}`;
    const redirectUri = `http://127.0.0.1:9/${clientId}/callback`;
    const registry = new RelyingPartyRegistry({ store: new PostgresRelyingPartyStore(harness.dataSource), events: new AuditedRelyingPartyEvents(new PostgresAuditLog(harness.dataSource)), allowLoopbackHttp: true });
    await registry.register(
      {
        clientId,
        name: rpName,
        redirectUris: [redirectUri],
        claims: ['civil_number', 'full_name_en'],
        purpose: { ar: 'اختبار سجل النشاط', en: 'Testing the activity history' },
        acrValues: ['medium', 'high'],
        authMethod: 'private_key_jwt',
        jwks: { keys: [publicJwk] },
      },
      'test',
    );
    const config = await oidc.discovery(new URL(`${harness.base}/oidc`), clientId, { redirect_uris: [redirectUri] }, oidc.PrivateKeyJwt({ key: keys.privateKey, kid }), { execute: [oidc.allowInsecureRequests] });
    return { clientId, redirectUri, config, signingKey: { key: keys.privateKey, kid } };
  }
});
