import * as x509 from '@peculiar/x509';
import * as pkijs from 'pkijs';
import type { Authority } from '@theqa/ca';
import type { CertificateAuthority } from './certificate-authority';

const OCSP_NO_CHECK = '1.3.6.1.5.5.7.48.1.5';

export interface SignatureValidationData {
  ocspResponses: Buffer[];
  crls: Buffer[];
  certificates: Buffer[];
}

/**
 * What a PAdES signature needs of the platform's CA, in process: the chain of a certificate up to the
 * root, its status, signature and document time-stamps from the TSA, and the validation data of a
 * chain (B-LT): a fresh OCSP response from the issuer's responder for each end-entity certificate,
 * the issuer's CRL for each CA certificate. Only the platform's own certificates are vouched for;
 * a foreign one gets nothing (the validator then says why).
 */
export class SignatureTrust {
  constructor(private readonly ca: CertificateAuthority) {}

  /** The issuing CAs, leaf-most first, with the root. */
  chainOf(certificate: Buffer): Buffer[] {
    const chain: Buffer[] = [];
    let issuer = this.issuerOf(certificate);
    while (issuer && chain.length < 8) {
      chain.push(issuer.certificateDer);
      if (issuer.profile.name === 'root-ca' || selfIssued(issuer.certificateDer)) break;
      issuer = this.issuerOf(issuer.certificateDer);
    }
    return chain;
  }

  async certificateStatus(serialHex: string, at: Date): Promise<'good' | 'revoked' | 'unknown'> {
    const record = await this.ca.ledger.find(serialHex.toUpperCase());
    if (!record || !record.der) return 'unknown';
    if (record.status !== 'good') return 'revoked';
    const certificate = new x509.X509Certificate(new Uint8Array(record.der));
    return certificate.notBefore <= at && at < certificate.notAfter ? 'good' : 'revoked';
  }

  /** A time-stamp token over a SHA-256 imprint (signature time-stamps and document time-stamps). */
  timeStamp = (imprint: Buffer): Promise<Buffer> => this.ca.timeStampImprint(imprint);

  revocation = async (certificates: Buffer[]): Promise<SignatureValidationData> => {
    const data: SignatureValidationData = { ocspResponses: [], crls: [], certificates: [] };
    const crlsOf = new Set<string>();
    for (const der of certificates) {
      const issuer = this.issuerOf(der);
      if (!issuer || selfIssued(der)) continue;
      const certificate = new x509.X509Certificate(new Uint8Array(der));
      if (certificate.getExtension(OCSP_NO_CHECK)) continue;
      const basic = certificate.getExtension(x509.BasicConstraintsExtension);
      if (basic?.ca) {
        if (crlsOf.has(issuer.name)) continue;
        crlsOf.add(issuer.name);
        const crl = (await this.ca.crls.latest(issuer.name)) ?? (await this.ca.crls.publish(issuer.name));
        data.crls.push(crl.der);
        continue;
      }
      data.ocspResponses.push(await this.ca.ocsp.respond(await ocspRequest(der, issuer.certificateDer)));
    }
    return data;
  };

  private issuerOf(certificate: Buffer): Authority | undefined {
    const issuerName = Buffer.from(new x509.X509Certificate(new Uint8Array(certificate)).issuerName.toArrayBuffer());
    return this.ca.authorities.all().find((authority) => authority.profile.basicConstraints.ca && authority.nameDer.equals(issuerName));
  }
}

function selfIssued(der: Buffer): boolean {
  const certificate = new x509.X509Certificate(new Uint8Array(der));
  return Buffer.from(certificate.issuerName.toArrayBuffer()).equals(Buffer.from(certificate.subjectName.toArrayBuffer()));
}

async function ocspRequest(certificate: Buffer, issuer: Buffer): Promise<Buffer> {
  const request = new pkijs.OCSPRequest();
  await request.createForCertificate(pkijs.Certificate.fromBER(new Uint8Array(certificate)), { hashAlgorithm: 'SHA-1', issuerCertificate: pkijs.Certificate.fromBER(new Uint8Array(issuer)) });
  return Buffer.from(request.toSchema(true).toBER());
}
