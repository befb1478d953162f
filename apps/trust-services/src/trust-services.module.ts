import { Module, type DynamicModule } from '@nestjs/common';
import type { CertificateAuthority } from '@theqa/ca-service';
import type { CivilRegistry } from '@theqa/integrations';
import { AuthorityCertificatesController } from './authority-certificates.controller';
import { CrlController } from './crl.controller';
import { TsaController } from './tsa.controller';
import { CertificatesController } from './certificates.controller';
import type { IssuanceApiToken } from './issuance-api-token';
import { ISSUANCE, type IssuanceDependencies } from './issuance-contract';
import { ISSUANCE_API_TOKEN, IssuanceTokenGuard } from './issuance-token.guard';
import { CERTIFICATE_AUTHORITY } from './certificate-authority.token';

/**
 * The CA under /ca: public certificates, CRLs, time-stamps, token-protected issuance whose subjects
 * come from the civil registry (OCSP has its own fast path, ocsp-http.ts).
 */
@Module({})
export class TrustServicesModule {
  static forRoot(ca: CertificateAuthority, issuanceToken: IssuanceApiToken, registry: CivilRegistry): DynamicModule {
    const issuance: IssuanceDependencies = { ca, registry };
    return {
      module: TrustServicesModule,
      controllers: [AuthorityCertificatesController, CrlController, TsaController, CertificatesController],
      providers: [
        { provide: CERTIFICATE_AUTHORITY, useValue: ca },
        { provide: ISSUANCE_API_TOKEN, useValue: issuanceToken },
        { provide: ISSUANCE, useValue: issuance },
        IssuanceTokenGuard,
      ],
      exports: [CERTIFICATE_AUTHORITY],
    };
  }
}
