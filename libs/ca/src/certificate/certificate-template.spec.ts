import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { CertificateTemplate, KEY_ID_BYTES } from './certificate-template';
import { encodeTbsCertificate, type CertificateDraft } from './certificate-draft';
import { keyIdentifier, profileExtensions, subjectKeyIdentifierExtension } from './extensions';
import { lintCertificate, lintCertificateFacts, lintTemplate } from './certificate-lint';
import { ProfileCatalogue } from '../profiles/profile-catalogue';
import { loadPlatformOids, OID } from '../oids';
import { citizenSubject, encodeName } from '../names/distinguished-name';
import { readSubjectPublicKey } from '../csr/public-key';
import { SIGNATURE_ALGORITHM_OF, type KeyAlgorithm } from '@theqa/keys';

const CERTS = path.resolve(__dirname, '../../../../certs');
const oids = loadPlatformOids(CERTS);
const profiles = ProfileCatalogue.load(path.join(CERTS, 'profiles'), oids);
const issuerName = encodeName([{ type: 'C', value: 'OM' }, { type: 'CN', value: 'Test Issuing CA' }]);
const issuer = { name: 'test-ca', nameDer: issuerName, notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2060-01-01T00:00:00Z'), selfSigned: false };
const urls = { ocsp: 'http://ca.test/ocsp', caIssuers: 'http://ca.test/ca.crt', crl: 'http://ca.test/ca.crl' };
const subjectAttributes = citizenSubject({ civilNumber: '12345678', givenName: 'Salim', surname: 'Al Harthy', fullName: 'Salim Nasser Al Harthy' });

async function draftFor(profileName: string, signer: KeyAlgorithm, keyCurve: string, notAfter: Date, serial: Buffer) {
  const profile = profiles.get(profileName);
  const spki = generateKeyPairSync('ec', { namedCurve: keyCurve }).publicKey.export({ type: 'spki', format: 'der' });
  const publicKey = await readSubjectPublicKey(spki);
  const context = { profile, oids, authorityKeyId: Buffer.alloc(20, 7), urls, semantics: profile.subject === 'citizen' ? ('natural' as const) : undefined };
  const template = new CertificateTemplate(profileExtensions({ ...context, subjectKeyId: Buffer.alloc(KEY_ID_BYTES) }), issuerName, SIGNATURE_ALGORITHM_OF[signer], signer);
  const subjectKeyId = keyIdentifier(spki);
  const draft: CertificateDraft = {
    serial,
    profile,
    signatureAlgorithm: SIGNATURE_ALGORITHM_OF[signer],
    issuer,
    subject: subjectAttributes,
    subjectDer: encodeName(subjectAttributes),
    notBefore: new Date('2025-03-01T10:00:00Z'),
    notAfter,
    publicKey,
    extensions: profileExtensions({ ...context, subjectKeyId }),
  };
  return { template, draft, subjectKeyId };
}

describe('certificate templates', () => {
  // The template assembles bytes; encodeTbsCertificate encodes field by field. They must never differ.
  it.each([
    ['device-authentication', 'ec-p256', 'P-256', new Date('2028-02-29T09:59:59Z'), Buffer.from('51' + '11'.repeat(15), 'hex')],
    ['card-authentication', 'ec-p384', 'P-384', new Date('2055-06-30T23:59:59Z'), Buffer.from('7f' + 'ab'.repeat(15), 'hex')],
    ['qualified-signing', 'ec-p256', 'P-384', new Date('2027-01-01T00:00:00Z'), Buffer.from('80' + '01'.repeat(15), 'hex')],
    ['issuing-ca', 'rsa-3072', 'P-256', new Date('2030-01-01T00:00:00Z'), Buffer.from('0000' + '42'.repeat(14), 'hex')],
  ] as const)('%s: the assembled TBSCertificate equals the field-by-field encoding', async (profile, signer, curve, notAfter, serial) => {
    const { template, draft, subjectKeyId } = await draftFor(profile, signer, curve, notAfter, serial);
    const unsigned = template.assemble({ serial, notBefore: draft.notBefore, notAfter, subjectDer: draft.subjectDer, spki: draft.publicKey.spki, subjectKeyId });
    expect(unsigned.tbs.toString('hex')).toBe(encodeTbsCertificate(draft).toString('hex'));
    // A second certificate in the same second shares the validity encoding and must still be exact.
    expect(template.assemble({ serial, notBefore: draft.notBefore, notAfter, subjectDer: draft.subjectDer, spki: draft.publicKey.spki, subjectKeyId }).tbs.equals(unsigned.tbs)).toBe(true);
  });

  it('wraps the signature into a Certificate, whatever its length', async () => {
    const serial = Buffer.from('51' + '11'.repeat(15), 'hex');
    const { template, draft, subjectKeyId } = await draftFor('device-authentication', 'ec-p256', 'P-256', new Date('2028-01-01T00:00:00Z'), serial);
    const fields = { serial, notBefore: draft.notBefore, notAfter: draft.notAfter, subjectDer: draft.subjectDer, spki: draft.publicKey.spki, subjectKeyId };
    for (const length of [8, 70, 72, 300]) {
      const unsigned = template.assemble(fields);
      const tbs = Buffer.from(unsigned.tbs);
      const signature = Buffer.alloc(length, 0x5a);
      const der = unsigned.complete(signature);
      const algorithm = Buffer.from('300a06082a8648ce3d040302', 'hex');
      const bits = Buffer.concat([Buffer.from([0x03]), length + 1 < 128 ? Buffer.from([length + 1]) : Buffer.from([0x82, (length + 1) >> 8, (length + 1) & 0xff]), Buffer.from([0]), signature]);
      const body = Buffer.concat([tbs, algorithm, bits]);
      expect(der.equals(Buffer.concat([Buffer.from([0x30, 0x82, body.length >> 8, body.length & 0xff]), body]))).toBe(true);
    }
  });

  it('refuses a template without a 20-octet subject key identifier, and a key identifier of another size', async () => {
    const profile = profiles.get('device-authentication');
    const extensions = profileExtensions({ profile, oids, subjectKeyId: Buffer.alloc(KEY_ID_BYTES), authorityKeyId: Buffer.alloc(20), urls, semantics: 'natural' });
    expect(() => new CertificateTemplate(extensions.filter((e) => e.oid !== OID.subjectKeyIdentifier), issuerName, 'ecdsa-with-SHA256', 'ec-p256')).toThrow(/subject key identifier/);
    const short = extensions.map((e) => (e.oid === OID.subjectKeyIdentifier ? subjectKeyIdentifierExtension(Buffer.alloc(8)) : e));
    expect(() => new CertificateTemplate(short, issuerName, 'ecdsa-with-SHA256', 'ec-p256')).toThrow(/subject key identifier/);
    const { template, draft } = await draftFor('device-authentication', 'ec-p256', 'P-256', new Date('2028-01-01T00:00:00Z'), Buffer.alloc(16, 0x51));
    expect(() => template.assemble({ serial: draft.serial, notBefore: draft.notBefore, notAfter: draft.notAfter, subjectDer: draft.subjectDer, spki: draft.publicKey.spki, subjectKeyId: Buffer.alloc(19) })).toThrow(
      expect.objectContaining({ code: 'certificate-lint-failed' }),
    );
  });
});

describe('lint split between template and certificate', () => {
  it('template checks plus certificate checks give the verdict of the full lint', async () => {
    const { draft } = await draftFor('device-authentication', 'ec-p256', 'P-256', new Date('2028-01-01T00:00:00Z'), Buffer.alloc(16, 0x51));
    const bad: CertificateDraft = {
      ...draft,
      serial: Buffer.alloc(8, 0x51),
      notAfter: new Date('2070-01-01T00:00:00Z'),
      subject: draft.subject.filter((a) => a.type !== 'serialNumber'),
      extensions: draft.extensions.filter((e) => e.oid !== OID.crlDistributionPoints),
    };
    const full = lintCertificate(bad);
    const split = [...lintCertificateFacts(bad), ...lintTemplate(bad)];
    expect(split.sort()).toEqual([...full].sort());
    expect(full.map((p) => p.split(':')[0]).sort()).toEqual(
      ['citizen_subject_has_semantics_identifier', 'end_entity_has_revocation_pointers', 'serial_has_64_bits_of_entropy', 'validity_within_issuer', 'validity_within_profile'].sort(),
    );
    expect(lintCertificate(draft)).toEqual([]);
  });
});
