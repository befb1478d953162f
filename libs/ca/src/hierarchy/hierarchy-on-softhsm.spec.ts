import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Pkcs11KeyStore } from '@theqa/keys';
import { createSoftHsmToken, opensslCsr, run, softHsmIsAvailable, tempDir, toolIsAvailable, type SoftHsmToken } from '@theqa/testing';
import { CertificateIssuer } from '../issuance/certificate-issuer';
import { MemoryAuthorityStore, MemoryEvents, MemoryLedger } from '../testing/in-memory-ports';
import type { AuthorityRegistry } from '../issuance/authority';
import { RevocationService } from '../revocation/revocation-service';
import { encodeCrl } from '../crl/encode-crl';
import { OcspResponder } from '../ocsp/ocsp-responder';
import { InMemoryOcspResponseCache } from '../ocsp/in-memory-ocsp-response-cache';
import { ProfileCatalogue } from '../profiles/profile-catalogue';
import { loadPlatformOids } from '../oids';
import { toPem } from '../certificate/certificate-fields';
import { initialiseHierarchy } from './initialise-hierarchy';
import { loadHierarchyDefinition } from './hierarchy-definition';

const CERTS = path.resolve(__dirname, '../../../../certs');
const describeWithSoftHsm = softHsmIsAvailable() ? describe : describe.skip;
const itWithOpenssl = toolIsAvailable('openssl') ? it : it.skip;

/** The production arrangement: every CA key generated on, and used through, a PKCS#11 token. */
describeWithSoftHsm('a CA hierarchy whose keys live in SoftHSM2', () => {
  const dir = tempDir('theqa-hsm-ca-');
  const file = (name: string) => path.join(dir, name);
  let token: SoftHsmToken;
  let keyStore: Pkcs11KeyStore;
  let authorities: AuthorityRegistry;
  let issuer: CertificateIssuer;
  const ledger = new MemoryLedger();
  const events = new MemoryEvents();

  beforeAll(async () => {
    token = createSoftHsmToken({ label: 'theqa-hierarchy', pin: '246813', soPin: '97531357' });
    keyStore = await Pkcs11KeyStore.open({ library: token.library, tokenLabel: token.tokenLabel, pin: token.pin });
    const oids = loadPlatformOids(CERTS);
    const profiles = ProfileCatalogue.load(path.join(CERTS, 'profiles'), oids);
    issuer = new CertificateIssuer({ profiles, authorities: { get: (n: string) => authorities.get(n) } as AuthorityRegistry, ledger, events, oids });
    ({ authorities } = await initialiseHierarchy(
      { definitions: loadHierarchyDefinition(CERTS), profiles, keyStore, store: new MemoryAuthorityStore(), publicBaseUrl: 'http://127.0.0.1:8080' },
      issuer,
      'test',
    ));
    for (const a of authorities.all()) fs.writeFileSync(file(`${a.name}.pem`), toPem(a.certificateDer));
  });
  afterAll(async () => {
    await keyStore?.close();
    token?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every authority key on the token', async () => {
    expect(keyStore.kind).toBe('pkcs11');
    for (const a of authorities.all()) expect((await keyStore.findKey(a.name))?.publicKeySpki.equals(a.key.publicKeySpki)).toBe(true);
  });

  itWithOpenssl('issues, revokes, and signs a CRL and OCSP answers that OpenSSL verifies', async () => {
    const { csrPem } = opensslCsr(dir);
    const issued = await issuer.issueForCitizen({ csr: csrPem, profile: 'device-authentication', identity: { civilNumber: '55501234', givenName: 'Maryam', surname: 'Al Hinai', fullName: 'Maryam Al Hinai' }, actor: 'test' });
    fs.writeFileSync(file('device.pem'), toPem(issued.der));
    expect(run('openssl', ['verify', '-x509_strict', '-CAfile', file('theqa-root-ca.pem'), '-untrusted', file('citizen-authentication-ca.pem'), file('device.pem')]).status).toBe(0);

    await new RevocationService({ ledger, events }).revoke({ serialHex: issued.serialHex, reason: 'keyCompromise', actor: 'test' });

    const ca = authorities.get('citizen-authentication-ca');
    const record = (await ledger.find(issued.serialHex))!;
    const crl = await encodeCrl({
      issuerName: ca.nameDer,
      signer: ca.key,
      crlNumber: 1n,
      thisUpdate: new Date(),
      nextUpdate: new Date(Date.now() + 86_400_000),
      authorityKeyIdentifier: ca.keyId,
      entries: [{ serial: Buffer.from(issued.serialHex, 'hex'), revokedAt: record.revokedAt!, reason: 1 }],
    });
    fs.writeFileSync(file('ca.crl'), crl);
    const crlCheck = run('openssl', ['crl', '-inform', 'DER', '-in', file('ca.crl'), '-CAfile', file('citizen-authentication-ca.pem'), '-noout', '-verify', '-text']);
    expect(crlCheck.output).toContain('verify OK');
    expect(crlCheck.output).toContain(issued.serialHex);

    const responder = authorities.get('citizen-authentication-ocsp');
    const ocsp = new OcspResponder({
      issuers: [{ name: ca.name, certificateDer: ca.certificateDer, responder: { key: responder.key, certificateDer: responder.certificateDer } }],
      statusSource: async (_issuer, serial) => {
        const r = await ledger.find(serial.toUpperCase());
        if (!r) return undefined;
        return r.status === 'revoked' ? { kind: 'revoked', revokedAt: r.revokedAt!, reason: r.revocationReason } : { kind: 'good' };
      },
      cache: new InMemoryOcspResponseCache(),
      validity: { seconds: 3600 },
    });
    execFileSync('openssl', ['ocsp', '-issuer', file('citizen-authentication-ca.pem'), '-cert', file('device.pem'), '-reqout', file('req.der')]);
    fs.writeFileSync(file('resp.der'), await ocsp.respond(fs.readFileSync(file('req.der'))));
    // -reqin alone: with -cert, openssl would build a new request (and nonce) of its own.
    const ocspCheck = run('openssl', ['ocsp', '-respin', file('resp.der'), '-reqin', file('req.der'), '-issuer', file('citizen-authentication-ca.pem'), '-CAfile', file('theqa-root-ca.pem'), '-resp_text']);
    expect(ocspCheck.output).toContain('Response verify OK');
    expect(ocspCheck.output).toContain('Cert Status: revoked');
    expect(ocspCheck.output).toContain('Revocation Reason: keyCompromise');
    expect(ocspCheck.output).not.toContain('Nonce Verify error');
  });
});
