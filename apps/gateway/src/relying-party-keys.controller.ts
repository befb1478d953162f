import { Controller, Get, Inject, NotFoundException, Param, ServiceUnavailableException } from '@nestjs/common';
import type { Gateway } from './gateway';
import { GATEWAY } from './gateway.token';
import { registeredKeys } from './oidc/registry-client-adapter';

/** A registered relying party's public keys (or those it publishes, as the gateway last read them), where its client metadata's jwks_uri points. */
@Controller('relying-parties')
export class RelyingPartyKeysController {
  constructor(@Inject(GATEWAY) private readonly gateway: Gateway) {}

  @Get(':clientId/jwks.json')
  async keys(@Param('clientId') clientId: string) {
    const rp = await this.gateway.activeRelyingParties.findActive(clientId);
    if (!rp) throw new NotFoundException('no such relying party');
    try {
      return await registeredKeys(rp, this.gateway.relyingPartyKeys);
    } catch {
      throw new ServiceUnavailableException("the relying party's published keys cannot be read now");
    }
  }
}
