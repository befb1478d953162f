import * as x509 from '@peculiar/x509';
import * as pkijs from 'pkijs';
import { CliError } from '../output';
import { fetchBytes, post } from './platform-time-stamping';

const OCSP_NO_CHECK = '1.3.6.1.5.5.7.48.1.5';
const OCSP_SUCCESSFUL = 0;

export interface RevocationData {
  ocspResponses: Buffer[];
  crls: Buffer[];
  certificates: Buffer[];
}

/**
 * Validation data for a signature's certificates from the running platform: for each certificate its
 * issuer vouches for, an OCSP response from the responder its AIA names, or the CRL of its
 * distribution point when it names no responder (CA certificates) or the responder fails. URLs are
 * taken by their path against THEQA_URL, so that a platform reached through another address than its
 * public one (a proxy, a test) still answers. Self-signed anchors and `ocsp-nocheck` responders need none.
 */
export function platformRevocation(base: URL): (certificates: Buffer[]) => Promise<RevocationData> {
  return async (certificates) => {
    const parsed = certificates.map((der) => new x509.X509Certificate(new Uint8Array(der)));
    const data: RevocationData = { ocspResponses: [], crls: [], certificates: [] };
    const crlsFetched = new Set<string>();
    for (const certificate of parsed) {
      if (await certificate.isSelfSigned()) continue;
      if (certificate.getExtension(OCSP_NO_CHECK)) continue;
      const issuer = parsed.find((candidate) => candidate.subject === certificate.issuer && candidate !== certificate);
      const ocspUrl = accessLocation(certificate, x509.AuthorityInfoAccessExtension, 'ocsp');
      if (issuer && ocspUrl) {
        const response = await ocsp(base, ocspUrl, certificate, issuer).catch(() => undefined);
        if (response) {
          data.ocspResponses.push(response);
          continue;
        }
      }
      const crlUrl = distributionPoint(certificate);
      if (!crlUrl) throw new CliError(`no revocation information can be found for ${certificate.subject}: it names neither an OCSP responder its issuer is known for nor a CRL`, 'revocation-unavailable');
      if (crlsFetched.has(crlUrl)) continue;
      crlsFetched.add(crlUrl);
      data.crls.push(await fetchBytes(onPlatform(base, crlUrl)));
    }
    return data;
  };
}

async function ocsp(base: URL, url: string, certificate: x509.X509Certificate, issuer: x509.X509Certificate): Promise<Buffer> {
  const request = new pkijs.OCSPRequest();
  await request.createForCertificate(pkijs.Certificate.fromBER(certificate.rawData), { hashAlgorithm: 'SHA-1', issuerCertificate: pkijs.Certificate.fromBER(issuer.rawData) });
  const body = await post(onPlatform(base, url), 'application/ocsp-request', Buffer.from(request.toSchema(true).toBER()));
  const response = pkijs.OCSPResponse.fromBER(new Uint8Array(body));
  if (response.responseStatus.valueBlock.valueDec !== OCSP_SUCCESSFUL) throw new Error(`OCSP status ${response.responseStatus.valueBlock.valueDec}`);
  return body;
}

function accessLocation(certificate: x509.X509Certificate, type: typeof x509.AuthorityInfoAccessExtension, method: 'ocsp'): string | undefined {
  const extension = certificate.getExtension(type);
  return extension?.[method].find((name) => name.type === 'url')?.value;
}

function distributionPoint(certificate: x509.X509Certificate): string | undefined {
  const extension = certificate.getExtension(x509.CRLDistributionPointsExtension);
  for (const point of extension?.distributionPoints ?? []) {
    for (const name of point.distributionPoint?.fullName ?? []) if (name.uniformResourceIdentifier) return name.uniformResourceIdentifier;
  }
  return undefined;
}

function onPlatform(base: URL, url: string): URL {
  const { pathname, search } = new URL(url);
  return new URL(pathname + search, base);
}
