import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { X509Crl, X509CrlReason } from '@peculiar/x509';
import { children, content, readRoot, whole, type Tlv } from '../der/der-reader';
import { oid, sequence, set, utf8String } from '../der/der-writer';
import type { SigningKey } from '@theqa/keys';
import { crlToPem } from './crl-pem';
import { CrlError, CrlReason, type CrlInput, type RevokedEntry } from './crl-types';
import { encodeCrl } from './encode-crl';

/**
 * Structure and validation, with a deterministic stand-in signer and @peculiar/x509 as an independent
 * parser. Acceptance by openssl and GnuTLS is in encode-crl.interop.spec.ts.
 */
const ISSUER = sequence(set(sequence(oid('2.5.4.3'), utf8String('Unit Test CA'))));
const KEY_ID = Buffer.from('0102030405060708090a0b0c0d0e0f1011121314', 'hex');

function fakeSigner(): SigningKey & { signed: Buffer[] } {
  const signed: Buffer[] = [];
  return {
    label: 'fake',
    keyAlgorithm: 'ec-p256',
    signatureAlgorithm: 'ecdsa-with-SHA256',
    publicKeySpki: Buffer.alloc(0),
    signed,
    // Not a real ECDSA signature: the tests only need a deterministic value derived from the TBS.
    sign: async (data) => {
      signed.push(Buffer.from(data));
      return Buffer.concat([Buffer.from('3022022000', 'hex').subarray(0, 4), createHash('sha256').update(data).digest(), Buffer.from('020101', 'hex')]);
    },
  };
}

function input(entries: CrlInput['entries'], extra: Partial<CrlInput> = {}): CrlInput {
  return {
    issuerName: ISSUER,
    signer: fakeSigner(),
    crlNumber: 1234n,
    thisUpdate: new Date('2026-03-01T00:00:00Z'),
    nextUpdate: new Date('2026-03-08T00:00:00Z'),
    authorityKeyIdentifier: KEY_ID,
    entries,
    ...extra,
  };
}

const at = (iso: string) => new Date(iso);
/** @peculiar/x509 wants an ArrayBuffer-backed view. */
const parse = (der: Buffer | string) => new X509Crl(typeof der === 'string' ? der : new Uint8Array(der));
const serial = (hex: string) => Buffer.from(hex, 'hex');

/** TBSCertList children of a CRL. */
function tbsFields(der: Buffer): { tbs: Tlv; fields: Tlv[]; outer: Tlv[] } {
  const outer = children(der, readRoot(der));
  return { tbs: outer[0], fields: children(der, outer[0]), outer };
}

describe('encodeCrl', () => {
  it('lays out a v2 CRL and signs exactly the TBS once', async () => {
    const crlInput = input([{ serial: serial('01'), revokedAt: at('2026-02-01T10:00:00Z'), reason: CrlReason.keyCompromise }]);
    const der = await encodeCrl(crlInput);
    const { tbs, fields, outer } = tbsFields(der);
    expect(fields.map((f) => f.tag)).toEqual([0x02, 0x30, 0x30, 0x17, 0x17, 0x30, 0xa0]);
    expect(content(der, fields[0]).toString('hex')).toBe('01'); // v2
    expect(whole(der, fields[2]).equals(ISSUER)).toBe(true);
    expect(whole(der, outer[1]).equals(whole(der, fields[1]))).toBe(true); // both AlgorithmIdentifiers agree
    const signer = crlInput.signer as ReturnType<typeof fakeSigner>;
    expect(signer.signed).toHaveLength(1);
    expect(signer.signed[0].equals(whole(der, tbs))).toBe(true);
    const signatureValue = content(der, outer[2]);
    expect(signatureValue[0]).toBe(0); // no unused bits
    expect(signatureValue.subarray(1).equals(await signer.sign(signer.signed[0]))).toBe(true);
  });

  it('encodes entries, reasons and invalidity dates as an independent parser reads them', async () => {
    const entries: RevokedEntry[] = [
      { serial: serial('01'), revokedAt: at('2026-01-02T03:04:05.678Z'), reason: CrlReason.keyCompromise },
      { serial: serial('ff'), revokedAt: at('2026-01-03T00:00:00Z'), reason: CrlReason.superseded, invalidityDate: at('2025-12-31T23:59:59Z') },
      { serial: serial('7f' + 'ab'.repeat(19)), revokedAt: at('2026-01-04T00:00:00Z'), reason: CrlReason.cessationOfOperation },
      { serial: serial('c0' + 'cd'.repeat(19)), revokedAt: at('2026-01-05T00:00:00Z'), reason: CrlReason.aACompromise },
      { serial: serial('0000abcd'), revokedAt: at('2026-01-06T00:00:00Z') },
      { serial: serial('02'), revokedAt: at('2026-01-07T00:00:00Z'), reason: CrlReason.unspecified },
      { serial: serial('03'), revokedAt: at('2026-01-08T00:00:00Z'), reason: CrlReason.cACompromise },
      { serial: serial('04'), revokedAt: at('2026-01-09T00:00:00Z'), reason: CrlReason.affiliationChanged },
      { serial: serial('05'), revokedAt: at('2026-01-10T00:00:00Z'), reason: CrlReason.certificateHold },
      { serial: serial('06'), revokedAt: at('2026-01-11T00:00:00Z'), reason: CrlReason.privilegeWithdrawn, invalidityDate: at('2051-01-01T00:00:00Z') },
    ];
    const crl = parse(await encodeCrl(input(entries)));
    expect(crl.version).toBe(1);
    expect(crl.issuer).toBe('CN=Unit Test CA');
    expect(crl.thisUpdate.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(crl.nextUpdate?.toISOString()).toBe('2026-03-08T00:00:00.000Z');
    expect(crl.entries.map((e) => [e.serialNumber.replace(/^(00)+(?=.)/, ''), e.revocationDate.toISOString(), e.reason, e.invalidity?.toISOString()])).toEqual([
      ['01', '2026-01-02T03:04:05.000Z', X509CrlReason.keyCompromise, undefined],
      ['ff', '2026-01-03T00:00:00.000Z', X509CrlReason.superseded, '2025-12-31T23:59:59.000Z'],
      ['7f' + 'ab'.repeat(19), '2026-01-04T00:00:00.000Z', X509CrlReason.cessationOfOperation, undefined],
      ['c0' + 'cd'.repeat(19), '2026-01-05T00:00:00.000Z', X509CrlReason.aACompromise, undefined],
      ['abcd', '2026-01-06T00:00:00.000Z', undefined, undefined],
      ['02', '2026-01-07T00:00:00.000Z', undefined, undefined],
      ['03', '2026-01-08T00:00:00.000Z', X509CrlReason.cACompromise, undefined],
      ['04', '2026-01-09T00:00:00.000Z', X509CrlReason.affiliationChanged, undefined],
      ['05', '2026-01-10T00:00:00.000Z', X509CrlReason.certificateHold, undefined],
      ['06', '2026-01-11T00:00:00.000Z', X509CrlReason.privilegeWithdrawn, '2051-01-01T00:00:00.000Z'],
    ]);
    // Omitted reason and `unspecified` carry no extensions at all (RFC 5280 §5.3.1).
    expect(crl.entries[4].extensions).toHaveLength(0);
    expect(crl.entries[5].extensions).toHaveLength(0);
    expect(crl.extensions.map((e) => [e.type, e.critical])).toEqual([
      ['2.5.29.35', false],
      ['2.5.29.20', false],
    ]);
  });

  it('writes INTEGERs minimally: a 0x00 before a set high bit, leading zero octets dropped', async () => {
    const der = await encodeCrl(input([
      { serial: serial('80'), revokedAt: at('2026-01-01T00:00:00Z') },
      { serial: serial('00007f'), revokedAt: at('2026-01-01T00:00:00Z') },
    ]));
    const revoked = tbsFields(der).fields[5];
    const serials = children(der, revoked).map((entry) => whole(der, children(der, entry)[0]).toString('hex'));
    expect(serials).toEqual(['02020080', '02017f']);
  });

  it('uses UTCTime through 2049 and GeneralizedTime from 2050; invalidityDate is always GeneralizedTime', async () => {
    const der = await encodeCrl(input(
      [
        { serial: serial('01'), revokedAt: at('2049-12-31T23:59:59.999Z'), invalidityDate: at('2049-06-01T00:00:00Z') },
        { serial: serial('02'), revokedAt: at('2050-01-01T00:00:00Z') },
      ],
      { thisUpdate: at('2049-12-31T00:00:00Z'), nextUpdate: at('2050-01-07T00:00:00Z') },
    ));
    const { fields } = tbsFields(der);
    expect(content(der, fields[3]).toString('latin1')).toBe('491231000000Z');
    expect(whole(der, fields[4]).toString('latin1').slice(2)).toBe('20500107000000Z');
    expect(fields[4].tag).toBe(0x18);
    const [first, second] = children(der, fields[5]).map((entry) => children(der, entry));
    expect(whole(der, first[1]).toString('latin1').slice(2)).toBe('491231235959Z');
    expect(first[1].tag).toBe(0x17);
    expect(der.includes(Buffer.from('\x18\x0f20490601000000Z', 'latin1'))).toBe(true);
    expect(second[1].tag).toBe(0x18);
  });

  it('omits revokedCertificates when there are no entries (RFC 5280 §5.1.2.6)', async () => {
    const der = await encodeCrl(input([]));
    expect(tbsFields(der).fields.map((f) => f.tag)).toEqual([0x02, 0x30, 0x30, 0x17, 0x17, 0xa0]);
    expect(parse(der).entries).toHaveLength(0);
  });

  it('puts the URL in a critical issuingDistributionPoint', async () => {
    const der = await encodeCrl(input([], { issuingDistributionPoint: 'http://crl.theqa.test/root.crl' }));
    const idp = parse(der).extensions.find((e) => e.type === '2.5.29.28')!;
    expect(idp.critical).toBe(true);
    expect(Buffer.from(idp.value).toString('hex')).toBe('3024a022a020861e' + Buffer.from('http://crl.theqa.test/root.crl').toString('hex'));
    const crlNumber = parse(der).extensions.find((e) => e.type === '2.5.29.20')!;
    expect(Buffer.from(crlNumber.value).toString('hex')).toBe('020204d2'); // 1234
  });

  it('reads arrays, generators and async iterables to the same bytes, with long-form lengths', async () => {
    const make = (i: number): RevokedEntry => ({
      serial: Buffer.from('7f' + i.toString(16).padStart(8, '0') + 'a5'.repeat(i % 12), 'hex'),
      revokedAt: new Date(Date.UTC(2025, 0, 1) + i * 7_777_000),
      reason: ([0, 1, 3, 4, 5, 9] as const)[i % 6],
      invalidityDate: i % 7 === 0 ? new Date(Date.UTC(2024, 0, 1) + i * 1000) : undefined,
    });
    const n = 3000;
    const array = Array.from({ length: n }, (_, i) => make(i));
    function* generate() {
      for (let i = 0; i < n; i++) yield make(i);
    }
    async function* stream() {
      for (let i = 0; i < n; i++) {
        if (i % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
        yield make(i);
      }
    }
    const [fromArray, fromGenerator, fromStream] = await Promise.all([encodeCrl(input(array)), encodeCrl(input(generate())), encodeCrl(input(stream()))]);
    expect(fromArray.length).toBeGreaterThan(0x10000); // three-octet lengths on the outer SEQUENCEs
    expect(fromGenerator.equals(fromArray)).toBe(true);
    expect(fromStream.equals(fromArray)).toBe(true);
    // (@peculiar/x509 refuses a CRL this size: "Maximum ASN.1 node count exceeded".)
    const revoked = children(fromArray, tbsFields(fromArray).fields[5]);
    expect(revoked).toHaveLength(n);
    const last = children(fromArray, revoked[n - 1]);
    expect(content(fromArray, last[0]).equals(array[n - 1].serial)).toBe(true);
  });

  it('does not keep a large mostly empty buffer behind a small CRL', async () => {
    function* one() {
      yield { serial: serial('01'), revokedAt: at('2026-01-01T00:00:00Z') };
    }
    const der = await encodeCrl(input(one())); // a stream: the writer starts with 1 MB
    // Its own memory, not a slice of the writer's megabyte nor of Node's shared Buffer pool (64 KiB since Node 24).
    expect(der.length).toBeLessThan(1000);
    expect(der.byteOffset).toBe(0);
    expect(der.buffer.byteLength).toBe(der.length);
  });

  it('makes PEM that parses back to the same DER', async () => {
    const der = await encodeCrl(input(Array.from({ length: 20 }, (_, i) => ({ serial: Buffer.from([i + 1]), revokedAt: at('2026-01-01T00:00:00Z') }))));
    const pem = crlToPem(der);
    const lines = pem.trimEnd().split('\n');
    expect(lines[0]).toBe('-----BEGIN X509 CRL-----');
    expect(lines.at(-1)).toBe('-----END X509 CRL-----');
    expect(lines.slice(1, -1).every((line) => line.length <= 64)).toBe(true);
    expect(Buffer.from(lines.slice(1, -1).join(''), 'base64').equals(der)).toBe(true);
    expect(Buffer.from(parse(pem).rawData).equals(der)).toBe(true);
  });

  describe('refuses bad input with a clear error', () => {
    const entry = (hex: string, extra: Partial<RevokedEntry> = {}): RevokedEntry => ({ serial: serial(hex), revokedAt: at('2026-01-01T00:00:00Z'), ...extra });
    const refuse = (crlInput: CrlInput, message: RegExp) => expect(encodeCrl(crlInput)).rejects.toThrow(message);

    it('duplicate serials, also when written with leading zeros, named in hex', async () => {
      await refuse(input([entry('0abc'), entry('01'), entry('0abc')]), /duplicate serial 0x0abc/);
      await refuse(input([entry('00000abc'), entry('0abc')]), /duplicate serial 0x0abc/);
      await expect(encodeCrl(input([entry('0abc')]))).resolves.toBeInstanceOf(Buffer);
      await expect(encodeCrl(input([entry('0abc')]))).resolves.toBeInstanceOf(Buffer); // no state kept between CRLs
    });

    it('serials that are zero, empty, too long or not a Buffer', async () => {
      await refuse(input([entry('0000')]), /serial 0x00 is not a positive integer/);
      await refuse(input([entry('')]), /not a positive integer/);
      await refuse(input([entry('01' + '00'.repeat(20))]), /serial 0x01(00){20} is longer than 20 octets/);
      await expect(encodeCrl(input([entry('00' + 'ff'.repeat(20))]))).resolves.toBeInstanceOf(Buffer); // 20 octets after the zero
      await refuse(input([{ serial: 'abcd' as unknown as Buffer, revokedAt: at('2026-01-01T00:00:00Z') }]), /needs a serial/);
      await refuse(input([null as unknown as RevokedEntry]), /needs a serial/);
    });

    it('removeFromCRL in a full CRL, and codes RFC 5280 does not define', async () => {
      await refuse(input([entry('01', { reason: CrlReason.removeFromCRL })]), /serial 0x01: reason removeFromCRL \(8\) is only allowed in delta CRLs/);
      await refuse(input([entry('01', { reason: 7 as CrlReason })]), /serial 0x01: 7 is not an RFC 5280 CRL reason code/);
      await refuse(input([entry('01', { reason: 11 as CrlReason })]), /11 is not an RFC 5280 CRL reason code/);
      await refuse(input([entry('01', { reason: -1 as CrlReason })]), /-1 is not an RFC 5280 CRL reason code/);
    });

    it('bad dates', async () => {
      await refuse(input([entry('01', { revokedAt: new Date(Number.NaN) })]), /revokedAt of serial 0x01 must be a valid Date/);
      await refuse(input([entry('02', { invalidityDate: new Date('1900-01-01T00:00:00Z') })]), /invalidityDate of serial 0x02 must be a valid Date in 1950–9999/);
      await refuse(input([], { nextUpdate: at('2026-03-01T00:00:00.900Z') }), /nextUpdate .* must be after thisUpdate/); // same second
      await refuse(input([], { nextUpdate: at('2026-02-01T00:00:00Z') }), /nextUpdate .* must be after thisUpdate/);
      await refuse(input([], { thisUpdate: new Date('x') }), /thisUpdate must be a valid Date/);
    });

    it('bad CRL-wide fields', async () => {
      await refuse(input([], { crlNumber: -1n }), /crlNumber must be a bigint in 0 … 2\^159−1/);
      await refuse(input([], { crlNumber: 2n ** 159n }), /at most 20 octets/);
      await refuse(input([], { crlNumber: 5 as unknown as bigint }), /crlNumber must be a bigint/);
      await expect(encodeCrl(input([], { crlNumber: 2n ** 159n - 1n }))).resolves.toBeInstanceOf(Buffer);
      await refuse(input([], { issuingDistributionPoint: 'not a url' }), /issuingDistributionPoint must be an absolute ASCII URL/);
      await refuse(input([], { issuingDistributionPoint: 'http://ex.test/ü' }), /absolute ASCII URL/);
      await refuse(input([], { issuerName: Buffer.from('CN=Test') }), /issuerName must be one DER-encoded Name/);
      await refuse(input([], { issuerName: Buffer.concat([ISSUER, Buffer.from([0])]) }), /issuerName/);
      await refuse(input([], { authorityKeyIdentifier: Buffer.alloc(0) }), /authorityKeyIdentifier must be the non-empty keyIdentifier/);
      await refuse(input(42 as unknown as RevokedEntry[]), /entries must be an Iterable or AsyncIterable/);
      await refuse(input([], { signer: { ...fakeSigner(), signatureAlgorithm: 'md5' as never } }), /signer must be a SigningKey with a known signatureAlgorithm/);
    });

    it('errors are CrlErrors, and a failing stream aborts the CRL', async () => {
      await expect(encodeCrl(input([entry('00')]))).rejects.toBeInstanceOf(CrlError);
      async function* failing() {
        yield entry('01');
        throw new Error('database went away');
      }
      const signer = fakeSigner();
      await refuse(input(failing(), { signer }), /database went away/);
      expect(signer.signed).toHaveLength(0);
    });
  });
});
