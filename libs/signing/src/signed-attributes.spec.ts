import 'reflect-metadata';
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { PDFDocument } from 'pdf-lib';
import { checkSignedAttributes } from '@theqa/device-protocol';
import { prepare } from '@theqa/pades';

/**
 * The wallets' guard on what their qualified key signs (device-protocol's checkSignedAttributes), run
 * against the signed attributes the signing service really prepares.
 */
describe('a wallet signs only PAdES signed attributes naming its own certificate', () => {
  const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();
  let certificate: Buffer;
  let signedAttributes: Buffer;

  beforeAll(async () => {
    x509.cryptoProvider.set(webcrypto as unknown as Crypto);
    const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = await webcrypto.subtle.generateKey(algorithm, false, ['sign', 'verify']);
    const issued = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name: 'CN=Signer', notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000), signingAlgorithm: algorithm, keys: keys as CryptoKeyPair });
    certificate = Buffer.from(issued.rawData);
    const pdf = await PDFDocument.create();
    pdf.addPage();
    signedAttributes = prepare(Buffer.from(await pdf.save()), { certificate, level: 'B-B' }).signedAttributes;
  });

  it('accepts the prepared signed attributes for the certificate they name, and gives their message digest', () => {
    const { messageDigest } = checkSignedAttributes(signedAttributes, sha256(certificate));
    expect(messageDigest).toHaveLength(32);
  });

  it('refuses them for another certificate, and refuses anything that is not exactly such attributes', () => {
    expect(() => checkSignedAttributes(signedAttributes, sha256(randomBytes(64)))).toThrow(/another certificate/);
    const truncated = signedAttributes.subarray(0, signedAttributes.length - 1);
    const trailing = Buffer.concat([signedAttributes, Buffer.from([0])]);
    // A TLS 1.3 CertificateVerify input, the kind of bytes an oracle would be asked to sign.
    const tls = Buffer.concat([Buffer.alloc(64, 0x20), Buffer.from('TLS 1.3, server CertificateVerify\0'), randomBytes(32)]);
    // The same attributes with a signing-time added (an attribute the wallet does not expect).
    const signingTime = Buffer.from('301c06092a864886f70d010905310f170d3236313230373030303030305a', 'hex');
    const header = signedAttributes[1] & 0x80 ? 2 + (signedAttributes[1] & 0x7f) : 2;
    const length = signedAttributes.length - header + signingTime.length;
    const withTime = Buffer.concat([Buffer.from([0x31, 0x82, length >> 8, length & 0xff]), signedAttributes.subarray(header), signingTime]);
    expect(() => checkSignedAttributes(withTime, sha256(certificate))).toThrow(/other than content-type/);
    for (const bytes of [truncated, trailing, tls, randomBytes(120), withTime]) expect(() => checkSignedAttributes(bytes, sha256(certificate))).toThrow(/PAdES signed attributes/);
  });
});
