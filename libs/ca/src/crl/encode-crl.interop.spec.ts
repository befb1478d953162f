import { crlToPem } from './crl-pem';
import { CrlReason, type CrlInput, type RevokedEntry } from './crl-types';
import { toolIsAvailable } from '@theqa/testing';
import { encodeCrl } from './encode-crl';
import { certtoolVerify, makeTestCa, opensslText, opensslVerify, writeCrl, type TestCa } from './test/openssl-ca';

/**
 * The CRLs must be accepted by the verifiers relying parties actually run: OpenSSL and GnuTLS, against a
 * CA made by the openssl CLI. Note `openssl crl -verify` exits 0 even on a bad signature, so the tests read
 * its "verify OK" / "verify failure" output.
 */
const HIGH_BIT_20 = 'c0' + '11'.repeat(19);
const PLAIN_20 = '7f' + '22'.repeat(19);

const ENTRIES: RevokedEntry[] = [
  { serial: Buffer.from('01', 'hex'), revokedAt: new Date('2026-01-02T03:04:05.678Z'), reason: CrlReason.keyCompromise },
  { serial: Buffer.from('ff', 'hex'), revokedAt: new Date('2026-01-03T00:00:00Z'), reason: CrlReason.superseded, invalidityDate: new Date('2025-12-31T23:59:59Z') },
  { serial: Buffer.from(HIGH_BIT_20, 'hex'), revokedAt: new Date('2026-01-04T00:00:00Z'), reason: CrlReason.aACompromise },
  { serial: Buffer.from(PLAIN_20, 'hex'), revokedAt: new Date('2026-01-05T00:00:00Z'), reason: CrlReason.cessationOfOperation },
  { serial: Buffer.from('00abcd', 'hex'), revokedAt: new Date('2026-01-06T00:00:00Z') },
  { serial: Buffer.from('0102', 'hex'), revokedAt: new Date('2026-01-07T00:00:00Z'), reason: CrlReason.certificateHold },
  { serial: Buffer.from('0103', 'hex'), revokedAt: new Date('2026-01-08T00:00:00Z'), reason: CrlReason.cACompromise },
  { serial: Buffer.from('0104', 'hex'), revokedAt: new Date('2026-01-09T00:00:00Z'), reason: CrlReason.affiliationChanged },
  { serial: Buffer.from('0105', 'hex'), revokedAt: new Date('2026-01-10T00:00:00Z'), reason: CrlReason.privilegeWithdrawn },
];

/** What `openssl crl -text` must list: serial (as openssl prints it) → reason text, or none. */
const EXPECTED_REASONS: Record<string, string | undefined> = {
  '01': 'Key Compromise',
  FF: 'Superseded',
  [HIGH_BIT_20.toUpperCase()]: 'AA Compromise',
  [PLAIN_20.toUpperCase()]: 'Cessation Of Operation',
  ABCD: undefined,
  '0102': 'Certificate Hold',
  '0103': 'CA Compromise',
  '0104': 'Affiliation Changed',
  '0105': 'Privilege Withdrawn',
};

/** Serial → reason (or undefined) as `openssl crl -text` prints them. */
function reasonsFromText(text: string): Record<string, string | undefined> {
  const reasons: Record<string, string | undefined> = {};
  for (const block of text.split(/^\s*Serial Number: /m).slice(1)) {
    const serial = block.split('\n')[0].trim();
    reasons[serial] = /X509v3 CRL Reason Code:\s*\n\s*(.+)/.exec(block)?.[1].trim();
  }
  return reasons;
}

function crlInput(ca: TestCa, entries: CrlInput['entries'], extra: Partial<CrlInput> = {}): CrlInput {
  const now = Date.now();
  // certtool refuses CRLs issued in the future or past their nextUpdate: keep "now" inside the window.
  return {
    issuerName: ca.name,
    signer: ca.signer,
    crlNumber: 42n,
    thisUpdate: new Date(now - 3_600_000),
    nextUpdate: new Date(now + 7 * 86_400_000),
    authorityKeyIdentifier: ca.keyId,
    entries,
    ...extra,
  };
}

// Both verifiers in every test; both asked, so that the run's closing line names each one missing.
const withVerifiers = [toolIsAvailable('openssl'), toolIsAvailable('certtool')].every(Boolean);
const describeWithVerifiers = withVerifiers ? describe : describe.skip;

describeWithVerifiers.each(['ec-p256', 'rsa-2048'] as const)('CRL signed by a %s CA', (kind) => {
  let ca: TestCa;
  beforeAll(() => {
    ca = makeTestCa(kind);
  });
  afterAll(() => ca?.remove());

  it('is verified by openssl and GnuTLS certtool, and openssl lists every serial with its reason', async () => {
    const der = await encodeCrl(crlInput(ca, ENTRIES, { issuingDistributionPoint: 'http://crl.theqa.test/root.crl' }));
    const derFile = writeCrl(ca, 'crl.der', der);
    expect(opensslVerify(ca, derFile).output.trim()).toBe('verify OK');
    const certtool = certtoolVerify(ca, writeCrl(ca, 'crl.pem', crlToPem(der)));
    expect(certtool.output).toMatch(/Verification output: Verified\./);
    expect(certtool.ok).toBe(true);

    const text = opensslText(ca, derFile).output;
    expect(reasonsFromText(text)).toEqual(EXPECTED_REASONS);
    expect(text).toMatch(/Invalidity Date:\s*\n\s*Dec 31 23:59:59 2025 GMT/);
    expect(text).toMatch(/X509v3 CRL Number:\s*\n\s*42/);
    expect(text).toMatch(/X509v3 Issuing Distribution Point: critical\s*\n\s*Full Name:\s*\n\s*URI:http:\/\/crl\.theqa\.test\/root\.crl/);
    const keyIdHex = ca.keyId.toString('hex').toUpperCase().match(/../g)!.join(':');
    expect(text).toContain(`X509v3 Authority Key Identifier: \n                ${keyIdHex}`);
  });

  it('an empty CRL (revokedCertificates omitted) verifies in both', async () => {
    const der = await encodeCrl(crlInput(ca, [], { crlNumber: 43n }));
    const derFile = writeCrl(ca, 'empty.der', der);
    expect(opensslVerify(ca, derFile).output.trim()).toBe('verify OK');
    expect(opensslText(ca, derFile).output).toContain('No Revoked Certificates.');
    const certtool = certtoolVerify(ca, writeCrl(ca, 'empty.pem', crlToPem(der)));
    expect(certtool.ok).toBe(true);
    expect(certtool.output).toMatch(/No revoked certificates\.[\s\S]*Verified\./);
  });

  it('a changed byte in an entry makes both verifications fail', async () => {
    const der = await encodeCrl(crlInput(ca, ENTRIES));
    const tampered = Buffer.from(der);
    tampered[tampered.indexOf(Buffer.from(PLAIN_20, 'hex')) + 5] ^= 0x01; // still well-formed DER
    const derFile = writeCrl(ca, 'tampered.der', tampered);
    expect(opensslText(ca, derFile).ok).toBe(true); // parses…
    expect(opensslVerify(ca, derFile).output).toMatch(/verify failure/); // …but the signature no longer holds
    expect(certtoolVerify(ca, writeCrl(ca, 'tampered.pem', crlToPem(tampered))).ok).toBe(false);
  });

  it('a 5,000-entry CRL (multi-octet lengths) verifies and lists every entry', async () => {
    async function* stream() {
      for (let i = 1; i <= 5000; i++) {
        const serial = Buffer.alloc(16, 0x5a);
        serial.writeUInt32BE(i, 12);
        yield { serial, revokedAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000), reason: i % 3 ? CrlReason.keyCompromise : undefined };
      }
    }
    const der = await encodeCrl(crlInput(ca, stream()));
    const derFile = writeCrl(ca, 'big.der', der);
    expect(opensslVerify(ca, derFile).output.trim()).toBe('verify OK');
    expect(opensslText(ca, derFile).output.match(/Serial Number: /g)).toHaveLength(5000);
    expect(certtoolVerify(ca, writeCrl(ca, 'big.pem', crlToPem(der))).ok).toBe(true);
  });
});
