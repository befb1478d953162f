import { Module, type DynamicModule } from '@nestjs/common';
import { DeviceLoginController } from './devices/device-login.controller';
import type { Gateway } from './gateway';
import { GATEWAY } from './gateway.token';
import { LoginInteractionController } from './interaction/login-interaction.controller';
import { RelyingPartyKeysController } from './relying-party-keys.controller';

/**
 * The login pages and the wallet's login endpoints. The OpenID Provider itself is not a Nest
 * controller: the platform mounts `gateway.provider.callback()` under /oidc (see mountGateway).
 */
@Module({})
export class GatewayModule {
  static forRoot(gateway: Gateway): DynamicModule {
    return { module: GatewayModule, controllers: [LoginInteractionController, DeviceLoginController, RelyingPartyKeysController], providers: [{ provide: GATEWAY, useValue: gateway }] };
  }
}
