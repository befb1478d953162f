import { Module, type DynamicModule } from '@nestjs/common';
import { DevToolsController } from './dev-tools.controller';
import { DevicesController } from './devices.controller';
import { EnrolmentController } from './enrolment.controller';
import type { IdentityServices } from './identity-services';
import { IDENTITY_SERVICES } from './identity-services.token';

/** Enrolment, PIN reset and device challenges; the development tools only outside production. */
@Module({})
export class IdentityModule {
  static forRoot(services: IdentityServices, options: { development: boolean }): DynamicModule {
    return {
      module: IdentityModule,
      controllers: [EnrolmentController, DevicesController, ...(options.development ? [DevToolsController] : [])],
      providers: [{ provide: IDENTITY_SERVICES, useValue: services }],
    };
  }
}
