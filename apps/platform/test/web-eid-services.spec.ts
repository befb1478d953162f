import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { Writable } from 'node:stream';
import { buildCertificationRequest } from '@theqa/ca';
import { createLogger } from '@theqa/http-shell';
import { testInstallation } from '@theqa/testing';
import { signedData, type WebEid } from '@theqa/web-eid';
import { loadConfiguration } from '../src/composition/configuration';
import { PlatformServices } from '../src/composition/platform-services';

/**
 * The composition root's Web eID: nonces in the platform's database, a card certificate from the
 * platform's own Citizen Authentication CA, its status from the CA's own OCSP responder — revoked
 * (and held) right after the CA says so.
 */
describe('PlatformServices.webEid()', () => {
  let services: PlatformServices;
  let webEid: WebEid;
  // A person of no registry (issuance takes identity data as given): nobody else's civil number.
  const identity = { civilNumber: '90150016', givenName: 'Card', surname: 'Composition', fullName: 'Card Composition Test' };

  beforeAll(async () => {
    const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
    const config = loadConfiguration({ ...process.env, PUBLIC_BASE_URL: testInstallation().publicBaseUrl });
    services = await PlatformServices.open(config, { logger, actor: 'test:web-eid', applicationName: 'theqa-test-web-eid', poolSize: 3 });
    webEid = await services.webEid();
  });
  afterAll(() => services?.close());

  async function card() {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const csr = await buildCertificationRequest({
      publicKeySpki: publicKey.export({ type: 'spki', format: 'der' }),
      signatureAlgorithm: 'ecdsa-with-SHA256',
      sign: (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'der' }),
    });
    const issued = await (await services.authority()).issueForCitizen({ csr, profile: 'card-authentication', identity, cardExpiry: new Date(Date.now() + 90 * 86_400_000), actor: 'test:web-eid' });
    return { ...issued, privateKey };
  }

  async function attempt(holder: Awaited<ReturnType<typeof card>>) {
    const binding = `interaction-${randomUUID()}`;
    const { challengeNonce } = await webEid.challenge(binding);
    const signature = sign('sha256', signedData('ES256', webEid.origin, challengeNonce), { key: holder.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64');
    const token = { unverifiedCertificate: holder.der.toString('base64'), algorithm: 'ES256', signature, format: 'web-eid:1.0', appVersion: 'https://web-eid.eu/web-eid-app/releases/2.5.0' };
    return { token: JSON.stringify(token), challengeNonce, binding };
  }

  it('signs the public origin; five-minute nonces kept in the database', async () => {
    expect(webEid.origin).toBe(new URL(testInstallation().publicBaseUrl).origin);
    expect(webEid.nonces.lifetimeSeconds).toBe(300);
    const { challengeNonce } = await webEid.challenge('interaction-composition');
    const rows = await services.database.dataSource.query(`SELECT binding FROM web_eid_challenge WHERE nonce = $1`, [challengeNonce]);
    expect(rows).toEqual([{ binding: 'interaction-composition' }]);
  });

  it('a card of the platform CA logs in; held, then revoked, it is refused at once; the nonce is used once', async () => {
    const holder = await card();
    const first = await attempt(holder);
    expect(await webEid.authenticate(first)).toMatchObject({ ok: true, civilNumber: '90150016', certificate: { serialHex: holder.serialHex } });
    expect(await webEid.authenticate(first)).toMatchObject({ ok: false, code: 'nonce-used' });

    const ca = await services.authority();
    await ca.revocation.hold({ serialHex: holder.serialHex, actor: 'test:web-eid' });
    expect(await webEid.authenticate(await attempt(holder))).toMatchObject({ ok: false, code: 'certificate-revoked' });
    await ca.revocation.release({ serialHex: holder.serialHex, actor: 'test:web-eid' });
    expect(await webEid.authenticate(await attempt(holder))).toMatchObject({ ok: true });
    await ca.revocation.revoke({ serialHex: holder.serialHex, reason: 'keyCompromise', actor: 'test:web-eid' });
    expect(await webEid.authenticate(await attempt(holder))).toMatchObject({ ok: false, code: 'certificate-revoked' });
  });

  it('a device certificate of the same CA is not a card: certificate-policy', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const csr = await buildCertificationRequest({
      publicKeySpki: publicKey.export({ type: 'spki', format: 'der' }),
      signatureAlgorithm: 'ecdsa-with-SHA256',
      sign: (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'der' }),
    });
    const device = await (await services.authority()).issueForCitizen({ csr, profile: 'device-authentication', identity, actor: 'test:web-eid' });
    expect(await webEid.authenticate(await attempt({ ...device, privateKey }))).toMatchObject({ ok: false, code: 'certificate-policy' });
  });
});
