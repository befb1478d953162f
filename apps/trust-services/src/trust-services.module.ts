import { Module, type DynamicModule } from '@nestjs/common';
import type { CertificateAuthority } from '@theqa/ca-service';
import { AuthorityCertificatesController } from './authority-certificates.controller';
import { CrlController } from './crl.controller';
import { TsaController } from './tsa.controller';
import { CERTIFICATE_AUTHORITY } from './certificate-authority.token';

/** The CA's public services under /ca: certificates, CRLs, time-stamps (OCSP has its own fast path, ocsp-http.ts). */
@Module({})
export class TrustServicesModule {
  static forRoot(ca: CertificateAuthority): DynamicModule {
    return {
      module: TrustServicesModule,
      controllers: [AuthorityCertificatesController, CrlController, TsaController],
      providers: [{ provide: CERTIFICATE_AUTHORITY, useValue: ca }],
      exports: [CERTIFICATE_AUTHORITY],
    };
  }
}
