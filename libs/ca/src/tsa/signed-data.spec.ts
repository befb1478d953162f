import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { children, content, readRoot, whole, type Tlv } from '../der/der-reader';
import { octetString, oid, sequence, smallInteger, utf8String } from '../der/der-writer';
import { cmsAttribute, signedDataContentInfo } from './signed-data';
import { testSigningKey } from './test/tsa-test-pki';

const E_CONTENT_TYPE = '1.2.840.113549.1.9.16.1.4';

describe('CMS SignedData', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const key = testSigningKey('cms-test', 'ec-p256', privateKey);
  const issuerAndSerial = sequence(sequence(), smallInteger(7));
  const eContent = sequence(smallInteger(1), utf8String('payload'));
  // Deliberately unsorted and with a duplicate: DER wants the SET OF sorted and a certificate once.
  const certificates = [sequence(utf8String('zz')), sequence(utf8String('aa')), sequence(utf8String('zz'))];

  async function build() {
    const der = await signedDataContentInfo({
      eContentType: E_CONTENT_TYPE,
      eContent,
      key,
      issuerAndSerialNumber: issuerAndSerial,
      certificates,
      signedAttributes: [cmsAttribute('1.2.840.113549.1.9.16.2.47', sequence())],
    });
    const at = (parent: Tlv) => children(der, parent);
    const [contentType, wrapper] = at(readRoot(der));
    const [signedData] = at(wrapper);
    return { der, at, contentType, fields: at(signedData) };
  }

  it('is a ContentInfo of a version 3 SignedData over the encapsulated content', async () => {
    const { der, at, contentType, fields } = await build();
    expect(whole(der, contentType)).toEqual(oid('1.2.840.113549.1.7.2'));
    const [version, digestAlgorithms, encapsulated, certificateSet, signerInfos] = fields;
    expect(whole(der, version)).toEqual(smallInteger(3));
    expect(content(der, digestAlgorithms)).toEqual(sequence(oid('2.16.840.1.101.3.4.2.1')));
    const [eContentType, explicitContent] = at(encapsulated);
    expect(whole(der, eContentType)).toEqual(oid(E_CONTENT_TYPE));
    expect(content(der, explicitContent)).toEqual(octetString(eContent));
    expect(certificateSet.tag).toBe(0xa0);
    expect(content(der, certificateSet)).toEqual(Buffer.concat([certificates[1], certificates[0]]));
    expect(at(signerInfos)).toHaveLength(1);
  });

  it('signs sorted signed attributes as a SET OF and stores them under [0]', async () => {
    const { der, at, fields } = await build();
    const [signerInfo] = at(fields[4]);
    const [version, sid, digestAlgorithm, signedAttrs, signatureAlgorithm, signature, ...rest] = at(signerInfo);
    expect(rest).toHaveLength(0);
    expect(whole(der, version)).toEqual(smallInteger(1));
    expect(whole(der, sid)).toEqual(issuerAndSerial);
    expect(whole(der, digestAlgorithm)).toEqual(sequence(oid('2.16.840.1.101.3.4.2.1')));
    expect(whole(der, signatureAlgorithm)).toEqual(sequence(oid('1.2.840.10045.4.3.2')));
    expect(signedAttrs.tag).toBe(0xa0);

    const attributes = at(signedAttrs).map((item) => whole(der, item));
    expect(attributes).toEqual([...attributes].sort(Buffer.compare));
    const byType = new Map(at(signedAttrs).map((item) => [whole(der, at(item)[0]).toString('hex'), whole(der, item)]));
    expect(byType.get(oid('1.2.840.113549.1.9.3').toString('hex'))).toEqual(cmsAttribute('1.2.840.113549.1.9.3', oid(E_CONTENT_TYPE)));
    expect(byType.get(oid('1.2.840.113549.1.9.4').toString('hex'))).toEqual(
      cmsAttribute('1.2.840.113549.1.9.4', octetString(createHash('sha256').update(eContent).digest())),
    );
    expect(byType.has(oid('1.2.840.113549.1.9.16.2.47').toString('hex'))).toBe(true);

    const signedBytes = Buffer.concat([Buffer.from([0x31]), whole(der, signedAttrs).subarray(1)]);
    expect(verify('sha256', signedBytes, { key: privateKey, dsaEncoding: 'der' }, content(der, signature))).toBe(true);
    expect(verify('sha256', whole(der, signedAttrs), { key: privateKey, dsaEncoding: 'der' }, content(der, signature))).toBe(false);
  });

  it('leaves the certificates field out when there are none', async () => {
    const der = await signedDataContentInfo({ eContentType: E_CONTENT_TYPE, eContent, key, issuerAndSerialNumber: issuerAndSerial });
    const root = readRoot(der);
    const [signedData] = children(der, children(der, root)[1]);
    expect(children(der, signedData).map((field) => field.tag)).toEqual([0x02, 0x31, 0x30, 0x31]);
  });
});
