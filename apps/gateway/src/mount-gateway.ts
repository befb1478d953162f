import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Gateway } from './gateway';
import { GATEWAY_STYLESHEET } from './interaction/pages/stylesheet';
import { CARD_LOGIN_SCRIPT } from './card/card-login-script';

/**
 * Mounts the OpenID Provider at /oidc and the login pages' stylesheet and ID-card script, before the app starts
 * (oidc-provider is a Koa app and is mounted as middleware, as its documentation says for Express).
 */
export function mountGateway(app: NestExpressApplication, gateway: Gateway): void {
  const provider = gateway.provider.callback();
  // Each request's reads together: a code or a token comes with its grant and session in one statement.
  app.use('/oidc', (req: Parameters<typeof provider>[0], res: Parameters<typeof provider>[1]) => gateway.readsTogether(() => provider(req, res)));
  app.use('/login-assets/gateway.css', (_req: unknown, res: { setHeader(n: string, v: string): void; end(b: string): void }) => {
    res.setHeader('content-type', 'text/css; charset=utf-8');
    res.setHeader('cache-control', 'public, max-age=3600');
    res.end(GATEWAY_STYLESHEET);
  });
  app.use('/login-assets/card-login.js', (_req: unknown, res: { setHeader(n: string, v: string): void; end(b: string): void }) => {
    res.setHeader('content-type', 'text/javascript; charset=utf-8');
    res.setHeader('cache-control', 'public, max-age=3600');
    res.setHeader('x-content-type-options', 'nosniff');
    res.end(CARD_LOGIN_SCRIPT);
  });
}
