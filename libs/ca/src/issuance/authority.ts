import type { SigningKey } from '@theqa/keys';
import type { CertificateProfile } from '../profiles/certificate-profile';
import type { NameAttribute } from '../names/distinguished-name';
import { CaError } from '../errors/ca-error';

/** A certification authority as issuance sees it: its key, its certificate, and where its status services live. */
export interface Authority {
  name: string;
  profile: CertificateProfile;
  key: SigningKey;
  certificateDer: Buffer;
  subject: NameAttribute[];
  nameDer: Buffer;
  keyId: Buffer;
  notBefore: Date;
  notAfter: Date;
  /** Put into the AIA and CRL DP of every certificate this authority issues. */
  urls: { ocsp: string; caIssuers: string; crl: string };
}

/** The authorities of the hierarchy, by name. */
export class AuthorityRegistry {
  private readonly byName = new Map<string, Authority>();

  add(authority: Authority): void {
    this.byName.set(authority.name, authority);
  }

  get(name: string): Authority {
    const authority = this.byName.get(name);
    if (!authority) throw new CaError('authority-unknown', `no certification authority named "${name}"`);
    return authority;
  }

  find(name: string): Authority | undefined {
    return this.byName.get(name);
  }

  all(): Authority[] {
    return [...this.byName.values()];
  }
}

/** The URLs of one authority's status services under the platform's public base URL. */
export function authorityUrls(baseUrl: string, name: string): Authority['urls'] {
  const base = baseUrl.replace(/\/$/, '');
  return { ocsp: `${base}/ca/ocsp`, caIssuers: `${base}/ca/certs/${name}.crt`, crl: `${base}/ca/crl/${name}.crl` };
}
