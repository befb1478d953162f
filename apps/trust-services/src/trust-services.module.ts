import { Module, type DynamicModule } from '@nestjs/common';
import type { CertificateAuthority } from '@theqa/ca-service';
import { AuthorityCertificatesController } from './authority-certificates.controller';
import { CrlController } from './crl.controller';
import { TsaController } from './tsa.controller';
import { CertificatesController, ISSUANCE_API_TOKEN } from './certificates.controller';
import type { IssuanceApiToken } from './issuance-api-token';
import { CERTIFICATE_AUTHORITY } from './certificate-authority.token';

/** The CA under /ca: public certificates, CRLs, time-stamps, token-protected issuance (OCSP has its own fast path, ocsp-http.ts). */
@Module({})
export class TrustServicesModule {
  static forRoot(ca: CertificateAuthority, issuanceToken: IssuanceApiToken): DynamicModule {
    return {
      module: TrustServicesModule,
      controllers: [AuthorityCertificatesController, CrlController, TsaController, CertificatesController],
      providers: [
        { provide: CERTIFICATE_AUTHORITY, useValue: ca },
        { provide: ISSUANCE_API_TOKEN, useValue: issuanceToken },
      ],
      exports: [CERTIFICATE_AUTHORITY],
    };
  }
}
