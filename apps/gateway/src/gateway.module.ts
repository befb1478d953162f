import { Module, type DynamicModule } from '@nestjs/common';
import type { ConsentReceipts } from '@theqa/consent';
import { CONSENT_RECEIPTS, ConsentReceiptKeysController } from './consent-receipt-keys.controller';
import { DeviceLoginController } from './devices/device-login.controller';
import type { Gateway } from './gateway';
import { GATEWAY } from './gateway.token';
import { LoginInteractionController } from './interaction/login-interaction.controller';
import { RelyingPartyKeysController } from './relying-party-keys.controller';

/**
 * The login pages and the wallet's login endpoints, and the consent receipts' published keys when the
 * platform hands the receipts in. The OpenID Provider itself is not a Nest controller: the platform
 * mounts `gateway.provider.callback()` under /oidc (see mountGateway).
 */
@Module({})
export class GatewayModule {
  static forRoot(gateway: Gateway, options: { consentReceipts?: Pick<ConsentReceipts, 'publicKeys'> } = {}): DynamicModule {
    const receipts = options.consentReceipts;
    return {
      module: GatewayModule,
      controllers: [LoginInteractionController, DeviceLoginController, RelyingPartyKeysController, ...(receipts ? [ConsentReceiptKeysController] : [])],
      providers: [{ provide: GATEWAY, useValue: gateway }, ...(receipts ? [{ provide: CONSENT_RECEIPTS, useValue: receipts }] : [])],
    };
  }
}
