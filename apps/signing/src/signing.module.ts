import { Module, type DynamicModule } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { DeviceSigningController } from './device-signing.controller';
import { RelyingPartyGuard } from './relying-party.guard';
import { SIGNING_APP, type SigningAppDependencies } from './signing-app-dependencies';
import { SigningRequestsController } from './signing-requests.controller';
import { UploadProblemsInterceptor } from './upload-problems.interceptor';
import { ValidationController } from './validation/validation.controller';

/** Document signing under /sign: the relying parties' API, the devices' routes, public validation. */
@Module({})
export class SigningModule {
  static forRoot(app: SigningAppDependencies): DynamicModule {
    return {
      module: SigningModule,
      imports: [
        // In memory (no `dest`), bounded: one file no larger than the service accepts, a few short fields.
        MulterModule.register({ limits: { fileSize: app.requests.maxDocumentBytes, files: 1, fields: 12, fieldSize: 4096, parts: 14 } }),
      ],
      controllers: [SigningRequestsController, DeviceSigningController, ValidationController],
      providers: [{ provide: SIGNING_APP, useValue: app }, RelyingPartyGuard, UploadProblemsInterceptor],
    };
  }
}
