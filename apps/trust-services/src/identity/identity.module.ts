import { Module, type DynamicModule } from '@nestjs/common';
import { DevToolsController } from './dev-tools.controller';
import { DevicesController } from './devices.controller';
import { EnrolmentController } from './enrolment.controller';
import type { DevelopmentTools, IdentityServices } from './identity-services';
import { UpgradesController } from './upgrades.controller';
import { DEVELOPMENT_TOOLS, IDENTITY_SERVICES } from './identity-services.token';

/** Enrolment, PIN reset, device challenges and the wallet's side of the upgrade to HIGH; the development tools only when the platform provides them. */
@Module({})
export class IdentityModule {
  static forRoot(services: IdentityServices, options: { developmentTools?: DevelopmentTools }): DynamicModule {
    const { developmentTools } = options;
    return {
      module: IdentityModule,
      controllers: [EnrolmentController, DevicesController, UpgradesController, ...(developmentTools ? [DevToolsController] : [])],
      providers: [{ provide: IDENTITY_SERVICES, useValue: services }, ...(developmentTools ? [{ provide: DEVELOPMENT_TOOLS, useValue: developmentTools }] : [])],
    };
  }
}
