import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { DATABASE, INSTALLATION, type Database, type Installation } from './database.provider';
import { COMPONENTS, type Components } from './health/component-health';
import { HealthController } from './health/health.controller';

/** Every Theqa app in one process; later issues import their app modules here. */
@Module({})
export class PlatformModule {
  static forRoot(database: Database, installation: Installation, components: Components, apps: Array<Type | DynamicModule> = []): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: apps,
      controllers: [HealthController],
      providers: [
        { provide: DATABASE, useValue: database },
        { provide: INSTALLATION, useValue: installation },
        { provide: COMPONENTS, useValue: components },
      ],
      exports: [DATABASE, INSTALLATION],
    };
  }
}
