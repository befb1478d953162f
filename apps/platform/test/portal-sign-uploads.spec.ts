import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { buildDeviceKeyRequest, decodeQrPayload, toBase64url, toPem, upgradeScanSigningBytes, DEVICE_PROTOCOL_VERSION } from '@theqa/device-protocol';
import { createLogger } from '@theqa/http-shell';
import type { RegistryPerson } from '@theqa/integrations';
import { mountPortal, PortalModule } from '@theqa/portal';
import { testInstallation, testPdf } from '@theqa/testing';
import { createPlatformApp } from '../src/platform';
import { EnrolmentHarness, TestDevice } from './enrolment/enrolment-harness';

/**
 * The portal's limit on uploads to sign (THEQA_PORTAL_SIGN_UPLOADS_PER_HOUR): the portal's routes as
 * the composition root wires them, in this process, on the test run's database (PGlite, or PostgreSQL
 * under tools/ci/with-postgres.sh). A person made HIGH by the upgrade's own routes sends 100 uploads at
 * once: exactly the limit's worth become signing requests, the rest are refused before their body is
 * read, in the page's language. Registry person 46 (EnrolmentHarness.persons).
 */
describe("the portal's limit on a person's uploads to sign", () => {
  const LIMIT = 7;
  const clientId = `portal-uploads-${randomBytes(4).toString('hex')}`;
  const harness = new EnrolmentHarness({ poolSize: 20, env: { THEQA_PORTAL_CLIENT_ID: clientId, THEQA_PORTAL_SIGN_UPLOADS_PER_HOUR: String(LIMIT) } });
  const origin = new URL(testInstallation().publicBaseUrl).origin;
  let portalApp: NestExpressApplication;
  let url = '';
  let person: RegistryPerson;
  let cookie = '';
  let csrf = '';

  /** The upgrade to HIGH through its routes, as the wallet speaks them (upgrade.spec has each step's checks). */
  const upgrade = async (device: TestDevice) => {
    const begun = await harness.identity.upgrades.begin({ civilNumber: person.civil_number, device: device.serial });
    const unsigned = { v: DEVICE_PROTOCOL_VERSION, request: decodeQrPayload(begun.qrPayload).request, device: device.serial } as const;
    const scan = { ...unsigned, signature: toBase64url(sign('sha256', upgradeScanSigningBytes(unsigned), { key: device.privateKey, dsaEncoding: 'ieee-p1363' })) };
    const token: string = (await harness.http().post('/identity/upgrades/claim').send(scan).expect(201)).body.journey_token;
    const auth = { authorization: `Bearer ${token}` };
    await harness.http().post('/identity/upgrades/current/face').set(auth).send({ selfie: await harness.selfieOf(person.civil_number) }).expect(200);
    await harness.http().post('/identity/upgrades/current/otp').set(auth).send({ code: await harness.latestCode(person.phone_number, 'upgrade-otp') }).expect(200);
    await harness.http().post('/identity/upgrades/current/terms').set(auth).send({ version: (await harness.http().get('/enrolment/terms')).body.version }).expect(200);
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const csr = toPem('CERTIFICATE REQUEST', await buildDeviceKeyRequest(key.publicKey.export({ type: 'spki', format: 'der' }), (data) => sign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' })));
    const done = await harness.http().post('/identity/upgrades/current/signing-key').set(auth).send({ csr, pin_proof: device.pinProof(person.civil_number) }).expect(201);
    expect(done.body).toMatchObject({ assurance: 'high', civil_number: person.civil_number });
  };

  /** The upload form as a browser on the portal's page sends it. */
  const upload = (lang: 'ar' | 'en', pdf: Buffer, name: string) => {
    const form = new FormData();
    for (const [field, value] of Object.entries({ csrf, name_ar: '', name_en: name, reason: '' })) form.append(field, value);
    form.append('document', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'document.pdf');
    return fetch(`${url}/portal/sign?lang=${lang}`, { method: 'POST', redirect: 'manual', body: form, headers: { origin, cookie } });
  };
  const portalRequests = async (): Promise<number> =>
    Number((await harness.database.dataSource.query(`SELECT count(*) AS n FROM signing_request WHERE civil_number = $1 AND relying_party = $2`, [person.civil_number, clientId]))[0].n);

  beforeAll(async () => {
    await harness.open();
    person = harness.persons()[46];
    const device = new TestDevice();
    await harness.register(person, device);
    await upgrade(device);
    await harness.services.ensurePortalRelyingParty();
    const portal = await harness.services.portal();
    const silent = createLogger({ level: 'error', destination: new Writable({ write: (_chunk, _enc, done) => done() }) });
    portalApp = await createPlatformApp(harness.database, silent, [PortalModule.forRoot(portal)], undefined, (nest) => mountPortal(nest, { publicBaseUrl: origin, signing: portal.signing }));
    await portalApp.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(portalApp.getHttpServer().address() as AddressInfo).port}`;
    // The session a login through the gateway leaves (the portal's login is portal.e2e's).
    const { token, session } = await portal.sessions.open({ civilNumber: person.civil_number, device: device.serial, acr: 'high', names: { en: person.full_name_en } });
    cookie = `theqa_portal=${token}`;
    csrf = session.csrfToken;
  }, 180_000);

  afterAll(async () => {
    await portalApp?.close();
    await harness.close();
  });

  it('admits exactly the limit of 100 uploads sent at once; the others are refused unread, 429 in the page language, nothing made', async () => {
    const pdf = await testPdf(1, 'One of many');
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => upload(i % 2 ? 'en' : 'ar', pdf, `Document ${i}`)));
    const statuses = answers.map((a) => a.status);
    expect({ made: statuses.filter((s) => s === 303).length, refused: statuses.filter((s) => s === 429).length }).toEqual({ made: LIMIT, refused: 100 - LIMIT });
    expect(await portalRequests()).toBe(LIMIT);
    for (const answer of answers.filter((a) => a.status === 303)) expect(answer.headers.get('location')).toMatch(/^\/portal\/sign\/[A-Za-z0-9_-]{22}$/);

    const refused = answers.filter((a) => a.status === 429);
    for (const answer of refused) {
      const wait = Number(answer.headers.get('retry-after'));
      expect(wait).toBeGreaterThan(3000);
      expect(wait).toBeLessThanOrEqual(3600);
    }
    const pages = await Promise.all(refused.map(async (a) => ({ lang: new URL(a.url).searchParams.get('lang'), page: await a.text() })));
    for (const { lang, page } of pages) {
      if (lang === 'ar') expect(page).toMatch(/<html lang="ar" dir="rtl"[^]*أرسلت مستندات كثيرة للتوقيع خلال وقت قصير، فلم يُقبل هذا المستند ولم يُنشأ طلب توقيع/);
      else expect(page).toMatch(/<html lang="en" dir="ltr"[^]*You have sent many documents to sign in a short time, so this one was not accepted and no signing request was made/);
    }
    expect(new Set(pages.map((p) => p.lang))).toEqual(new Set(['ar', 'en']));

    // Counted in the platform's shared counters, one row for the person: every upload once.
    const [counter] = await harness.database.dataSource.query(`SELECT hits FROM rate_limit WHERE bucket = $1`, [`portal-sign-upload:civil:${person.civil_number}`]);
    expect(counter).toEqual({ hits: 100 });
    // And the next one, on its own, is refused too.
    expect((await upload('en', pdf, 'One more')).status).toBe(429);
    expect(await portalRequests()).toBe(LIMIT);
  }, 120_000);
});
