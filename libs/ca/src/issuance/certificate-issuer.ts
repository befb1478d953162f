import { hash } from 'node:crypto';
import type { SigningKey } from '@theqa/keys';
import { SIGNATURE_ALGORITHM_OF } from '@theqa/keys';
import { verifyCsr } from '../csr/certification-request';
import { readSubjectPublicKey, type SubjectPublicKey } from '../csr/public-key';
import { authoritySubject, describeName, encodeName, organizationSubject, type CitizenIdentity, type OrganizationIdentity } from '../names/distinguished-name';
import { CitizenSubjectCache, type CitizenSubject } from '../names/citizen-subject-cache';
import { keyAlgorithmAllowed, type CertificateProfile } from '../profiles/certificate-profile';
import type { ProfileCatalogue } from '../profiles/profile-catalogue';
import type { PlatformOids } from '../oids';
import { keyIdentifierOfBits, profileExtensions } from '../certificate/extensions';
import { CertificateTemplate, KEY_ID_BYTES } from '../certificate/certificate-template';
import { assertLintClean, lintCertificateFacts, lintTemplate, type CertificateFacts } from '../certificate/certificate-lint';
import { CaError } from '../errors/ca-error';
import type { Authority, AuthorityRegistry } from './authority';
import type { CaEventSink, CertificateLedger } from './certificate-ledger';
import { drawSerial, serialHex } from './serial-number';

export interface CitizenCertificateRequest {
  /** PKCS#10, DER or PEM; only its key is used, after its proof of possession is checked. */
  csr: Buffer | string;
  profile: string;
  identity: CitizenIdentity;
  /** For profiles valid "until card-expiry". */
  cardExpiry?: Date;
  /** Who asked (an administrator, the enrolment service…), for the audit log. */
  actor: string;
}

export interface IssuedCertificate {
  serialHex: string;
  der: Buffer;
  issuer: string;
  profile: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
}

export interface IssuerDependencies {
  profiles: ProfileCatalogue;
  authorities: AuthorityRegistry;
  ledger: CertificateLedger;
  events: CaEventSink;
  oids: PlatformOids;
  clock?: () => Date;
  random?: (n: number) => Buffer;
}

const DAY_MS = 86_400_000;
// Tolerates relying parties whose clocks run slightly behind.
const BACKDATE_MS = 60_000;
const MAX_SERIAL_ATTEMPTS = 3;

/** An issuance template with the issuer as the linter sees it. */
interface IssuanceTemplate {
  certificate: CertificateTemplate;
  issuer: CertificateFacts['issuer'];
}

/**
 * Issues certificates in small named steps: check the request, take the (issuer, profile) template —
 * encoded and linted once —, lint what this certificate adds, reserve its serial in the ledger, sign,
 * complete the record, report the event.
 */
export class CertificateIssuer {
  private readonly clock: () => Date;
  /** Templates of each (issuer, profile): every byte but the serial, validity, subject and key, encoded and linted once. */
  private readonly templates = new WeakMap<Authority, Map<string, IssuanceTemplate>>();
  private readonly subjects = new CitizenSubjectCache();

  constructor(private readonly deps: IssuerDependencies) {
    this.clock = deps.clock ?? (() => new Date());
  }

  async issueForCitizen(request: CitizenCertificateRequest): Promise<IssuedCertificate> {
    const profile = this.deps.profiles.get(request.profile);
    if (profile.subject !== 'citizen' || !profile.issuer) {
      throw new CaError('profile-invalid', `profile ${profile.name} does not issue citizen certificates`);
    }
    const { publicKey } = await verifyCsr(request.csr);
    checkKeyAllowed(profile, publicKey);
    const issuer = this.deps.authorities.get(profile.issuer);
    const subject = this.subjects.get(request.identity);
    return this.issue({ profile, issuer, subject, publicKey, cardExpiry: request.cardExpiry, actor: request.actor, civilNumber: request.identity.civilNumber });
  }

  /**
   * An organisation's seal certificate (ETSI EN 319 412-3): its key is one of the platform's key store
   * (software or PKCS#11), so possession is given; the subject is the organisation's registered identity.
   */
  async issueForOrganization(options: { profile: string; organization: OrganizationIdentity; key: SigningKey; actor: string }): Promise<IssuedCertificate> {
    const profile = this.deps.profiles.get(options.profile);
    if (profile.subject !== 'organization' || !profile.issuer) {
      throw new CaError('profile-invalid', `profile ${profile.name} does not issue organization certificates`);
    }
    const publicKey = await readSubjectPublicKey(options.key.publicKeySpki);
    checkKeyAllowed(profile, publicKey);
    const attributes = organizationSubject(options.organization);
    const subject = { attributes, der: encodeName(attributes), description: describeName(attributes) };
    return this.issue({ profile, issuer: this.deps.authorities.get(profile.issuer), subject, publicKey, actor: options.actor });
  }

  /** Certificates of the hierarchy itself (`ca init`): the key is the store's, so possession is given. */
  async issueForAuthority(options: {
    profile: string;
    subject: { CN: string; O?: string; C?: string };
    key: SigningKey;
    /** Absent for the self-signed root. */
    issuer?: Authority;
    actor: string;
  }): Promise<IssuedCertificate> {
    const profile = this.deps.profiles.get(options.profile);
    const publicKey = await readSubjectPublicKey(options.key.publicKeySpki);
    checkKeyAllowed(profile, publicKey);
    const attributes = authoritySubject(options.subject);
    const subject = { attributes, der: encodeName(attributes), description: describeName(attributes) };
    return this.issue({ profile, issuer: options.issuer, selfKey: options.key, subject, publicKey, actor: options.actor });
  }

  private async issue(input: {
    profile: CertificateProfile;
    issuer?: Authority;
    selfKey?: SigningKey;
    subject: CitizenSubject;
    publicKey: SubjectPublicKey;
    cardExpiry?: Date;
    civilNumber?: string;
    actor: string;
  }): Promise<IssuedCertificate> {
    const { profile, issuer, subject, publicKey } = input;
    const signer = issuer?.key ?? input.selfKey;
    if (!signer) throw new CaError('authority-not-ready', 'no issuer key');
    const { notBefore, notAfter } = this.validity(profile, issuer, input.cardExpiry);
    const template = issuer ? this.template(profile, issuer) : this.selfSignedTemplate(profile, signer, subject, notBefore, notAfter);
    const subjectKeyId = keyIdentifierOfBits(publicKey.keyBits);
    const issuerName = issuer?.name ?? 'self';

    for (let attempt = 1; ; attempt++) {
      const serial = drawSerial(this.deps.random);
      assertLintClean(lintCertificateFacts({ serial, profile, issuer: template.issuer, notBefore, notAfter, publicKey, subject: subject.attributes }));
      const unsigned = template.certificate.assemble({ serial, notBefore, notAfter, subjectDer: subject.der, spki: publicKey.spki, subjectKeyId });
      const serialText = serialHex(serial);
      try {
        await this.deps.ledger.reserve({
          serialHex: serialText,
          issuer: issuer?.name ?? profile.name,
          profile: profile.name,
          subject: subject.description,
          civilNumber: input.civilNumber,
          keyAlgorithm: publicKey.algorithm,
          spkiSha256: hash('sha256', publicKey.spki, 'buffer'),
          notBefore,
          notAfter,
        });
      } catch (error) {
        if (error instanceof CaError && error.code === 'serial-collision' && attempt < MAX_SERIAL_ATTEMPTS) continue;
        throw error;
      }
      const der = unsigned.complete(await signer.sign(unsigned.tbs));
      await this.deps.ledger.complete(serialText, der, this.clock());
      await this.deps.events.record({
        action: 'certificate.issued',
        actor: input.actor,
        subject: serialText,
        details: { issuer: issuerName, profile: profile.name, subject: subject.description, not_after: notAfter.toISOString(), key: publicKey.algorithm },
        ...(input.civilNumber ? { civilNumber: input.civilNumber } : {}),
      });
      return { serialHex: serialText, der, issuer: issuerName, profile: profile.name, subject: subject.description, notBefore, notAfter };
    }
  }

  private validity(profile: CertificateProfile, issuer: Authority | undefined, cardExpiry?: Date): { notBefore: Date; notAfter: Date } {
    const now = this.clock();
    const notBefore = new Date(Math.floor((now.getTime() - BACKDATE_MS) / 1000) * 1000);
    let notAfter: Date;
    if ('days' in profile.validity) {
      notAfter = new Date(notBefore.getTime() + profile.validity.days * DAY_MS - 1000);
    } else {
      if (!cardExpiry || Number.isNaN(cardExpiry.getTime())) throw new CaError('identity-invalid', `profile ${profile.name} needs the card's expiry date`);
      if (cardExpiry.getTime() <= now.getTime()) throw new CaError('identity-invalid', 'the card has expired');
      notAfter = new Date(Math.floor(cardExpiry.getTime() / 1000) * 1000);
    }
    // Dates compared by getTime(): `<` on two Dates goes through Symbol.toPrimitive, the slow generic path.
    if (issuer) {
      if (issuer.notAfter.getTime() <= now.getTime()) throw new CaError('authority-not-ready', `authority ${issuer.name} has expired`);
      // Never beyond the issuer: a certificate outliving its CA could not be validated.
      if (notAfter.getTime() > issuer.notAfter.getTime()) notAfter = issuer.notAfter;
      return { notBefore: notBefore.getTime() < issuer.notBefore.getTime() ? issuer.notBefore : notBefore, notAfter };
    }
    return { notBefore, notAfter };
  }

  private template(profile: CertificateProfile, issuer: Authority): IssuanceTemplate {
    let byProfile = this.templates.get(issuer);
    if (!byProfile) this.templates.set(issuer, (byProfile = new Map()));
    let template = byProfile.get(profile.name);
    if (!template) {
      const extensions = profileExtensions({
        profile,
        oids: this.deps.oids,
        subjectKeyId: Buffer.alloc(KEY_ID_BYTES),
        authorityKeyId: issuer.keyId,
        urls: issuer.urls,
        semantics: profile.subject === 'citizen' ? 'natural' : profile.subject === 'organization' ? 'legal' : undefined,
      });
      const facts = { name: issuer.name, nameDer: issuer.nameDer, notBefore: issuer.notBefore, notAfter: issuer.notAfter, selfSigned: false };
      template = this.linted(profile, facts, new CertificateTemplate(extensions, issuer.nameDer, SIGNATURE_ALGORITHM_OF[issuer.key.keyAlgorithm], issuer.key.keyAlgorithm));
      byProfile.set(profile.name, template);
    }
    return template;
  }

  /** The root's own certificate: issued once, so its template is not kept. */
  private selfSignedTemplate(profile: CertificateProfile, key: SigningKey, subject: CitizenSubject, notBefore: Date, notAfter: Date): IssuanceTemplate {
    const extensions = profileExtensions({ profile, oids: this.deps.oids, subjectKeyId: Buffer.alloc(KEY_ID_BYTES) });
    const facts = { name: 'self', nameDer: subject.der, notBefore, notAfter, selfSigned: true };
    return this.linted(profile, facts, new CertificateTemplate(extensions, subject.der, SIGNATURE_ALGORITHM_OF[key.keyAlgorithm], key.keyAlgorithm));
  }

  /** A template is linted for what the profile and issuer fix before it is used at all. */
  private linted(profile: CertificateProfile, issuer: CertificateFacts['issuer'], certificate: CertificateTemplate): IssuanceTemplate {
    assertLintClean(lintTemplate({ profile, issuer, extensions: certificate.extensions }));
    return { certificate, issuer };
  }
}

function checkKeyAllowed(profile: CertificateProfile, publicKey: SubjectPublicKey): void {
  if (!keyAlgorithmAllowed(profile, publicKey.algorithm)) {
    throw new CaError('csr-key-forbidden', `profile ${profile.name} does not accept ${publicKey.algorithm} keys (accepted: ${profile.keyAlgorithms.join(', ')})`);
  }
}
