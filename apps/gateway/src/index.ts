export { Gateway, GATEWAY_SIGNING_KEY_LABEL, type GatewayOptions } from './gateway';
export { GatewayModule } from './gateway.module';
export { mountGateway } from './mount-gateway';
export { GATEWAY_SECRETS_LABEL } from './oidc/gateway-secrets';
