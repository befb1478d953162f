/**
 * The card's signing certificate as the portal checks it before the card signs (SigningCertificates):
 * issued by the Citizen Signing CA under the card-qualified-signing profile, of the person logged in,
 * valid now, not revoked at the platform's OCSP responder; never a throw for what a browser sends.
 */
import { SigningCertificates } from '../src';
import { openTestAuthority, type TestAuthority } from '../src/testing';

const identity = { civilNumber: '90150021', givenName: 'Signing', surname: 'Card', fullName: 'Signing Card Holder' };
const other = { civilNumber: '90150022', givenName: 'Other', surname: 'Holder', fullName: 'Other Card Holder' };
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);

describe('the card signing certificate, checked before the card signs', () => {
  let ca: TestAuthority;
  let foreign: TestAuthority;
  let ocspAsked = 0;
  const checker = (authority: TestAuthority, clock?: () => Date) =>
    new SigningCertificates({
      trustAnchors: [authority.signingCa],
      requiredPolicies: authority.signingPolicies,
      ocsp: async (request) => {
        ocspAsked++;
        return authority.ocsp(request);
      },
      clock,
    });
  const signingCard = (authority: TestAuthority, who = identity, cardExpiry = inDays(30)) => authority.issueCard({ identity: who, cardExpiry, profile: 'card-qualified-signing' });

  beforeAll(async () => {
    [ca, foreign] = await Promise.all([openTestAuthority(), openTestAuthority()]);
  }, 60_000);

  it('the holder’s own qualified signing certificate passes, with its serial', async () => {
    const card = await signingCard(ca);
    const outcome = await checker(ca).check(card.der.toString('base64'), identity.civilNumber);
    expect(outcome).toMatchObject({ ok: true, serialHex: card.serialHex.toUpperCase() });
  });

  it('another person’s card: certificate-holder-mismatch, before OCSP is asked', async () => {
    const card = await signingCard(ca, other);
    ocspAsked = 0;
    expect(await checker(ca).check(card.der.toString('base64'), identity.civilNumber)).toMatchObject({ ok: false, code: 'certificate-holder-mismatch' });
    expect(ocspAsked).toBe(0);
  });

  it('the card’s authentication certificate is not a signing certificate (another issuer, then its purpose)', async () => {
    const card = await ca.issueCard({ identity, cardExpiry: inDays(30) });
    expect(await checker(ca).check(card.der.toString('base64'), identity.civilNumber)).toMatchObject({ ok: false, code: 'certificate-untrusted' });
    // Even were the authentication CA trusted for signing, its certificate has no non-repudiation.
    const lenient = new SigningCertificates({ trustAnchors: [ca.citizenCa], requiredPolicies: ca.signingPolicies, ocsp: ca.ocsp });
    expect(await lenient.check(card.der.toString('base64'), identity.civilNumber)).toMatchObject({ ok: false, code: 'certificate-purpose' });
  });

  it('a signing certificate without the qualified profile’s policies: certificate-policy', async () => {
    const card = await signingCard(ca);
    const stricter = new SigningCertificates({ trustAnchors: [ca.signingCa], requiredPolicies: [...ca.signingPolicies, '1.3.6.1.4.1.99999.1'], ocsp: ca.ocsp });
    expect(await stricter.check(card.der.toString('base64'), identity.civilNumber)).toMatchObject({ ok: false, code: 'certificate-policy' });
  });

  it('a certificate from another CA (same profile, same person) is untrusted', async () => {
    const card = await signingCard(foreign);
    expect(await checker(ca).check(card.der.toString('base64'), identity.civilNumber)).toMatchObject({ ok: false, code: 'certificate-untrusted' });
  });

  it('revoked at the CA: refused by OCSP', async () => {
    const card = await signingCard(ca);
    ca.revoke(card.serialHex);
    expect(await checker(ca).check(card.der.toString('base64'), identity.civilNumber)).toMatchObject({ ok: false, code: 'certificate-revoked' });
  });

  it('past the card’s expiry: certificate-expired', async () => {
    const card = await signingCard(ca, identity, inDays(2));
    expect(await checker(ca, () => inDays(3)).check(card.der.toString('base64'), identity.civilNumber)).toMatchObject({ ok: false, code: 'certificate-expired' });
  });

  it.each([
    ['not a string', 42],
    ['not base64', '%%%'],
    ['base64 of nothing DER', Buffer.from('hello').toString('base64')],
    ['too long', 'A'.repeat(30_000)],
    ['undefined', undefined],
  ])('what a browser may send instead (%s): certificate-invalid, no throw', async (_what, sent) => {
    expect(await checker(ca).check(sent, identity.civilNumber)).toMatchObject({ ok: false, code: 'certificate-invalid' });
  });
});
